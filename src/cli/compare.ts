import type { Comparison, Evidence, LoadedStory } from '../compare/index.js';
import { inert } from './format.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** How many rows of each list the terminal view shows (the JSON has them all). */
const SHOW = { facts: 15, terms: 8, voices: 6, labels: 10, excerpt: 110 } as const;

/** `dossier compare STORY`: loads the story, compares its outlets, prints text or one JSON object. */
export async function runCompare(
  store: import('../store/store.js').Store,
  id: string,
  o: { outlets?: string; json?: boolean },
): Promise<{ found: boolean }> {
  const { compareStory, corpusBackground, loadStoryArticles } = await import('../compare/index.js');
  const outlets = (o.outlets ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const loaded = await loadStoryArticles(store, id, outlets);
  if (!loaded) return { found: false };
  if (loaded.articles.length === 0) {
    const { DossierError } = await import('../errors.js');
    throw new DossierError(
      'E_NOT_FOUND',
      `no article of ${outlets.join(', ')} in story ${loaded.story.id}; its outlets: ${loaded.story.outlets.join(', ') || 'none named'}`,
    );
  }
  const background = await corpusBackground(store);
  const comparison = compareStory({ articles: loaded.articles, duplicates: loaded.story.duplicates, background });
  if (o.json) out(JSON.stringify({ story: loaded.story.id, label: loaded.story.label, ...comparison }));
  else printComparison(loaded, comparison);
  return { found: true };
}

function printComparison(loaded: LoadedStory, c: Comparison): void {
  const bodies = new Map(loaded.articles.map((a) => [a.id, a.body]));
  const cite = (e: Evidence | undefined) => {
    if (!e) return '';
    const text = (bodies.get(e.article) ?? '').slice(e.start, e.end).replace(/\s+/g, ' ');
    const short = text.length > SHOW.excerpt ? `${text.slice(0, SHOW.excerpt - 1)}…` : text;
    return `[${e.article.slice(0, 8)}@${e.start}] ${inert(short)}`;
  };
  out(`story    ${loaded.story.id}  ${inert(loaded.story.label)}`);
  out(`outlets  ${c.outlets.map(inert).join(', ')} (${loaded.articles.length} articles)`);
  if (c.outlets.length < 2) out('only one outlet carries this story: nothing to compare it with');

  out('');
  out('timing');
  c.timing.order.forEach((t, i) => {
    const after = t.hoursAfterFirst === null ? 'undated' : i === 0 ? 'first' : `+${t.hoursAfterFirst} h`;
    out(`  ${after.padEnd(10)} ${inert(t.outlet)}  ${t.article.slice(0, 16)}  ${t.published ?? ''}`);
  });
  for (const g of c.timing.copies) {
    if (g.original && g.copiers.length)
      out(
        `  copied     ${inert(g.original.outlet ?? 'unknown outlet')}'s ${g.original.article.slice(0, 16)} by ${g.copiers.map(inert).join(', ')}`,
      );
  }

  const shared = c.facts.filter((f) => f.outlets.length > 1 && f.kind !== 'entity');
  out('');
  out(`coverage (${c.facts.length} facts; ${shared.length} carried by two outlets or more, not counting entities)`);
  const mark = { carried: '●', different: '◐', absent: '·' } as const;
  out(`  ${c.outlets.map((o, i) => `${String.fromCharCode(65 + i)}=${inert(o)}`).join('  ')}`);
  for (const f of shared.slice(0, SHOW.facts)) {
    const cells = c.outlets.map((o) => mark[f.cells[o]?.state ?? 'absent']).join(' ');
    const notes = c.outlets
      .map((o, i) => (f.cells[o]?.note ? `${String.fromCharCode(65 + i)}: ${f.cells[o]?.note}` : ''))
      .filter(Boolean)
      .join('; ');
    const label = f.label.length > 80 ? `${f.label.slice(0, 79)}…` : f.label;
    out(`  ${cells}  ${f.kind.padEnd(9)} ${inert(label)}${notes ? `  (${inert(notes)})` : ''}`);
  }
  out('  ● carried  ◐ carried differently  · absent');

  for (const s of c.byOutlet) {
    out('');
    out(`${inert(s.outlet)}  (${s.articles.length} article${s.articles.length === 1 ? '' : 's'})`);
    const tone = s.tone
      ? `${s.tone.mean >= 0 ? '+' : ''}${s.tone.mean.toFixed(3)} over ${s.tone.sentences} sentences`
      : 'none';
    out(`  tone (lexicon-based)  ${tone}`);
    out(`  exclusives ${s.exclusives.length}, omissions ${s.omissions.length}`);
    const byId = new Map(c.facts.map((f) => [f.id, f]));
    for (const id of s.omissions.filter((x) => !x.startsWith('entity:')).slice(0, 3)) {
      const f = byId.get(id);
      if (f) out(`    omits     ${f.kind} ${inert(f.label.slice(0, 90))}`);
    }
    for (const id of s.exclusives.filter((x) => x.startsWith('quote:') || x.startsWith('amount:')).slice(0, 3)) {
      const f = byId.get(id);
      if (f) out(`    only here ${f.kind} ${inert(f.label.slice(0, 90))}  ${cite(f.cells[s.outlet]?.evidence[0])}`);
    }
    if (s.framing.length)
      out(
        `  framing  ${s.framing
          .slice(0, SHOW.terms)
          .map((t) => `${inert(t.term)} (z ${t.z.toFixed(1)})`)
          .join(', ')}`,
      );
    for (const v of s.voices.slice(0, SHOW.voices)) {
      const who = `${inert(v.speaker)} [${v.type}${v.country ? `, ${inert(v.country)}` : ''}]`;
      out(
        `  voice    ${Math.round(v.share * 100)}% ${who}: ${v.direct} direct, ${v.paraphrased} paraphrased  ${cite(v.evidence[0])}`,
      );
    }
  }

  if (c.referents.length) {
    out('');
    out('labels for the same referent');
    for (const r of c.referents.slice(0, SHOW.labels)) {
      out(`  ${inert(r.key)}`);
      for (const [outlet, labels] of Object.entries(r.labels)) {
        out(
          `    ${inert(outlet).padEnd(24)} ${labels
            .slice(0, 4)
            .map((l) => `${inert(l.label)} ×${l.count}`)
            .join(', ')}  ${cite(labels[0]?.evidence[0])}`,
        );
      }
    }
  }
  out('');
  out(`tone: ${c.toneMethod}`);
}
