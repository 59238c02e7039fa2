/**
 * The analyze stage: tokens and sentences, named entities, time expressions
 * and amounts of an article body, as standoff spans into it. A pure function of
 * the body, the published date and the model version.
 */
import type { Analysis, EntityMention, EntityType, Span } from '../types.js';
import { findAmounts } from './amounts.js';
import { recognizeDocument } from './entities.js';
import { type TokenForms, tokenForms } from './forms.js';
import { loadModel, modelVersion } from './model.js';
import type { NerModel, WordInfo } from './ner-model.js';
import { loadBoundsModel } from './quote-bounds.js';
import { loadQuoteModel, quoteModelVersion } from './quote-model.js';
import { quoteWords } from './quote-words.js';
import { findQuotes } from './quotes.js';
import { findTimes, referenceDate } from './times.js';
import { type Tokens, tokenize } from './tokenize.js';

export { tokenize, tokenText } from './tokenize.js';

/**
 * Version of the analyze code; the model version is appended (`analyze@5+ner3-gum-...`). 2: chrono behind its
 * trigger, document-level entity types; 3: title chains with the person's role; 4: quote rules for a speaker
 * after a quotation, name-colon lines and quotations, `Asked whether ...` questions; 5: quote rules for a
 * statement inside a content, a contrast ending reported speech, the apposition after an inverted speaker.
 */
const CODE_VERSION = 'analyze@5';

let quoteSuffix: string | undefined;

/** The quote cue model's version, when one is shipped (`+quote-cues-polnear-...`); read from its file once. */
const quoteModelSuffix = (): string => {
  if (quoteSuffix === undefined) {
    const q = quoteModelVersion();
    quoteSuffix = q ? `+${q}` : '';
  }
  return quoteSuffix;
};

/** The analyze stage version: code and models. A change means stored articles are analysed again. */
export function analyzeVersion(): string {
  return `${CODE_VERSION}+${modelVersion()}${quoteModelSuffix()}`;
}

/** Options of one analysis. */
export interface AnalyzeOptions {
  /** The article's published date (ISO 8601), the reference for relative dates. @default null */
  published?: string | null;
  /** The NER model. @default the shipped models/ner.json */
  model?: NerModel;
}

/** Analyses one body. Never throws on any text. */
export function analyze(body: string, options: AnalyzeOptions = {}): Analysis {
  const model = options.model ?? loadModel();
  const tokens = tokenize(body);
  // each token's strings and word look-ups, made once for the entities and the quotes
  const forms = tokenForms(tokens, model, quoteWords(loadQuoteModel(), loadBoundsModel()));
  const sentences: Span[] = [];
  for (let s = 0; s < tokens.sentences; s++) {
    const first = tokens.sentStarts[s] as number;
    const last = (tokens.sentEnds[s] as number) - 1;
    sentences.push({ start: tokens.starts[first] as number, end: tokens.ends[last] as number });
  }
  const reference = referenceDate(body, sentences, options.published);
  const times = findTimes(body, sentences, reference);
  const overlapsAny = (a: Span, list: readonly Span[]) => list.some((b) => a.start < b.end && b.start < a.end);
  const amounts = findAmounts(tokens).filter((a) => !overlapsAny(a, times));
  const entities = findEntities(tokens, forms, model).filter((e) => !overlapsAny(e, times));
  return {
    version: `${CODE_VERSION}+${model.version}${quoteModelSuffix()}`,
    reference,
    tokens: tokens.length,
    sentences,
    entities,
    times,
    amounts,
    quotes: findQuotes(body, tokens, { entities, times, reference: reference.value, words: forms }),
  };
}

/** Longest run of tokens tagged at once: a 1 MB line without punctuation is not a sentence, and rules stay linear. */
const MAX_NER_WINDOW = 200;

/** Named entities sentence by sentence, mapped from token indices to body offsets. */
function findEntities(tokens: Tokens, forms: TokenForms, model: NerModel): EntityMention[] {
  const out: EntityMention[] = [];
  const windows: Array<{ first: number; words: string[]; infos: WordInfo[] }> = [];
  for (let s = 0; s < tokens.sentences; s++) {
    for (let first = tokens.sentStarts[s] as number; first < (tokens.sentEnds[s] as number); first += MAX_NER_WINDOW) {
      const end = Math.min(tokens.sentEnds[s] as number, first + MAX_NER_WINDOW);
      windows.push({ first, words: forms.raw.slice(first, end), infos: forms.infos.slice(first, end) });
    }
  }
  const found = recognizeDocument(
    windows.map((w) => w.words),
    model,
    windows.map((w) => w.infos),
  );
  windows.forEach(({ first }, k) => {
    for (const span of found[k] ?? []) {
      const start = tokens.starts[first + span.start] as number;
      const stop = tokens.ends[first + span.end - 1] as number;
      const mention: EntityMention = {
        start,
        end: stop,
        type: span.type as EntityType,
        text: tokens.text.slice(start, stop),
        via: span.via,
      };
      if (span.role !== undefined && span.role < span.start) {
        const from = tokens.starts[first + span.role] as number;
        mention.role = tokens.text.slice(from, tokens.ends[first + span.start - 1] as number);
      }
      out.push(mention);
    }
  });
  return out;
}
