/**
 * Readers for the link-stage benchmark folders, read in place:
 * BASIL (`articles/<year>/<triplet>_<n>.json`, DEV triplets only) and NeuS
 * AllSides (`train.source` + `val.source`, three outlet items a line).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One benchmark article with the gold story (event) it belongs to. */
export interface GoldDoc {
  id: string;
  story: string;
  outlet: string | null;
  title: string;
  /** Paragraphs of the body. */
  paragraphs: string[];
  /** Published instant (ms, UTC) or null. */
  published: number | null;
}

interface BasilArticle {
  source: string;
  title: string;
  date?: string;
  uuid: string;
  'triplet-uuid': string;
  'body-paragraphs': string[][];
}

/** BASIL DEV: the triplets listed in `dev_triplet_ids.txt` only. */
export function loadBasil(dir: string): GoldDoc[] {
  const idsFile = join(dir, 'dev_triplet_ids.txt');
  if (!existsSync(idsFile)) throw new Error(`${dir}: no dev_triplet_ids.txt (not a BASIL DEV folder)`);
  const dev = new Set(readFileSync(idsFile, 'utf8').split(/\s+/).filter(Boolean));
  const docs: GoldDoc[] = [];
  const root = join(dir, 'articles');
  for (const year of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, year)).sort()) {
      if (!file.endsWith('.json')) continue;
      const a = JSON.parse(readFileSync(join(root, year, file), 'utf8')) as BasilArticle;
      if (!dev.has(a['triplet-uuid'])) continue;
      const t = a.date ? Date.parse(`${a.date}T12:00:00Z`) : Number.NaN;
      docs.push({
        id: file.replace(/\.json$/, ''), // a few uuids are the placeholder "empty"
        story: a['triplet-uuid'],
        outlet: a.source.toLowerCase(),
        title: a.title.trim(),
        paragraphs: a['body-paragraphs'].map((p) => p.join(' ').trim()).filter(Boolean),
        published: Number.isNaN(t) ? null : t,
      });
    }
  }
  return docs;
}

const ITEM = /^\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)$/s;

/** NeuS DEV: every outlet item of `train.source` and `val.source`; the story is the split and line number. */
export function loadNeus(dir: string): GoldDoc[] {
  const docs: GoldDoc[] = [];
  for (const split of ['train', 'val']) {
    const file = join(dir, `${split}.source`);
    if (!existsSync(file)) throw new Error(`${dir}: no ${split}.source (not a NeuS DEV folder)`);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (!line.trim()) return;
      line.split(' [SEP] ').forEach((item, k) => {
        const m = ITEM.exec(item);
        const title = (m?.[1] ?? '').replace(/\.$/, '');
        const body = m?.[2] ?? item;
        docs.push({
          id: `${split}-${n}-${k}`,
          story: `${split}-${n}`,
          outlet: null,
          title,
          paragraphs: [body],
          published: null,
        });
      });
    });
  }
  return docs;
}

/** Article-extraction DEV ground truth: bodies only (no title, no date); the story is the page id. */
export function loadExtractionTexts(dir: string): GoldDoc[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth-dev.json'), 'utf8')) as Record<
    string,
    { articleBody?: string | null; url?: string }
  >;
  return Object.keys(truth)
    .sort()
    .flatMap((id) => {
      const body = truth[id]?.articleBody ?? '';
      const paragraphs = body
        .split(/\n+/)
        .map((p) => p.trim())
        .filter(Boolean);
      if (!paragraphs.length) return [];
      const host = (truth[id]?.url ?? '').replace(/^https?:\/\/(?:www\.)?([^/]+).*$/, '$1') || null;
      return [{ id, story: id, outlet: host, title: paragraphs[0]?.slice(0, 90) ?? '', paragraphs, published: null }];
    });
}
