/**
 * `npm run bench:serve [-- --count N] [-- --seconds S] [-- --connections C] [-- --db PATH] [-- --readers N]
 * [-- --routes TEXT]`:
 * builds a dossier of N generated articles (default 100,000) with the built
 * CLI (`dossier ingest --no-analyze --no-link`, then `dossier analyze --pending`
 * and `dossier link`, each timed; with `--db`, a dossier already at PATH is
 * served as it is and kept), starts `dossier serve` on
 * a free loopback port, and runs autocannon against each read route under a
 * bounded load (C connections, S seconds each, 127.0.0.1 only). Prints
 * requests/s, p50, p95 (computed from every response time, since autocannon's
 * histogram has p90 and p97.5 but no p95), autocannon's p97.5 and the
 * errors/non-2xx answers, beside the issue 8 target (p95 under 50 ms). The
 * broad search and the entity routes run twice: over a few queries or the
 * 100 most named entities (asked again and again, so answered from what the
 * server keeps) and over thousands of word pairs or up to 2,000 next
 * entities, each asked once (the work of a first request); the broad search also filtered by outlet (each in turn,
 * and the least carried), by one day and by an entity, each asked once. `--readers N` is passed to
 * `dossier serve` (0: every read on the main thread); `--routes TEXT` runs only the routes whose name holds TEXT. Then
 * the time to the first UI page: a plain fetch of `/` and its JS and CSS, and,
 * when Chromium is at /usr/bin/chromium, a cold load to a visible search box.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');
const CHROMIUM = process.env.DOSSIER_CHROMIUM ?? '/usr/bin/chromium';
const TARGET_P95_MS = 50;
const TARGET_UI_MS = 1000;

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: { path?: string }) => { path?: string };
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  then: Promise<AutocannonResult>['then'];
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests?: AutocannonRequest[];
}) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** A small deterministic generator (mulberry32), as in bench/ingest.ts. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'government minister said talks ceasefire border troops officials agreement port strike union ' +
  'missile defence system deal sanctions president foreign ministry statement region refugees aid ' +
  'crossing village shelling observers mission parliament vote coalition budget inflation prices ' +
  'energy gas pipeline exports imports court ruling opposition protest police capital city council ' +
  'election campaign spokesman agency reported week month earlier later officials confirmed denied ' +
  'military operation airbase battery delivery contract billion million percent people displaced'
).split(' ');
const NAMES =
  'Velmora Kestovia Valdara Tarnel Brezno Aldport Sorvik Kalvik Orhun Corvenna Dragunov Markova Celik'.split(' ');

const SYLLABLES = 'ka ro vel mi dun tas bre lo zan ki por ve nal tu sor ga lin de mar cho'.split(' ');

/** A made-up name, distinct for each n below 20^5. */
function properName(n: number): string {
  let name = '';
  for (let k = 0; k < 5; k++, n = Math.floor(n / SYLLABLES.length)) name += SYLLABLES[n % SYLLABLES.length];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Articles come in families of 1–6 reports of one event by different
 * outlets: the same paragraphs with a sentence or two rewritten, so that
 * `dossier link` finds stories and duplicate groups as in a real corpus.
 */
function* generate(count: number): Generator<{ title: string; body: string; outlet: string; published: string }> {
  const rand = random(8);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  let i = 0;
  let event = 0;
  while (i < count) {
    const size = 1 + Math.floor(rand() * 6);
    // four names of its own (from syllables), so that events differ in more than word order
    const own = [0, 1, 2, 3].map((j) => properName(event * 4 + j));
    const sentence = () => {
      const n = 12 + Math.floor(rand() * 14);
      const words = Array.from({ length: n }, () => {
        const r = rand();
        return r < 0.15 ? pick(own) : r < 0.2 ? pick(NAMES) : pick(WORDS);
      });
      const first = words[0] as string;
      words[0] = first.charAt(0).toUpperCase() + first.slice(1);
      return `${words.join(' ')}.`;
    };
    const paragraphs = Array.from({ length: 5 + Math.floor(rand() * 6) }, () =>
      Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence),
    );
    const headline = `${own[0]} ${pick(WORDS)} ${pick(WORDS)} as ${own[1]} ${pick(WORDS)}`;
    const day = 1 + (event % 28);
    for (let k = 0; k < size && i < count; k++, i++) {
      const version = paragraphs.map((p) => p.slice());
      for (let r = 0; r < 1 + k; r++) {
        const p = version[Math.floor(rand() * version.length)] as string[];
        p[Math.floor(rand() * p.length)] = sentence();
      }
      yield {
        title: `${headline} (${event}-${k})`,
        body: version.map((p) => p.join(' ')).join('\n\n'),
        outlet: `Outlet ${(event * 7 + k) % 40}`,
        published: `2024-03-${String(day).padStart(2, '0')}T${String(8 + k).padStart(2, '0')}:00:00Z`,
      };
    }
    event++;
  }
}

function cli(args: string[]): number {
  const started = performance.now();
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`dossier ${args[0]} exited ${res.status}: ${res.stderr.slice(0, 500)}`);
  return (performance.now() - started) / 1000;
}

/** `dossier serve` on a free loopback port, as a child process. */
function serve(db: string, extra: readonly string[]): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--host', '127.0.0.1', '--port', '0', ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.stderr?.on('data', (d) => (err += d));
    child.once('exit', (code) => reject(new Error(`dossier serve exited ${code}: ${err.slice(0, 500)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return (await r.json()) as T;
}

interface Row {
  route: string;
  paths: number;
  rps: number;
  p50: number;
  p95: number;
  p97_5: number;
  requests: number;
  bad: number;
}

/** Runs autocannon on one route, cycling through `paths`; p95 from every response time. */
async function load(url: string, route: string, paths: string[], connections: number, seconds: number): Promise<Row> {
  let next = 0;
  const times: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  return {
    route,
    paths: paths.length,
    rps: result.requests.average,
    p50: at(0.5),
    p95: at(0.95),
    p97_5: result.latency.p97_5,
    requests: result.requests.total,
    bad: result.errors + result.timeouts + result.non2xx,
  };
}

/** Waits until the server answers /api/stats within 20 ms (what the last run queued has drained), at most 30 s. */
async function settle(url: string): Promise<void> {
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const started = performance.now();
    await fetch(`${url}api/stats`).then((r) => r.arrayBuffer());
    if (performance.now() - started < 20) return;
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Plain fetch of the shell and every asset it names, one after another (no cache). */
async function fetchUi(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const html = await (await fetch(url)).text();
  let bytes = html.length;
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
    const r = await fetch(new URL(m[1] as string, url));
    if (!r.ok) throw new Error(`${m[1]}: ${r.status}`);
    bytes += (await r.arrayBuffer()).byteLength;
  }
  return { ms: performance.now() - started, bytes };
}

/** A cold headless Chromium page load until the search box is visible and the newest articles are listed. */
async function browserUi(url: string, dir: string): Promise<{ box: number; list: number } | null> {
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(join(dir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('input[type=search]').waitFor({ state: 'visible' });
    const box = performance.now() - started;
    await page.getByRole('heading', { name: 'Newest articles' }).waitFor();
    await page.locator('.hit').first().waitFor();
    return { box, list: performance.now() - started };
  } finally {
    await context.close();
  }
}

function option(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: expected a positive number`);
  return value;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const mark = (n: number, target: number) => (n < target ? 'met' : '**not met**');

async function main(argv: string[]): Promise<void> {
  const count = option(argv, '--count', 100_000);
  const seconds = option(argv, '--seconds', 10);
  const connections = option(argv, '--connections', 10);
  const keep = argv.includes('--db') ? argv[argv.indexOf('--db') + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-serve-'));
  let server: ChildProcess | null = null;
  try {
    const db = keep ?? join(dir, 'bench.db');
    if (!existsSync(db)) {
      const jsonl = join(dir, 'articles.jsonl');
      const lines: string[] = [];
      for (const a of generate(count)) lines.push(JSON.stringify(a));
      writeFileSync(jsonl, `${lines.join('\n')}\n`);
      lines.length = 0;
      const ingestS = cli(['ingest', jsonl, '--db', db, '--quiet', '--no-analyze', '--no-link']);
      const analyzeS = cli(['analyze', '--pending', '--db', db, '--quiet']);
      const linkS = cli(['link', '--db', db]);
      process.stdout.write(
        `dossier of ${count.toLocaleString('en')} generated articles: ingest ${ingestS.toFixed(0)} s, analyze ${analyzeS.toFixed(0)} s, link ${linkS.toFixed(0)} s (${db})\n`,
      );
    } else process.stdout.write(`serving the dossier at ${db} as it is\n`);

    // `--readers N` goes to `dossier serve` as it is (0: every read on the main thread)
    const readers = argv.includes('--readers') ? ['--readers', argv[argv.indexOf('--readers') + 1] ?? ''] : [];
    const started = await serve(db, readers);
    server = started.child;
    const url = started.url;
    // the first page first, on the freshly started (idle) server, as a user opening it would
    const fetched = await fetchUi(url);
    const browser = await browserUi(url, dir);
    const stats = await getJson<{ articles: number }>(`${url}api/stats`);
    const listing = await getJson<{ items: Array<{ id: string }> }>(`${url}api/articles?limit=100`);
    const stories = await getJson<{ items: Array<{ id: string; articles: number }> }>(`${url}api/stories?limit=100`);
    const articleIds = listing.items.map((a) => a.id);
    const storyIds = stories.items.map((s) => s.id);
    const entities = await getJson<{ items: Array<{ key: string }> }>(`${url}api/entities?limit=100`);
    const entityKeys = entities.items.map((e) => e.key);
    // the next most named, each asked once: answers the server cannot have kept from an earlier request
    const coldKeys: string[] = [];
    for (let offset = 100; offset < 2100; offset += 100) {
      const page = await getJson<{ items: Array<{ key: string }> }>(`${url}api/entities?limit=100&offset=${offset}`);
      coldKeys.push(...page.items.map((e) => e.key));
      if (page.items.length < 100) break;
    }
    if (articleIds.length === 0) throw new Error('no articles to load');
    if (storyIds.length === 0) process.stdout.write('no stories (the dossier was not linked): story routes left out\n');
    const deep = await getJson<{ next: string | null }>(`${url}api/articles`);
    const queries = [
      'ceasefire',
      'border troops',
      '"foreign ministry"',
      'Tarnel OR Brezno',
      'pipeline -gas',
      'sanctions president',
      'Kalvik',
      'refugees aid crossing',
    ];
    // broad: the generator's common words, in most articles (the worst case); narrow: one event's own names
    const events = [1, 7, 50, 200, 1000, 3000, 10_000, 25_000].filter((e) => e * 7 < count);
    const narrow = events.flatMap((e) => [properName(e * 4), `${properName(e * 4 + 1)} ${properName(e * 4 + 2)}`]);
    // two of the common words: as broad, and each asked once
    const pairs = WORDS.flatMap((a, i) => WORDS.slice(i + 1).map((b) => `${a} ${b}`));
    // filtered broad searches, each once: by each outlet in turn, by the least-carried outlet, by one day, by one of
    // the 20 most named entities
    const outlets = (
      await getJson<{ items: Array<{ name: string; articles: number }> }>(`${url}api/outlets`)
    ).items.sort((x, y) => x.articles - y.articles);
    const rare = outlets[0];
    const newest = (await getJson<{ items: Array<{ published: string | null }> }>(`${url}api/articles?limit=1`))
      .items[0]?.published;
    const day = newest ? newest.slice(0, 10) : null;
    const search = (q: string, filter: string) => `/api/search?q=${encodeURIComponent(q)}&${filter}`;
    const filtered: Array<[string, string[]]> = [
      [
        `GET /api/search?q=…&outlet= broad, each once (${outlets.length} outlets in turn)`,
        pairs.map((q, i) => search(q, `outlet=${encodeURIComponent(outlets[i % outlets.length]?.name ?? '')}`)),
      ],
      ...(rare
        ? ([
            [
              `GET /api/search?q=…&outlet= broad, each once (least carried: ${rare.name}, ${rare.articles} articles)`,
              pairs.map((q) => search(q, `outlet=${encodeURIComponent(rare.name)}`)),
            ],
          ] as Array<[string, string[]]>)
        : []),
      ...(day
        ? ([
            [
              `GET /api/search?q=…&since=&until= broad, each once (one day, ${day})`,
              pairs.map((q) => search(q, `since=${day}&until=${day}`)),
            ],
          ] as Array<[string, string[]]>)
        : []),
      ...(entityKeys.length
        ? ([
            [
              'GET /api/search?q=…&entity= broad, each once (20 most named in turn)',
              pairs.map((q, i) => search(q, `entity=${encodeURIComponent(entityKeys[i % 20] ?? '')}`)),
            ],
          ] as Array<[string, string[]]>)
        : []),
    ];
    const routes: Array<[string, string[]]> = [
      ['GET /api/search?q=… broad (8 queries)', queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`)],
      [
        `GET /api/search?q=… broad, each once (${pairs.length.toLocaleString('en')} word pairs)`,
        pairs.map((q) => `/api/search?q=${encodeURIComponent(q)}`),
      ],
      ...filtered,
      [
        `GET /api/search?q=… narrow (${narrow.length} queries)`,
        narrow.map((q) => `/api/search?q=${encodeURIComponent(q)}`),
      ],
      ['GET /api/articles/:id (100 ids)', articleIds.map((id) => `/api/articles/${id}`)],
      [
        'GET /api/articles (first page, and the page after)',
        ['/api/articles', ...(deep.next ? [`/api/articles?cursor=${encodeURIComponent(deep.next)}`] : [])],
      ],
      ...(storyIds.length
        ? ([
            ['GET /api/stories (first page)', ['/api/stories']],
            [`GET /api/stories/:id (${storyIds.length} largest)`, storyIds.map((id) => `/api/stories/${id}`)],
          ] as Array<[string, string[]]>)
        : []),
      ['GET /api/entities (first page)', ['/api/entities']],
      [
        `GET /api/entities/:key (${entityKeys.length} most named)`,
        entityKeys.map((k) => `/api/entities/${encodeURIComponent(k)}`),
      ],
      [
        `GET /api/entities/:key/graph (${entityKeys.length} most named)`,
        entityKeys.map((k) => `/api/entities/${encodeURIComponent(k)}/graph`),
      ],
      ...(coldKeys.length
        ? ([
            [
              `GET /api/entities/:key, each once (${coldKeys.length} next most named)`,
              coldKeys.map((k) => `/api/entities/${encodeURIComponent(k)}`),
            ],
            [
              `GET /api/entities/:key/graph, each once (${coldKeys.length} next most named)`,
              coldKeys.map((k) => `/api/entities/${encodeURIComponent(k)}/graph`),
            ],
          ] as Array<[string, string[]]>)
        : []),
      ['GET /api/quotes (first page)', ['/api/quotes']],
    ];
    const sizes = stories.items.map((st) => st.articles);
    if (sizes.length)
      process.stdout.write(
        `stories of 2+ articles on the first page of /api/stories: ${sizes.length}, ${Math.min(...sizes)}–${Math.max(...sizes)} articles each\n`,
      );
    process.stdout.write(
      `serving ${stats.articles.toLocaleString('en')} articles at ${url}; autocannon ${connections} connections × ${seconds} s per route, loopback; load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n\n`,
    );
    const only = argv.includes('--routes') ? (argv[argv.indexOf('--routes') + 1] ?? '') : '';
    const rows: Row[] = [];
    for (const [route, paths] of routes.filter(([name]) => name.includes(only))) {
      rows.push(await load(url, route, paths, connections, seconds));
      await settle(url);
    }

    process.stdout.write(
      '| route | requests/s | p50 ms | p95 ms | p97.5 ms (autocannon) | target p95 < 50 ms | requests | errors/non-2xx |\n|---|---|---|---|---|---|---|---|\n',
    );
    for (const r of rows) {
      process.stdout.write(
        `| ${r.route} | ${Math.round(r.rps).toLocaleString('en')} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p97_5)} | ${mark(r.p95, TARGET_P95_MS)} | ${r.requests.toLocaleString('en')} | ${r.bad} |\n`,
      );
    }

    process.stdout.write(
      '\n| first UI page (idle server, right after start) | ms | target < 1,000 ms |\n|---|---|---|\n',
    );
    process.stdout.write(
      `| fetch / and its assets (${(fetched.bytes / 1024).toFixed(0)} KiB, no browser) | ${ms(fetched.ms)} | ${mark(fetched.ms, TARGET_UI_MS)} |\n`,
    );
    if (browser) {
      process.stdout.write(
        `| headless Chromium, cold: search box visible | ${ms(browser.box)} | ${mark(browser.box, TARGET_UI_MS)} |\n`,
      );
      process.stdout.write(`| headless Chromium, cold: newest articles listed | ${ms(browser.list)} | – |\n`);
    } else {
      process.stdout.write(`| headless Chromium | not run: no Chromium at ${CHROMIUM} | – |\n`);
    }
    process.stdout.write(
      `\np95 is computed from every response time of the run (autocannon's histogram has p90 and p97.5 but no p95). Load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${count.toLocaleString('en')} articles.\n`,
    );
  } finally {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
