/**
 * `npm run bench:link-incremental [-- --count N] [-- --new M] [-- --no-analyze]`:
 * the link pass for a small ingest into a big dossier. Builds a dossier of N
 * generated articles (default 10,000; analysed, so claims have statements,
 * unless `--no-analyze`), links it, stores M more (default 200) dated after
 * them, copies the database, and links the copy twice over: once continuing
 * the saved state (what `dossier ingest` now does) and once over the whole
 * corpus (`--force`, what every ingest did before), in one process, one after
 * the other. Prints seconds and new articles per second of each, and whether
 * the two stored the same stories and duplicate groups.
 *
 * `--late K`: K more new articles are dated the day before the dossier's last day (late arrivals: a feed
 * delivering items late). Before checkpoints, they made the continuing run link the whole corpus; now it
 * places them from the checkpoint kept a week before the latest linked article.
 *
 * `--cache PATH`: the dossier of N articles before its first link run is
 * copied to PATH when PATH does not exist, and taken from PATH when it does
 * (building an analysed dossier takes longer than the runs measured).
 * `--profile FILE`: a CPU profile of the continuing run only, written to FILE
 * (`.cpuprofile`, for Chrome's DevTools or `node --cpu-prof` tooling).
 * Each run reports the process's peak RSS during it (Linux: the peak is
 * reset through `/proc/self/clear_refs` before the run and read from
 * `VmHWM` after; elsewhere it is not printed).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeStore } from '../src/analyzing.js';
import { linkStore } from '../src/linking.js';
import { mulberry32 } from '../src/random.js';
import { SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import type { Article } from '../src/types.js';
import { peakRssMb, resetPeakRss } from './peak-rss.js';

const WORDS = (
  'government minister talks ceasefire border troops officials agreement port strike union missile defence ' +
  'system deal sanctions president ministry statement region refugees aid crossing village shelling observers ' +
  'mission parliament vote coalition budget inflation prices energy gas pipeline exports imports court ruling ' +
  'opposition protest police capital council election campaign agency military operation airbase battery'
).split(' ');
const SYLLABLES = 'ka ro vel mi dun tas bre lo zan ki por ve nal tu sor ga lin de mar cho'.split(' ');
const DAY_MS = 86_400_000;

/** A made-up name, distinct for each n below 20^5. */
function properName(n: number): string {
  let name = '';
  let x = n;
  for (let k = 0; k < 5; k++, x = Math.floor(x / SYLLABLES.length)) name += SYLLABLES[x % SYLLABLES.length];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Articles `from` to `to` of an endless stream: events of 1–6 reports by
 * different outlets (the same paragraphs, a sentence or two rewritten),
 * about 300 articles a day from 2024-01-01 on (`shiftDays` later). Article i is the same in any call.
 */
function generate(from: number, to: number, shiftDays = 0): Article[] {
  const out: Article[] = [];
  const found = <T>(value: T) => ({ value, via: 'bench', confidence: 1 });
  for (let i = from; i < to; i++) {
    const event = Math.floor(i / 4);
    const k = i % 4;
    const rand = mulberry32(event * 7919 + 1);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
    const own = [0, 1, 2, 3].map((j) => properName(event * 4 + j));
    const sentence = () =>
      `${Array.from({ length: 12 + Math.floor(rand() * 12) }, () => (rand() < 0.2 ? pick(own) : pick(WORDS))).join(' ')}.`;
    const paragraphs = Array.from({ length: 5 }, () => [sentence(), sentence(), sentence()]);
    const headline = `${own[0]} ${pick(WORDS)} ${pick(WORDS)} as ${own[1]} ${pick(WORDS)}`;
    const edit = mulberry32(i + 17);
    const p = paragraphs[Math.floor(edit() * paragraphs.length)] as string[];
    p[Math.floor(edit() * p.length)] = `${own[2]} ${pick(WORDS)} ${pick(WORDS)} ${i}.`;
    const day = Math.floor(event / 75) + shiftDays;
    const published = new Date(Date.UTC(2024, 0, 1) + day * DAY_MS + k * 3_600_000).toISOString();
    const outlet = `Outlet ${(event * 7 + k) % 40}`;
    const id = (i + 1).toString(16).padStart(16, '0');
    out.push({
      id,
      title: found(`${headline} (${k})`),
      outlet: found(outlet),
      published: found(published),
      authors: [],
      language: null,
      canonicalUrl: null,
      modified: null,
      section: null,
      tags: [],
      body: paragraphs.map((ps) => ps.join(' ')).join('\n\n'),
      removed: [],
      sources: [
        { source: `bench/${i}.txt`, url: null, rawHash: id, charset: 'utf-8', outlet, title: headline, published },
      ],
      pipeline: 'bench',
    });
  }
  return out;
}

async function fill(store: Store, from: number, to: number, analyze: boolean, shiftDays = 0): Promise<void> {
  for (let at = from; at < to; at += 1000) await store.putArticles(generate(at, Math.min(to, at + 1000), shiftDays));
  if (analyze) await analyzeStore(store);
}

/** Stories and duplicate groups as stored, for comparing two runs. */
async function stored(store: Store): Promise<string> {
  const stories = await store.listStories({}, 1_000_000);
  const out: string[] = [];
  for (const s of stories) {
    const d = await store.getStory(s.id);
    out.push(
      JSON.stringify([
        s.id,
        s.label,
        [...new Set(d?.items.map((i) => i.id))].sort(),
        d?.duplicates.map((g) => g.members.map((m) => m.id)),
      ]),
    );
  }
  const claims = await store.listClaims({}, 1_000_000);
  for (const c of claims) out.push(JSON.stringify(await store.getClaim(c.id)));
  return out.sort().join('\n');
}

function text(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return undefined;
  const v = argv[at + 1];
  if (!v || v.startsWith('--')) throw new Error(`${flag} needs a path`);
  return v;
}

function option(argv: readonly string[], flag: string, fallback: number): number {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const v = Number((argv[at + 1] ?? '').replace(/[_,]/g, ''));
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${flag} must be a positive whole number`);
  return v;
}

async function main(argv: string[]): Promise<void> {
  const count = option(argv, '--count', 10_000);
  const fresh = option(argv, '--new', 200);
  const late = argv.includes('--late') ? option(argv, '--late', 1) : 0;
  const analyze = !argv.includes('--no-analyze');
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-link-'));
  try {
    const base = join(dir, 'base.db');
    let t = performance.now();
    const cache = text(argv, '--cache');
    if (cache && existsSync(cache)) copyFileSync(cache, base);
    if (!cache || !existsSync(cache)) {
      const filling = new SqliteStore(base);
      await fill(filling, 0, count, analyze);
      await filling.close();
      if (cache) copyFileSync(base, cache);
    }
    const store = new SqliteStore(base);
    const built = (performance.now() - t) / 1000;
    t = performance.now();
    const first = await linkStore(store);
    process.stdout.write(
      `dossier of ${count.toLocaleString('en')} generated articles${analyze ? ' (analysed)' : ''}: built in ${built.toFixed(0)} s, linked in ${first.seconds.toFixed(1)} s (${first.stories.toLocaleString('en')} stories, ${first.claims ?? 0} claims)\n`,
    );
    // the new articles start on the next day: a day's articles are not split between the dossier and the ingest
    await fill(store, count, count + fresh, analyze, 1);
    // late ones: the day before the dossier's last day, whatever day their number would give
    const lastDay = Math.floor((count - 1) / 300);
    if (late)
      await fill(store, count + fresh, count + fresh + late, analyze, lastDay - 1 - Math.floor((count + fresh) / 300));
    await store.close();
    const copy = join(dir, 'copy.db');
    copyFileSync(base, copy);
    const runs: Array<[string, string, boolean]> = [
      ['incremental (continues the saved state)', base, false],
      ['whole corpus (--force, as before)', copy, true],
    ];
    const results: string[] = [];
    for (const [name, path, force] of runs) {
      const s = new SqliteStore(path);
      const profile = force ? undefined : text(argv, '--profile');
      const session = profile ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const peak = resetPeakRss();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const summary = await linkStore(s, { force });
      const wall = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      if (session && profile) {
        writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
        session.disconnect();
      }
      const cpuS = (used.user + used.system) / 1e6;
      process.stdout.write(
        `${name.padEnd(42)} ${wall.toFixed(2).padStart(7)} s wall ${cpuS.toFixed(2).padStart(7)} s CPU  ${((fresh + late) / cpuS).toFixed(0).padStart(6)} new articles per CPU s${peak ? `  ${String(peakRssMb()).padStart(5)} MB peak RSS` : ''}  incremental=${summary.incremental} read=${summary.read}${summary.replaced === undefined ? '' : ` replaced=${summary.replaced}`}\n`,
      );
      results.push(await stored(s));
      await s.close();
    }
    process.stdout.write(
      `same stories (labels too), duplicate groups and claims: ${results[0] === results[1] ? 'yes' : 'NO'}\n`,
    );
  } finally {
    if (process.env.KEEP_BENCH_DB) process.stdout.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`bench:link-incremental: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
