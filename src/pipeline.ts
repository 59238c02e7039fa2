import { hash } from 'node:crypto';
import { problem } from './errors.js';
import { EXTRACT_VERSION, extract } from './extract/index.js';
import { articleOutletPairs, learnOutletAliases } from './extract/outlet-names.js';
import { readInputs } from './ingest/index.js';
import type { IngestOptions } from './ingest/options.js';
import type { Store } from './store/store.js';
import type { Article, IngestOutcome, IngestSummary, InputProblem, RawRecord } from './types.js';

/**
 * The one pipeline the CLI, the server and the workers call. Per-article
 * stages are pure functions of the raw record; this module only strings them
 * together and hands batches to the store.
 */

/** A per-article stage: what it reads and writes of the article being built, checked once. */
export interface Stage {
  name: string;
  version: string;
  requires: readonly string[];
  assigns: readonly string[];
}

/**
 * The per-record stages in order. The analyze stage is not one of them: it
 * runs over stored articles whose analysis is missing or of another version
 * (`src/analyzing.ts`), so a model upgrade re-analyses without re-ingesting.
 */
export const STAGES: readonly Stage[] = [
  {
    name: 'extract',
    version: EXTRACT_VERSION,
    requires: ['record'],
    assigns: ['title', 'outlet', 'published', 'authors', 'language', 'body', 'removed'],
  },
];

/** Throws when a stage requires what no earlier stage assigns. */
export function checkStages(stages: readonly Stage[]): void {
  const available = new Set(['record']);
  for (const stage of stages) {
    const missing = stage.requires.filter((r) => !available.has(r));
    if (missing.length)
      throw new Error(`stage ${stage.name} requires ${missing.join(', ')}, which no earlier stage assigns`);
    for (const a of stage.assigns) available.add(a);
  }
}
checkStages(STAGES);

/** The pipeline version stored with every article. */
export const PIPELINE_VERSION = STAGES.map((s) => s.version).join('+');

/**
 * An article's id: the hash of its normalised body (whitespace runs collapsed
 * to one space, trimmed, lower-cased), so the same article reached twice (or
 * from two sources) is one article. Ids are stored: the normalisation must
 * never change (`pipeline.test.ts` holds ids computed by earlier versions).
 */
export function articleId(body: string): string {
  // bodies come out of extraction NFC-normalised already
  return hash('sha256', normalForId(body), 'hex').slice(0, 16);
}

/**
 * `body.replace(/\s+/g, ' ').trim().toLowerCase()`, replacing only the
 * whitespace runs that are not already one space (most runs in a body are),
 * so the regex makes a few replacements instead of one per word. Lower-cased
 * last, as the definition does: lower case depends on context (a Greek final
 * sigma before a BOM), which collapsing whitespace can change.
 */
function normalForId(body: string): string {
  return body.trim().replace(WHITESPACE_TO_COLLAPSE, ' ').toLowerCase();
}

/** A whitespace run that is not one space: one starting with other whitespace, or a space and more. */
const WHITESPACE_TO_COLLAPSE = /[^\S ]\s*| \s+/g;

/** Runs the per-article stages on one raw record. */
export function buildArticle(record: RawRecord): Article | InputProblem {
  const extracted = extract(record);
  if (extracted.body.trim().length === 0) return problem('E_NO_TEXT', record.source);
  return {
    ...extracted,
    id: articleId(extracted.body),
    sources: [
      {
        source: record.source,
        url: record.url ?? null,
        rawHash: record.rawHash,
        charset: record.charset?.value ?? null,
        outlet: extracted.outlet?.value ?? null,
        title: extracted.title?.value ?? null,
        published: extracted.published?.value ?? null,
      },
    ],
    pipeline: PIPELINE_VERSION,
  };
}

/** Problems kept in `IngestSummary.problems`; `failed` counts them all. */
export const MAX_KEPT_PROBLEMS = 10_000;

/** Options of one ingest run. */
export interface IngestRun {
  /** Articles per transaction. @default 500 */
  batchSize?: number;
  /** Called after every record with the running totals. */
  onProgress?: (summary: Readonly<IngestSummary>, outcome: IngestOutcome) => void;
  /** When aborted, the current batch is committed and the run ends. */
  signal?: AbortSignal;
  /** Stream read for the input `-`. */
  stdin?: AsyncIterable<Buffer>;
  /** Records read by the caller (a part of a file), read instead of the inputs'. */
  records?: AsyncIterable<RawRecord | InputProblem>;
}

/**
 * Ingests inputs into a store: read, extract, store in batches of one
 * transaction each. Problems are counted and reported, never thrown; what was
 * committed before a failure or an interruption stays committed.
 */
export async function ingest(
  inputs: readonly string[],
  store: Store,
  opts: Readonly<IngestOptions>,
  run: IngestRun = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = {
    read: 0,
    new: 0,
    present: 0,
    failed: 0,
    problems: [],
    seconds: 0,
    interrupted: false,
  };
  const batchSize = run.batchSize ?? 500;
  let batch: Article[] = [];
  // spellings of one outlet its articles give (a name and its host), joined after the last batch
  const outletPairs = new Map<string, [string, string]>();

  const report = (outcome: IngestOutcome) => {
    summary.seconds = (performance.now() - started) / 1000;
    run.onProgress?.(summary, outcome);
  };
  const fail = (p: InputProblem) => {
    summary.failed++;
    // every problem is reported as it happens; the summary keeps the first ones, so a run of millions of bad records stays flat
    if (summary.problems.length < MAX_KEPT_PROBLEMS) summary.problems.push(p);
    report({ status: 'failed', problem: p });
  };
  const flush = async () => {
    if (!batch.length) return;
    const written = batch;
    batch = [];
    const results = await store.putArticles(written);
    for (const a of written)
      for (const [host, name] of articleOutletPairs(a)) outletPairs.set(`${host}\n${name}`, [host, name]);
    results.forEach((result, i) => {
      const article = written[i] as Article;
      summary[result]++;
      report({ status: result, id: article.id, source: article.sources[0]?.source ?? '' });
    });
  };

  for await (const item of run.records ?? readInputs(inputs, opts, run.stdin)) {
    if ('code' in item) {
      fail(item);
    } else {
      summary.read++;
      const built = buildArticle(item);
      if ('code' in built) fail(built);
      else batch.push(built);
      if (batch.length >= batchSize) await flush();
    }
    if (run.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
  }
  await flush();
  // one outlet, many spellings: the names stored and the pairs read (`rt.com` and `RT` are one outlet)
  if (summary.new > 0) await learnOutletAliases(store, [...outletPairs.values()]);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
