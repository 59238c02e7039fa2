/**
 * `npm run bench:link [-- --count N]`: streams generated articles through
 * near-duplicate detection and story clustering on one core, and prints
 * articles/s, peak RSS, and time per article for each tenth of the stream
 * (first 100k against last when run on the default 1,000,000).
 *
 * The generator gives the stream a realistic story structure: about 1,400
 * articles a day over two years; stories belong to one of 300 topics, carry
 * their own rare names and keywords, last a few days and get 1–40 articles
 * (geometric); titles and leads draw on story words, topic words and a
 * Zipf-distributed general vocabulary; one article in ten is a syndicated
 * copy of an earlier article of its story with edits. BCubed F1 of the
 * stories found against the generated ones is printed as a sanity check.
 */
import { StoryClusterer } from '../src/link/cluster.js';
import { DuplicateDetector, type LinkDoc } from '../src/link/dedup.js';
import { DAY_MS } from '../src/link/text.js';
import { prng } from '../eval/dedup.js';
import { clusterScores } from '../eval/link-score.js';

const SYLLABLES = 'ka ro mi tan sel vor du pre al ing ex on ter bas lu nor qui zen fa gri ol ma st ve ri po'.split(' ');

function pseudoWord(n: number, minSyllables: number): string {
  let w = '';
  let x = n + 1;
  for (let i = 0; i < minSyllables || x > 0; i++) {
    w += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  }
  return w;
}

interface Story {
  id: number;
  topic: number;
  names: string[];
  start: number;
  remaining: number;
  articles: Array<{ title: string; body: string }>;
}

/** Generates `count` articles in roughly date order. */
function* generate(count: number, seed = 11): Generator<LinkDoc & { story: number }> {
  const rand = prng(seed);
  const general = Array.from({ length: 20_000 }, (_, i) => pseudoWord(i, 2));
  const topics = Array.from({ length: 300 }, (_, t) =>
    Array.from({ length: 200 }, (_, i) => pseudoWord(100_000 + t * 200 + i, 3)),
  );
  const zipf = () =>
    general[Math.min(general.length - 1, Math.floor(Math.exp(rand() * Math.log(general.length))) - 1)] as string;
  const perDay = 1400;
  const start = Date.UTC(2020, 0, 1);
  let storySerial = 0;
  let nameSerial = 0;
  const active: Story[] = [];
  let emitted = 0;
  for (let day = 0; emitted < count; day++) {
    const today = start + day * DAY_MS;
    // new stories so that, with their expected sizes, about perDay articles a day appear
    const fresh = Math.round(perDay / 6);
    for (let i = 0; i < fresh; i++) {
      const size = 1 + Math.min(39, Math.floor(Math.log(1 - rand()) / Math.log(0.85)));
      active.push({
        id: storySerial++,
        topic: Math.floor(rand() * topics.length),
        names: Array.from({ length: 8 }, () => pseudoWord(1_000_000 + nameSerial++, 4)),
        start: today,
        remaining: size,
        articles: [],
      });
    }
    const todays: Array<LinkDoc & { story: number }> = [];
    for (const s of active) {
      const days = Math.max(1, 5 - Math.floor((today - s.start) / DAY_MS));
      const n = Math.min(s.remaining, Math.ceil(s.remaining / days));
      for (let k = 0; k < n; k++) {
        s.remaining--;
        const id = `a${emitted + todays.length}`;
        const outlet = `outlet${Math.floor(rand() * 500)}`;
        const published = today + Math.floor(rand() * DAY_MS);
        const earlier = s.articles[Math.floor(rand() * s.articles.length)];
        if (earlier && rand() < 0.1) {
          // a syndicated copy: headline prefix, last paragraph cut, one furniture line
          const paras = earlier.body.split('\n\n');
          const body = `${paras.slice(0, Math.max(1, paras.length - 1)).join('\n\n')}\n\nFollow us for more news.`;
          todays.push({ id, title: `UPDATE ${earlier.title}`, body, outlet, published, story: s.id });
          continue;
        }
        const topic = topics[s.topic] as string[];
        const pickWord = () => {
          const r = rand();
          if (r < 0.12) return s.names[Math.floor(rand() * s.names.length)] as string;
          if (r < 0.35) return topic[Math.floor(rand() * topic.length)] as string;
          return zipf();
        };
        const title = Array.from({ length: 8 }, (_, i) =>
          i < 2 ? (s.names[Math.floor(rand() * 4)] as string) : pickWord(),
        ).join(' ');
        const paras = Array.from({ length: 5 }, () => Array.from({ length: 40 }, pickWord).join(' '));
        const body = paras.join('\n\n');
        if (s.articles.length < 3) s.articles.push({ title, body });
        todays.push({ id, title, body, outlet, published, story: s.id });
      }
    }
    for (let i = active.length - 1; i >= 0; i--) if ((active[i] as Story).remaining <= 0) active.splice(i, 1);
    todays.sort((a, b) => (a.published as number) - (b.published as number));
    for (const d of todays) {
      if (emitted >= count) return;
      emitted++;
      yield d;
    }
  }
}

function parseCount(argv: readonly string[]): number {
  const i = argv.indexOf('--count');
  const n = i >= 0 ? Number(argv[i + 1]) : 1_000_000;
  if (!Number.isInteger(n) || n < 1000) throw new Error('--count takes a whole number of at least 1000');
  return n;
}

function main(): void {
  const count = parseCount(process.argv.slice(2));
  const dedup = new DuplicateDetector();
  const clusters = new StoryClusterer();
  const gold: string[] = [];
  const ids: string[] = [];
  const slice = Math.max(1000, Math.floor(count / 10));
  const slices: number[] = [];
  /** Link-stage CPU ms per article by tenth: steadier than wall time on a shared machine. */
  const cpuSlices: number[] = [];
  let linkCpuUs = 0;
  let sliceCpuUs = 0;
  let linkMs = 0;
  let sliceMs = 0;
  let dupes = 0;
  let n = 0;
  const wall = performance.now();
  const cpu0 = process.cpuUsage();
  for (const doc of generate(count)) {
    ids.push(doc.id);
    gold.push(String(doc.story));
    const t = performance.now();
    const c0 = process.cpuUsage();
    if (dedup.add(doc).length) dupes++;
    clusters.add(doc);
    const c1 = process.cpuUsage(c0);
    const dt = performance.now() - t;
    linkMs += dt;
    sliceMs += dt;
    linkCpuUs += c1.user + c1.system;
    sliceCpuUs += c1.user + c1.system;
    n++;
    if (n % slice === 0) {
      slices.push(sliceMs / slice);
      sliceMs = 0;
      cpuSlices.push(sliceCpuUs / 1000 / slice);
      sliceCpuUs = 0;
    }
  }
  const t = performance.now();
  const f0 = process.cpuUsage();
  clusters.flush();
  const f1 = process.cpuUsage(f0);
  linkCpuUs += f1.user + f1.system;
  linkMs += performance.now() - t;
  const wallS = (performance.now() - wall) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  // the live set, when run with --expose-gc: what the link stage holds, without garbage not yet collected
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const predicted = ids.map((id) => clusters.storyOf(id) ?? id);
  const score = clusterScores(predicted, gold);
  const out = [
    `bench:link — ${n.toLocaleString('en')} generated articles (${new Set(gold).size.toLocaleString('en')} stories) through dedup + clustering, one core`,
    `  link stage: ${(n / (linkMs / 1000)).toFixed(0)} articles/s (${(linkMs / 1000).toFixed(1)} s; generation excluded; wall ${wallS.toFixed(1)} s)`,
    `  link stage per CPU second (what one free core would do): ${(n / (linkCpuUs / 1e6)).toFixed(0)} articles/s`,
    `  per CPU second, generation included: ${(n / cpuS).toFixed(0)} articles/s`,
    `  peak RSS: ${rssMb.toFixed(0)} MB; heap in use at the end${gc ? ' after a full collection' : ''}: ${heapMb.toFixed(0)} MB`,
    `  ms/article by tenth of the stream: ${slices.map((s) => s.toFixed(3)).join(' ')}`,
    `  first tenth ${slices[0]?.toFixed(3)} ms/article, last tenth ${slices.at(-1)?.toFixed(3)} ms/article (wall, link stage)`,
    `  link-stage CPU ms/article by tenth: ${cpuSlices.map((s) => s.toFixed(3)).join(' ')}`,
    `  CPU first tenth ${cpuSlices[0]?.toFixed(3)}, last tenth ${cpuSlices.at(-1)?.toFixed(3)}: last/first ${((cpuSlices.at(-1) ?? 0) / (cpuSlices[0] ?? 1)).toFixed(2)}`,
    `  articles with a near-duplicate: ${dupes.toLocaleString('en')}; dedup held at end: ${dedup.held.toLocaleString('en')}; stories found: ${clusters.storyCount.toLocaleString('en')}`,
    `  per article: ${(dedup.candidatesChecked / n).toFixed(1)} dedup candidates verified, ${(clusters.scored / n).toFixed(1)} stories scored; stories holding centroids at end: ${clusters.activeStories.toLocaleString('en')}`,
    `  sanity: BCubed P ${score.bcubed.precision.toFixed(3)} R ${score.bcubed.recall.toFixed(3)} F1 ${score.bcubed.f1.toFixed(3)} against the generated stories`,
    '  targets (issue 6): at least 2,000 articles/s, peak RSS under 1.5 GB',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
