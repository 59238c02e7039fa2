/**
 * `dossier eval extraction`: scores our HTML main-content extraction and
 * @mozilla/readability on an article-extraction benchmark folder, in one run,
 * with the same DOM library (linkedom) under both.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extract } from '../src/extract/index.js';
import { type CorpusScore, scoreCorpus } from './extraction-score.js';

export { documentCounts, scoreCorpus, shingles, tokenize } from './extraction-score.js';

/** One benchmark page: its id, URL, HTML and annotated body. */
export interface BenchmarkPage {
  id: string;
  url: string;
  html: string;
  truth: string;
}

/** A named extractor under test: HTML and URL in, article body out (null when it finds none). */
export interface BodyExtractor {
  name: string;
  run: (html: string, url: string) => string | null;
}

/** Figures of one extractor on one data set. */
export interface ExtractorResult extends CorpusScore {
  name: string;
  pagesPerSecond: number;
  seconds: number;
  predictions: Map<string, string>;
}

/**
 * Reads a benchmark folder: `html/<id>.html.gz` (or `.html`) and every
 * `ground-truth*.json` mapping id to `{articleBody, url}`.
 */
export function loadBenchmark(dir: string): BenchmarkPage[] {
  const truthFiles = readdirSync(dir).filter((f) => /^ground-truth.*\.json$/.test(f));
  if (truthFiles.length === 0) throw new Error(`no ground-truth*.json in ${dir}`);
  const pages: BenchmarkPage[] = [];
  for (const file of truthFiles.sort()) {
    const truth = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<
      string,
      { articleBody?: string | null; url?: string }
    >;
    for (const [id, item] of Object.entries(truth)) {
      pages.push({ id, url: item.url ?? '', html: readPage(dir, id), truth: item.articleBody ?? '' });
    }
  }
  return pages.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function readPage(dir: string, id: string): string {
  try {
    return gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return readFileSync(join(dir, 'html', `${id}.html`), 'utf8');
  }
}

/** Our extractor: the whole extract stage on an HTML record (metadata and language detection included in the timing). */
export const OURS: BodyExtractor = {
  name: 'dossier',
  run: (html, url) => extract({ source: url, url, kind: 'html', content: html, rawHash: '' }).body || null,
};

/** Mozilla Readability on a linkedom document, its `textContent` as the body. */
export const READABILITY: BodyExtractor = {
  name: 'readability',
  run: (html) => {
    const { document } = parseHTML(html);
    // readability reads documentElement; a page that is no HTML at all gives no article
    if (!document?.documentElement) return null;
    const article = new Readability(document as unknown as Document).parse();
    return article?.textContent?.trim() || null;
  },
};

/** Runs one extractor over all pages, timing only the extraction, and scores it. */
export function runExtractor(extractor: BodyExtractor, pages: readonly BenchmarkPage[]): ExtractorResult {
  const predictions = new Map<string, string>();
  let elapsed = 0;
  for (const page of pages) {
    const t0 = process.hrtime.bigint();
    let body: string | null;
    try {
      body = extractor.run(page.html, page.url);
    } catch {
      body = null;
    }
    elapsed += Number(process.hrtime.bigint() - t0) / 1e9;
    predictions.set(page.id, body ?? '');
  }
  const truth = new Map(pages.map((p) => [p.id, p.truth]));
  const score = scoreCorpus(truth, predictions);
  return { ...score, name: extractor.name, seconds: elapsed, pagesPerSecond: pages.length / elapsed, predictions };
}

/** Options of one evaluation run. */
export interface EvalExtractionOptions {
  /** The benchmark folder. */
  data: string;
  /** Where to write our predictions as `{id: {articleBody}}`. */
  out?: string;
  /** Extractors to run; @default [OURS, READABILITY] */
  extractors?: BodyExtractor[];
  /** Passes over the pages for timing (the first warms up the JIT and is not scored apart); @default 1 */
  rounds?: number;
}

/** Runs every extractor on the benchmark; writes our predictions when asked. */
export function evalExtraction(options: EvalExtractionOptions): ExtractorResult[] {
  const pages = loadBenchmark(options.data);
  const extractors = options.extractors ?? [OURS, READABILITY];
  const rounds = Math.max(1, options.rounds ?? 1);
  const results: ExtractorResult[] = [];
  for (const extractor of extractors) {
    let best: ExtractorResult | undefined;
    for (let round = 0; round < rounds; round++) {
      const result = runExtractor(extractor, pages);
      if (!best || result.seconds < best.seconds) best = result;
    }
    results.push(best!);
  }
  if (options.out && results[0]) writePredictions(options.out, results[0].predictions);
  return results;
}

/** Writes predictions in the benchmark's shape: `{id: {articleBody}}`. */
export function writePredictions(path: string, predictions: ReadonlyMap<string, string>): void {
  const out: Record<string, { articleBody: string }> = {};
  for (const [id, body] of predictions) out[id] = { articleBody: body };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
}

/** A plain-text table of the figures, one extractor a row. */
export function formatResults(results: readonly ExtractorResult[], pages: number): string {
  const head = `${'extractor'.padEnd(14)}${['precision', 'recall', 'F1', 'exact', 'pages/s'].map((h) => h.padStart(11)).join('')}`;
  const rows = results.map(
    (r) =>
      `${r.name.padEnd(14)}${[r.precision, r.recall, r.f1, r.accuracy].map((n) => n.toFixed(4).padStart(11)).join('')}${r.pagesPerSecond.toFixed(1).padStart(11)}`,
  );
  const [ours, ref] = results;
  const tail =
    ours && ref
      ? [`speed ratio ${ours.name}/${ref.name}: ${(ours.pagesPerSecond / ref.pagesPerSecond).toFixed(2)}x`]
      : [];
  return [`${pages} pages`, head, ...rows, ...tail].join('\n');
}
