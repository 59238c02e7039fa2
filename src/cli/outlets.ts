import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import { learnOutletAliases } from '../extract/outlet-names.js';
import { DEFAULT_DB, openStore, type Store } from '../store/index.js';
import type { OutletAlias } from '../types.js';
import { runVersus } from './compare.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';
import { positiveInt } from './parse.js';
import { withReadStore } from './read-store.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `dossier outlets`: the outlets of the dossier, each once with its spellings;
 * `--alias rt.com=RT` stores a spelling as an outlet's (and renames what is
 * stored under it); `--learn` reads the aliases the stored names give (a
 * dossier made before outlet aliases; ingest does it after every run);
 * `--vs A B` compares two outlets (`runVersus`).
 */
export function registerOutletCommands(program: Command, setStatus: (status: number) => void): void {
  program
    .command('outlets')
    .description('the outlets, each once with its spellings; --alias joins two spellings; --vs compares two outlets')
    .option(
      '--alias <spelling=outlet...>',
      'store a spelling as an outlet\'s, e.g. --alias rt.com=RT "RT (Russia Today)=RT"',
    )
    .option(
      '--learn',
      'join the spellings the stored outlet names give (rt.com and RT); ingest does it after every run',
    )
    .option('--vs <names...>', 'two outlets side by side over the stories both covered, e.g. --vs RT Reuters')
    .addOption(
      new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
        .env('DOSSIER_DB')
        .default(DEFAULT_DB),
    )
    .option('--stories <n>', 'with --vs: compare at most this many shared stories (largest first)', positiveInt, 20)
    .option('--json', 'print JSON')
    .action(
      async (o: { db: string; alias?: string[]; learn?: boolean; vs?: string[]; stories: number; json?: boolean }) => {
        if (o.vs && (o.alias || o.learn))
          throw new DossierError('E_USAGE', 'dossier outlets: --vs lists nothing; give it alone');
        if (o.vs) {
          const names = o.vs;
          setStatus(await withReadStore(o.db, async (store) => (await runVersus(store, names, o), EXIT.ok)));
          return;
        }
        if (o.alias || o.learn) {
          const pairs = (o.alias ?? []).map(parseAlias);
          const store = await openStore(o.db);
          try {
            const put = await learnOutletAliases(store, pairs);
            for (const a of put)
              out(`${inert(a.alias)} -> ${inert(a.outlet)}${a.by === 'user' ? '' : ' (read from the articles)'}`);
            if (!put.length) out('no spelling changed outlet');
          } finally {
            await store.close();
          }
        }
        setStatus(await withReadStore(o.db, async (store) => (await listOutlets(store, Boolean(o.json)), EXIT.ok)));
      },
    );
}

/** `rt.com=RT`: a spelling and the outlet it names. */
function parseAlias(text: string): readonly [string, string, 'user'] {
  const at = text.lastIndexOf('=');
  const [alias, outlet] = [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  if (at < 0 || !alias || !outlet)
    throw new DossierError('E_OPTION', `--alias '${text}': not SPELLING=OUTLET (e.g. --alias rt.com=RT)`);
  return [alias, outlet, 'user'];
}

/** Every outlet once, most articles first, with the spellings stored as it. */
async function listOutlets(store: Store, json: boolean): Promise<void> {
  const outlets = await store.listOutlets();
  const spellings = new Map<string, OutletAlias[]>();
  for (const a of await store.listOutletAliases()) {
    const key = a.outlet.toLowerCase();
    spellings.set(key, [...(spellings.get(key) ?? []), a]);
  }
  for (const o of outlets) {
    const aliases = (spellings.get(o.name.toLowerCase()) ?? []).map((a) => a.alias);
    if (json) out(JSON.stringify({ ...o, aliases }));
    else
      out(
        `${String(o.articles).padStart(6)} art  ${inert(o.name)}${aliases.length ? `  (also ${aliases.map(inert).join(', ')})` : ''}`,
      );
  }
  if (!json && !outlets.length) out('no outlet named yet (dossier ingest PATH)');
}
