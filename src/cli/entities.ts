import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import { DEFAULT_DB, type Store } from '../store/index.js';
import type { EntityDetail, StoredQuote } from '../store/store.js';
import type { EntityType, QuoteKind } from '../types.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';
import { positiveInt } from './parse.js';
import { withReadStore } from './read-store.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

const ENTITY_TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT'];
const QUOTE_KINDS: readonly QuoteKind[] = ['direct', 'indirect', 'mixed'];

/**
 * `dossier entities`, `dossier entity NAME|KEY` and `dossier quotes`: what the
 * analyze stage stored, as entities (every named mention whose folded name
 * and type agree) and quotes with their speakers and articles.
 */
export function registerEntityCommands(program: Command, setStatus: (status: number) => void): void {
  const dbOption = () =>
    new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
      .env('DOSSIER_DB')
      .default(DEFAULT_DB);

  program
    .command('entities')
    .description('list the people, organisations, places and other named entities, most articles first')
    .addOption(dbOption())
    .addOption(new Option('--type <type>', 'only this type').choices(ENTITY_TYPES))
    .option('--name <text>', 'only names containing this text (case and accents ignored)')
    .option('--limit <n>', 'at most this many', positiveInt, 30)
    .option('--json', 'print JSON lines: {key, type, name, mentions, articles}')
    .action(async (o) => {
      setStatus(
        await withReadStore(
          o.db,
          async (store) => {
            const rows = await store.listEntities({ type: o.type, q: o.name }, o.limit);
            for (const e of rows) {
              if (o.json) out(JSON.stringify(e));
              else
                out(
                  `${String(e.articles).padStart(6)} art ${String(e.mentions).padStart(7)} mentions  ${e.type.padEnd(8)}${inert(e.name)}`,
                );
            }
            if (!o.json && rows.length === 0) out('no entities match');
            return EXIT.ok;
          },
          analysisNote,
        ),
      );
    });

  program
    .command('entity')
    .description('show one entity: spellings, outlets, mentions by month, quotes by it, entities named beside it')
    .argument('<name-or-key>', 'a name (case and accents ignored) or a key from dossier entities --json')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (name: string, o) => {
      setStatus(
        await withReadStore(
          o.db,
          async (store) => {
            const entity = await store.getEntity(name);
            if (!entity)
              throw new DossierError('E_NOT_FOUND', `no entity named ${name} (list them with: dossier entities)`);
            if (o.json) out(JSON.stringify(entity));
            else printEntity(entity);
            return EXIT.ok;
          },
          analysisNote,
        ),
      );
    });

  program
    .command('quotes')
    .description('list quotes and reported speech with their speakers, latest first')
    .addOption(dbOption())
    .option('--speaker <name>', 'only quotes by this speaker (a name, a surname or an entity key)')
    .option('--outlet <name>', 'only articles of this outlet')
    .option('--since <date>', 'published on or after this date (YYYY-MM-DD)')
    .option('--until <date>', 'published on or before this date (YYYY-MM-DD)')
    .option('--article <id>', 'only quotes of this article')
    .addOption(new Option('--kind <kind>', 'only direct quotes, paraphrases or mixed').choices(QUOTE_KINDS))
    .option('--limit <n>', 'at most this many', positiveInt, 30)
    .option('--json', 'print JSON lines: {article, text, kind, cue, speaker, addressee, channel, date, start, end}')
    .action(async (o) => {
      setStatus(
        await withReadStore(
          o.db,
          async (store) => {
            const filter = {
              speaker: o.speaker,
              outlet: o.outlet,
              since: o.since,
              until: o.until,
              article: o.article,
              kind: o.kind,
            };
            const quotes = await store.listQuotes(filter, o.limit);
            for (const q of quotes) {
              if (o.json) out(JSON.stringify(q));
              else printQuote(q);
            }
            if (!o.json && quotes.length === 0) out('no quotes match');
            return EXIT.ok;
          },
          analysisNote,
        ),
      );
    });
}

/** Notes on stderr when articles wait for analysis. */
async function analysisNote(store: Store, path: string): Promise<void> {
  const { storedAnalysisVersion } = await import('../analyzing.js');
  const state = await store.analysisState(storedAnalysisVersion());
  const waiting = state.articles - state.current;
  if (waiting > 0)
    process.stderr.write(
      `note: ${waiting.toLocaleString('en')} articles have no current analysis; run: dossier analyze --pending --db ${path}\n`,
    );
}

function printQuote(q: StoredQuote): void {
  const who = q.speaker.name ?? '(unattributed)';
  const as = q.speaker.mention && q.speaker.mention !== q.speaker.name ? ` as "${inert(q.speaker.mention)}"` : '';
  const where = [q.addressee && `to ${inert(q.addressee)}`, q.channel && inert(q.channel)].filter(Boolean).join(', ');
  out(
    `${q.article.id}  ${(q.article.outlet ?? '-').slice(0, 22).padEnd(22)}  ${(q.date ?? '-').slice(0, 10).padEnd(10)}  ${inert(who)}${as} ${q.kind} ${inert(q.cue ?? '')}${where ? ` (${where})` : ''}`,
  );
  out(`    ${inert(q.text)}`);
}

function printEntity(e: EntityDetail): void {
  out(`entity    ${inert(e.name)}  (${e.type}, key ${inert(e.key)})`);
  out(`seen      ${e.mentions} mentions in ${e.articles} articles`);
  out(`spellings ${e.aliases.map((a) => `${inert(a.text)} ×${a.mentions}`).join(', ')}`);
  if (e.roles.length) {
    out('');
    out('roles:');
    for (const r of e.roles)
      out(
        `  ${inert(r.role)}  (${r.articles} art, ${r.first ?? 'undated'}${r.last && r.last !== r.first ? ` .. ${r.last}` : ''})`,
      );
  }
  out('');
  out('outlets:');
  for (const o of e.outlets)
    out(`  ${String(o.articles).padStart(5)} art ${String(o.mentions).padStart(6)} mentions  ${inert(o.name)}`);
  const byMonth = new Map<string, number>();
  for (const m of e.months) byMonth.set(m.month, (byMonth.get(m.month) ?? 0) + m.mentions);
  if (byMonth.size) {
    out('');
    out('mentions by month:');
    const most = Math.max(...byMonth.values());
    for (const [month, n] of byMonth) out(`  ${month}  ${'█'.repeat(Math.max(1, Math.round((n / most) * 40)))} ${n}`);
  }
  if (e.quotes.length) {
    out('');
    out(`quotes by ${inert(e.name)} (latest ${e.quotes.length}):`);
    for (const q of e.quotes) printQuote(q);
  }
  if (e.related.length) {
    out('');
    out('named beside it:');
    for (const r of e.related) out(`  ${String(r.shared).padStart(5)} shared art  ${r.type.padEnd(8)}${inert(r.name)}`);
  }
  out('');
  out('latest articles:');
  for (const a of e.recent)
    out(
      `  ${a.id}  ${(a.outlet ?? '-').slice(0, 22).padEnd(22)}  ${(a.published ?? '-').slice(0, 10).padEnd(10)}  ${inert(a.title ?? '(no title)')}`,
    );
}
