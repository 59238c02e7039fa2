import { type Command, Option } from 'commander';
import type { ArticlePick, CompareArticle, Comparison, Evidence } from '../compare/index.js';
import type { OutletProfile, Tally } from '../compare/profile.js';
import { DossierError } from '../errors.js';
import { DEFAULT_DB, type Store } from '../store/index.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';
import { positiveInt } from './parse.js';
import { withReadStore } from './read-store.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** How many rows of each list the terminal view shows (the JSON has them all). */
const SHOW = { facts: 15, terms: 8, voices: 6, labels: 10, excerpt: 110 } as const;

/**
 * `dossier compare STORY`, `dossier outlet NAME` and `dossier outlets --vs A B`:
 * how outlets cover one story, and an outlet's coverage over many. The analyze
 * stage and the tone lexicon are loaded only when one of them runs.
 */
export function registerCompareCommands(program: Command, setStatus: (status: number) => void): void {
  const dbOption = () =>
    new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
      .env('DOSSIER_DB')
      .default(DEFAULT_DB);

  program
    .command('compare')
    .description('how each outlet covers one story: coverage matrix, framing terms, labels, voices, timing, tone')
    .argument('[story]', 'story id (a unique prefix is enough; list them with dossier stories)')
    .addOption(dbOption())
    .option('--outlets <names>', 'only these outlets, comma-separated (e.g. RT,Reuters)')
    .option(
      '--articles <ids>',
      'compare these articles instead of a story: ID or ID=OUTLET, comma-separated (e.g. 0bb4=RT,f330)',
    )
    .option('--json', 'print one JSON object; every cell, term and voice with article ids and sentence offsets')
    .action(async (id: string | undefined, o: { db: string; outlets?: string; articles?: string; json?: boolean }) => {
      if ((id === undefined) === (o.articles === undefined))
        throw new DossierError('E_USAGE', 'dossier compare: give a story id or --articles, not both and not neither');
      setStatus(
        await withReadStore(o.db, async (store) => {
          if (o.articles !== undefined) await runCompareArticles(store, parsePicks(o.articles), o);
          else if (!(await runCompare(store, id as string, o)).found)
            throw new DossierError('E_NOT_FOUND', `no story with id ${id} (list ids with: dossier stories)`);
          return EXIT.ok;
        }),
      );
    });

  program
    .command('outlet')
    .description(
      "an outlet's coverage over the stories it shares with others: voices, framing, labels, exclusives, timing",
    )
    .argument('<name>', 'outlet name as the stories list it')
    .addOption(dbOption())
    .option('--stories <n>', 'compare at most this many of its stories (largest first)', positiveInt, 20)
    .option('--json', 'print one JSON object')
    .action(async (name: string, o: { db: string; stories: number; json?: boolean }) => {
      setStatus(
        await withReadStore(o.db, async (store) => {
          const { outletProfile } = await import('../compare/profile.js');
          const { compareStoriesOf } = await import('../compare/outlets.js');
          const { outlet, comparisons } = await compareStoriesOf(store, name, null, o.stories);
          const profile = outletProfile(outlet, comparisons);
          if (o.json) out(JSON.stringify(profile));
          else printProfile(profile);
          return EXIT.ok;
        }),
      );
    });
}

/** `dossier outlets --vs A B`: two outlets side by side over the stories both covered. */
export async function runVersus(store: Store, names: readonly string[], o: { stories: number; json?: boolean }) {
  if (names.length !== 2) throw new DossierError('E_OPTION', '--vs takes exactly two outlet names');
  const { versus } = await import('../compare/profile.js');
  const [first, second] = names as [string, string];
  const { compareStoriesOf } = await import('../compare/outlets.js');
  const { outlet: a, other: b, comparisons } = await compareStoriesOf(store, first, second, o.stories);
  const v = versus(a, b ?? second, comparisons);
  if (o.json) {
    out(JSON.stringify(v));
    return;
  }
  out(`${inert(a)} vs ${inert(b ?? second)}: ${storiesCount(v.a.stories.length)} shared`);
  out(
    `  facts (statements, quotes, amounts): both ${v.facts.both}, only ${inert(a)} ${v.facts.onlyA}, only ${inert(b ?? second)} ${v.facts.onlyB}, carried differently ${v.facts.different}`,
  );
  for (const l of v.labels.slice(0, SHOW.labels))
    out(
      `  ${inert(l.key)}: ${l.a.slice(0, 3).map(inert).join(', ')}  |  ${l.b.slice(0, 3).map(inert).join(', ')}  (${l.story})`,
    );
  out('');
  printProfile(v.a);
  out('');
  printProfile(v.b);
}

function printProfile(p: OutletProfile): void {
  const tally = (t: Tally) => `${inert(t.name)} (${t.count}${t.stories > 1 ? `, ${t.stories} stories` : ''})`;
  out(`${inert(p.outlet)}: ${storiesCount(p.stories.length)} shared with other outlets`);
  const after =
    p.medianHoursAfterFirst === null
      ? 'no dated report after the first'
      : `median ${p.medianHoursAfterFirst} h after the first report otherwise`;
  out(`  first in ${p.first} of ${p.stories.length}; ${after}`);
  out(`  exclusives ${p.exclusives}, omissions ${p.omissions}; tone (lexicon-based) ${p.tone ?? '-'}`);
  if (p.voices.length) out(`  voices   ${p.voices.slice(0, SHOW.voices).map(tally).join(', ')}`);
  if (p.framing.length) out(`  framing  ${p.framing.slice(0, SHOW.terms).map(tally).join(', ')}`);
  if (p.labels.length) out(`  labels   ${p.labels.slice(0, SHOW.labels).map(tally).join(', ')}`);
}

/** `dossier compare STORY`: loads the story, compares its outlets, prints text or one JSON object. */
export async function runCompare(
  store: Store,
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
    throw new DossierError(
      'E_NOT_FOUND',
      `no article of ${outlets.join(', ')} in story ${loaded.story.id}; its outlets: ${loaded.story.outlets.join(', ') || 'none named'}`,
    );
  }
  const background = await corpusBackground(store);
  const comparison = compareStory({ articles: loaded.articles, duplicates: loaded.story.duplicates, background });
  if (o.json) out(JSON.stringify({ story: loaded.story.id, label: loaded.story.label, ...comparison }));
  else printComparison(`story    ${loaded.story.id}  ${inert(loaded.story.label)}`, loaded.articles, comparison);
  return { found: true };
}

/** `--articles 0bb4=RT,f330`: ids, each with the outlet to show it under when one is given. */
export function parsePicks(value: string): ArticlePick[] {
  const picks = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const at = item.indexOf('=');
      const id = (at < 0 ? item : item.slice(0, at)).trim();
      const outlet = at < 0 ? undefined : item.slice(at + 1).trim();
      if (!id || outlet === '')
        throw new DossierError(
          'E_OPTION',
          `--articles: '${item}' is not ID or ID=OUTLET (an article id and an outlet name)`,
        );
      return outlet === undefined ? { id } : { id, outlet };
    });
  if (picks.length < 2)
    throw new DossierError('E_OPTION', `--articles: give two article ids or more, got ${picks.length}`);
  return picks;
}

/** `dossier compare --articles A,B,...`: compares chosen articles, whichever stories hold them. */
export async function runCompareArticles(
  store: Store,
  picks: readonly ArticlePick[],
  o: { outlets?: string; json?: boolean },
): Promise<void> {
  const { compareStory, corpusBackground, loadArticles } = await import('../compare/index.js');
  const wanted = new Set(
    (o.outlets ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const articles = (await loadArticles(store, picks)).filter((a) => !wanted.size || wanted.has(a.outlet.toLowerCase()));
  const comparison = compareStory({ articles, background: await corpusBackground(store) });
  if (o.json) out(JSON.stringify({ story: null, label: null, articles: articles.map((a) => a.id), ...comparison }));
  else printComparison(`articles ${articles.map((a) => a.id.slice(0, 8)).join(', ')}`, articles, comparison);
}

function printComparison(header: string, articles: readonly CompareArticle[], c: Comparison): void {
  const bodies = new Map(articles.map((a) => [a.id, a.body]));
  // a long sentence is cut to the excerpt, around `focus` (a label, a speaker) when the cut would hide it
  const cite = (e: Evidence | undefined, focus?: string) => {
    if (!e) return '';
    const text = (bodies.get(e.article) ?? '').slice(e.start, e.end).replace(/\s+/g, ' ');
    const at = focus ? text.indexOf(focus) : -1;
    const cut = at + (focus?.length ?? 0) > SHOW.excerpt - 1 ? Math.max(0, at - SHOW.excerpt / 3) : 0;
    // start at a word: after the first space from the cut, when one comes before the focus
    const space = text.indexOf(' ', cut);
    const from = cut && space >= 0 && space < at ? space + 1 : cut;
    const part = text.slice(from, from + SHOW.excerpt - (from ? 2 : 1));
    const short = `${from ? '…' : ''}${part}${from + part.length < text.length ? '…' : ''}`;
    return `[${e.article.slice(0, 8)}@${e.start}] ${inert(short)}`;
  };
  out(header);
  out(`outlets  ${c.outlets.map(inert).join(', ')} (${articles.length} articles)`);
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
    for (const b of s.biasCandidates.slice(0, 3)) out(`    bias?     p ${b.probability.toFixed(2)}  ${cite(b)}`);
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
    const shown = [
      ...c.referents.filter((r) => r.kind === 'name').slice(0, SHOW.labels),
      ...c.referents.filter((r) => r.kind === 'group').slice(0, SHOW.labels),
    ];
    for (const r of shown) {
      out(`  ${inert(r.key)}${r.kind === 'group' ? '  (group nouns)' : ''}`);
      for (const [outlet, labels] of Object.entries(r.labels)) {
        out(
          `    ${inert(outlet).padEnd(24)} ${labels
            .slice(0, 4)
            .map((l) => `${inert(l.label)} ×${l.count}`)
            .join(', ')}  ${cite(labels[0]?.evidence[0], labels[0]?.label)}`,
        );
      }
    }
  }
  out('');
  out(`tone: ${c.toneMethod}`);
  if (c.biasMethod) out(`bias?: ${c.biasMethod}`);
}

/** `1 story`, `3 stories`. */
function storiesCount(n: number): string {
  return `${n} ${n === 1 ? 'story' : 'stories'}`;
}
