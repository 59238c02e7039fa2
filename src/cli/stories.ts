import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { DossierError, messageOf } from '../errors.js';
import type { LinkRunSummary } from '../linking.js';
import { DEFAULT_DB, isPostgresUrl, openStore, type Store } from '../store/index.js';
import type { StoryDetail, StoryFilter } from '../store/store.js';
import type { IngestSummary } from '../types.js';
import { positiveInt } from './parse.js';
import { EXIT, isDiskFull } from './exit.js';
import { withReadStore } from './read-store.js';
import { inert } from './format.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `dossier stories`, `dossier story ID` and `dossier link`: the link stage's
 * stories and duplicate groups as the store holds them, and the command that
 * (re)computes them. `dossier ingest` links by itself (see `linkAfterIngest`).
 */
export function registerStoryCommands(program: Command, setStatus: (status: number) => void): void {
  const dbOption = () =>
    new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
      .env('DOSSIER_DB')
      .default(DEFAULT_DB);

  program
    .command('stories')
    .description('list stories (articles about one event), most articles first')
    .addOption(dbOption())
    .option('--outlet <name>', 'only stories this outlet carried')
    .option('--since <date>', 'stories still running on or after this date (YYYY-MM-DD)')
    .option('--until <date>', 'stories begun on or before this date (YYYY-MM-DD)')
    .option('--min-articles <n>', 'only stories with at least this many articles', positiveInt, 1)
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print JSON lines: {id, label, first, last, articles, duplicates, entities}')
    .action(async (o) => {
      setStatus(
        await withReadStore(
          o.db,
          async (store) => {
            const filter: StoryFilter = {
              outlet: o.outlet,
              since: o.since,
              until: o.until,
              minArticles: o.minArticles,
            };
            const stories = await store.listStories(filter, o.limit);
            for (const s of stories) {
              if (o.json) {
                const detail = await store.getStory(s.id);
                if (detail) out(JSON.stringify(storyLine(detail)));
              } else {
                const dates = `${day(s.first)}..${day(s.last)}`;
                const dups = s.duplicateGroups ? `  ${s.duplicateGroups} dup` : '';
                out(
                  `${s.id}  ${String(s.articles).padStart(3)} art  ${String(s.outlets.length).padStart(2)} outlets  ${dates}${dups}  ${inert(s.label)}`,
                );
              }
            }
            if (!o.json && stories.length === 0) out('no stories match');
            return EXIT.ok;
          },
          linkNote,
        ),
      );
    });

  program
    .command('story')
    .description('show one story: its articles by outlet and date, and its duplicate groups')
    .argument('<id>', 'story id (a unique prefix is enough; list them with dossier stories)')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (id: string, o) => {
      setStatus(
        await withReadStore(
          o.db,
          async (store) => {
            const story = await store.getStory(id);
            if (!story)
              throw new DossierError('E_NOT_FOUND', `no story with id ${id} (list ids with: dossier stories)`);
            if (o.json) out(JSON.stringify({ ...storyLine(story), duplicateGroups: story.duplicates }));
            else printStory(story);
            return EXIT.ok;
          },
          linkNote,
        ),
      );
    });

  program
    .command('link')
    .description('compute stories and duplicate groups from the stored articles (dossier ingest does this itself)')
    .addOption(dbOption())
    .option('--force', 'compute even when the stored stories are up to date')
    .option('--json', 'print the summary as one JSON line')
    .action(async (o) => {
      if (!isPostgresUrl(o.db) && !existsSync(o.db)) throw new DossierError('E_DB', `no dossier at ${o.db}`);
      const { linkStore } = await import('../linking.js');
      const store = await openStore(o.db);
      try {
        const summary = await linkStore(store, { force: Boolean(o.force) });
        if (o.json) out(JSON.stringify(summary));
        else out(linkLine(summary));
      } finally {
        await store.close();
      }
      setStatus(EXIT.ok);
    });
}

/**
 * Called by `dossier ingest` once its summary is printed: links the stored
 * corpus when it changed (a run that stored nothing new costs one count).
 * An interrupted run leaves the stories to the next run. A failure here
 * loses nothing (the articles are committed; the stories keep their last
 * state) and turns the exit status into "some failed".
 */
export async function linkAfterIngest(
  store: Store,
  summary: Readonly<IngestSummary>,
  display: { json?: boolean; quiet?: boolean },
  status: number,
): Promise<number> {
  if (summary.interrupted) return status;
  try {
    // the linker (and its models) is loaded only when stories are linked: `--no-link` starts faster
    const { linkStore } = await import('../linking.js');
    const linked = await linkStore(store);
    if (!display.json) out(linkLine(linked));
    return status;
  } catch (err) {
    if (isDiskFull(err)) throw err;
    process.stderr.write(
      `error: stories not updated: ${messageOf(err)}; the articles are stored, run: dossier link [${(err as { code?: string }).code ?? 'DOSSIER_E_DB'}]\n`,
    );
    return status === EXIT.ok ? EXIT.someFailed : status;
  }
}

/** The JSON line of a story, as issue 6 names its fields. */
function storyLine(s: StoryDetail) {
  return {
    id: s.id,
    label: s.label,
    terms: s.terms,
    first: s.first,
    last: s.last,
    outlets: s.outlets,
    articles: s.items.map((a) => ({ id: a.id, source: a.source, outlet: a.outlet, published: a.published })),
    duplicates: s.duplicates.map((g) => g.members.map((m) => m.id)),
    entities: s.entities,
  };
}

function printStory(s: StoryDetail): void {
  out(`story     ${s.id}`);
  out(`label     ${inert(s.label)}`);
  out(`dates     ${day(s.first)} .. ${day(s.last)}`);
  out(`articles  ${s.articles} (${s.items.length} sources, ${s.outlets.length} outlets)`);
  if (s.entities.length) out(`entities  ${s.entities.map((e) => `${inert(e.name)} (${e.articles})`).join(', ')}`);
  let outlet: string | null | undefined;
  s.items.forEach((a, i) => {
    if (a.outlet !== outlet) {
      outlet = a.outlet;
      out('');
      out(inert(outlet ?? 'unknown outlet'));
    }
    const prev = s.items[i - 1];
    // one line per article and outlet: the same page saved twice (HTML and WARC) is one line
    if (prev && prev.id === a.id && prev.outlet === a.outlet) return;
    out(`  ${(a.published ?? 'undated').slice(0, 16).padEnd(16)}  ${a.id}  ${inert(a.title ?? '(no title)')}`);
  });
  out('');
  out(`duplicate groups (${s.duplicates.length})`);
  s.duplicates.forEach((g, i) => {
    const [first, ...copies] = g.members;
    if (!first) return;
    out(g.first ? `  ${i + 1}. first: ${member(first)}` : `  ${i + 1}. undated, who was first is unknown:`);
    for (const c of g.first ? copies : g.members) out(`     ${g.first ? 'copy:  ' : 'member:'} ${member(c)}`);
    if (g.copiedBy.length) out(`     copied by: ${g.copiedBy.map(inert).join(', ')}`);
  });
}

function member(m: { id: string; outlet: string | null; published: string | null; title: string | null }): string {
  return `${inert(m.outlet ?? 'unknown outlet')}, ${(m.published ?? 'undated').slice(0, 10)}, ${m.id} ${inert(m.title ?? '(no title)')}`;
}

function linkLine(s: LinkRunSummary): string {
  const claims = s.claims === undefined ? '' : `, ${s.claims.toLocaleString('en')} claims`;
  const what = `${s.stories.toLocaleString('en')} stories (${s.multiStories.toLocaleString('en')} of two or more articles), ${s.duplicateGroups.toLocaleString('en')} duplicate groups${claims}`;
  return s.ran
    ? `  stories  ${what}, linked ${s.articles.toLocaleString('en')} articles in ${s.seconds.toFixed(2)}s${s.note ? ` (${s.note})` : ''}`
    : `  stories  ${what} (up to date)`;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');

/** Notes on stderr when the stored stories are out of date. */
async function linkNote(store: Store, path: string): Promise<void> {
  const state = await store.linkState();
  const { isStale } = await import('../linking.js');
  if (state.articles > 0 && isStale(state)) {
    const why =
      state.version === null
        ? 'stories were never computed for this dossier'
        : `${Math.abs(state.articles - state.linked)} articles changed since the stories were computed`;
    process.stderr.write(`note: ${why}; run: dossier link --db ${path}\n`);
  }
}
