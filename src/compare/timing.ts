/**
 * Timing: which outlet reported first, who followed and how much later, and
 * who copied whom (from the story's near-duplicate groups).
 */
import type { CompareArticle, DuplicateGroupInput, Timing } from './types.js';

const HOUR = 3_600_000;

/** Milliseconds since the epoch of an ISO date, null when it does not parse. */
function instant(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** Outlets ordered by their first dated article; the near-duplicate groups restricted to the compared articles. */
export function timingOf(articles: readonly CompareArticle[], duplicates: readonly DuplicateGroupInput[]): Timing {
  const firstBy = new Map<string, { article: string; published: string | null; t: number | null }>();
  for (const a of articles) {
    const t = instant(a.published);
    const cur = firstBy.get(a.outlet);
    if (!cur || (t !== null && (cur.t === null || t < cur.t)))
      firstBy.set(a.outlet, { article: a.id, published: a.published, t });
  }
  const entries = [...firstBy].sort(([oa, a], [ob, b]) => (a.t ?? Infinity) - (b.t ?? Infinity) || (oa < ob ? -1 : 1));
  const t0 = entries[0]?.[1].t ?? null;
  const order = entries.map(([outlet, f]) => ({
    outlet,
    article: f.article,
    published: f.published,
    hoursAfterFirst: f.t !== null && t0 !== null ? Math.round(((f.t - t0) / HOUR) * 10) / 10 : null,
  }));
  const ids = new Set(articles.map((a) => a.id));
  const copies = duplicates
    .filter((g) => g.members.some((m) => ids.has(m.id)))
    .map((g) => {
      const first = g.first ? g.members.find((m) => m.id === g.first) : undefined;
      return {
        original: first ? { article: first.id, outlet: first.outlet } : null,
        copiers: [...g.copiedBy],
        members: g.members.map((m) => m.id),
      };
    });
  return { order, copies };
}
