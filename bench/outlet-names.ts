/**
 * `tsc -p tsconfig.json && node dist/bench/outlet-names.js --db COPY [--repeat 7]`: what ingest's outlet
 * learning (`learnOutletAliases`, after every run that stored new articles) reads of the stored outlets: the
 * names alone (`listOutletNames`, what it reads now) against the outlet listing with its counts (`listOutlets`,
 * what it read before). Each read is the first one of a freshly opened store (no answer cached), the two
 * alternated; medians in milliseconds. Opens the dossier read-only: give it a copy, never a dossier in use.
 */
import { learnOutletAliases } from '../src/extract/outlet-names.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const db = arg('db', '');
if (!db) throw new Error('--db: give a copy of a dossier to read (it is opened read-only)');
const repeat = Number(arg('repeat', '7'));
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat ${arg('repeat', '')}: not a whole number`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

/** The time of `run` on a store opened for it alone. */
async function fresh(run: (store: Store) => Promise<unknown>): Promise<number> {
  const store = await openStore(db, { readonly: true });
  try {
    const t0 = performance.now();
    await run(store);
    return performance.now() - t0;
  } finally {
    await store.close();
  }
}

const timings = { names: [] as number[], counts: [] as number[], learn: [] as number[], learnBefore: [] as number[] };
for (let r = 0; r < repeat; r++) {
  timings.names.push(await fresh((s) => s.listOutletNames()));
  timings.counts.push(await fresh((s) => s.listOutlets()));
  timings.learn.push(await fresh((s) => learnOutletAliases(readOnly(s))));
  // as it was: the names taken from the listing with counts
  const before = (s: Store) => ({
    ...readOnly(s),
    listOutletNames: async () => (await s.listOutlets()).map((o) => o.name),
  });
  timings.learnBefore.push(await fresh((s) => learnOutletAliases(before(s))));
}
const probe = await openStore(db, { readonly: true });
const names = await probe.listOutletNames();
await probe.close();
const fmt = (xs: number[]) => `${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(' ')})`;
process.stdout.write(
  `${db}: ${names.length} outlets, ${repeat} runs each, medians\n` +
    `  listOutletNames (names only)      ${fmt(timings.names)}\n` +
    `  listOutlets (with counts)         ${fmt(timings.counts)}\n` +
    `  learnOutletAliases, now (names)   ${fmt(timings.learn)}\n` +
    `  learnOutletAliases, before (counts) ${fmt(timings.learnBefore)}\n` +
    `  ratio before / now (learning): ${(median(timings.learnBefore) / median(timings.learn)).toFixed(1)}\n`,
);

/** The store's reads, with writing refused: the bench must not change the copy it reads. */
function readOnly(s: Store): Parameters<typeof learnOutletAliases>[0] {
  return {
    listOutletNames: () => s.listOutletNames(),
    listOutletAliases: () => s.listOutletAliases(),
    putOutletAliases: async (a) => {
      if (a.length) throw new Error(`${db}: learning would put ${a.length} aliases; the bench only reads`);
    },
  };
}
