import { analyze, analyzeVersion } from './analyze/index.js';
import { RESOLVE_VERSION, resolveArticle } from './resolve/article.js';
import type { AnalysisWrite, Store } from './store/store.js';
import type { Analysis, Article } from './types.js';

/**
 * Connects the analyze stage to the store. Analysis is a pure function of an
 * article's body, its published date and the stage's version, so it runs over
 * the stored articles whose analysis is missing or of another version: new
 * articles after an ingest, and every article once after a model upgrade,
 * through the same path. Each batch is one transaction; an interrupted run
 * keeps its finished batches and the next run takes up the rest.
 */

/**
 * The version stored analyses are compared with: the analyze stage (code and
 * models) and the in-article resolution whose chains make the stored entities.
 */
export function storedAnalysisVersion(): string {
  return `${analyzeVersion()}+${RESOLVE_VERSION}`;
}

/** Options of one analyze run. */
export interface AnalyzeRunOptions {
  /** Articles per transaction. @default 200 */
  batchSize?: number;
  /** Called after each batch with the articles done and the number there were to do. */
  onProgress?: (done: number, total: number) => void;
  /** When aborted, the current batch is stored and the run ends. */
  signal?: AbortSignal;
}

/** What an analyze run came to. */
export interface AnalyzeRunSummary {
  version: string;
  analyzed: number;
  /** Tokens of the analysed bodies. */
  tokens: number;
  seconds: number;
  interrupted: boolean;
}

/** Analyses every stored article without a current analysis and stores the results. */
export async function analyzeStore(store: Store, options: AnalyzeRunOptions = {}): Promise<AnalyzeRunSummary> {
  const started = performance.now();
  const version = storedAnalysisVersion();
  const batchSize = options.batchSize ?? 200;
  const state = await store.analysisState(version);
  const total = state.articles - state.current;
  const summary: AnalyzeRunSummary = { version, analyzed: 0, tokens: 0, seconds: 0, interrupted: false };
  let after = 0;
  while (total > 0) {
    const pending = await store.pendingAnalyses(version, batchSize, after);
    if (!pending.length) break;
    const writes: AnalysisWrite[] = pending.map((p) => {
      const analysis = analyze(p.body, { published: p.published });
      summary.tokens += analysis.tokens;
      return { id: p.id, analysis, version, chains: resolveArticle(p.body, analysis).chains };
    });
    await store.putAnalyses(writes);
    summary.analyzed += writes.length;
    after = pending[pending.length - 1]?.seq ?? after;
    options.onProgress?.(summary.analyzed, total);
    if (options.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * An article's stored analysis when it is of this analyze stage's version,
 * else a fresh one (not stored: readers open the store read-only).
 */
export async function currentAnalysis(store: Store, article: Article): Promise<Analysis> {
  const stored = await store.getAnalysis(article.id);
  return stored?.version === analyzeVersion() ? stored : analyze(article.body, { published: article.published?.value });
}
