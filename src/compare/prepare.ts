/**
 * What every view of a comparison reads: the story's sentences, each with its
 * article, outlet, content stems and lexicon-based tone, built once.
 */
import Sentiment from 'sentiment';
import { stemsOf, type Word, wordsIn } from './text.js';
import type { CompareArticle, Evidence } from './types.js';

/** One sentence of the story. */
export interface SentenceRecord extends Evidence {
  outlet: string;
  /** Index of the sentence in its article's `analysis.sentences`. */
  index: number;
  stems: Set<string>;
  /** Its words, split once. */
  words: Word[];
  /** AFINN-165 comparative score (sum of word valences per word), via the `sentiment` package. */
  tone: number;
  /** AFINN-165 words of positive and of negative valence, and the sum of valences. */
  valence: Valence;
}

/** What the AFINN-165 lexicon finds in a text. */
export interface Valence {
  positive: number;
  negative: number;
  score: number;
}

/** The story's sentences, article by article, and the weight of each stem. */
export interface PreparedStory {
  articles: readonly CompareArticle[];
  /** Articles by id. */
  articleById: Map<string, CompareArticle>;
  /** Outlets in order of appearance. */
  outlets: string[];
  sentences: SentenceRecord[];
  /** Sentences of each article, in order. */
  byArticle: Map<string, SentenceRecord[]>;
  /** Inverse sentence frequency of a stem in the story: rare stems weigh more in matching. */
  weight: (stem: string) => number;
}

let sentiment: Sentiment | null = null;

/** The AFINN-165 comparative score of a text (0 for text without lexicon words). Never throws. */
export function toneOf(text: string): number {
  return lexiconTone(text).tone;
}

/** The AFINN-165 comparative score of a text and its valence counts (zeros when the lexicon finds nothing). Never throws. */
export function lexiconTone(text: string): { tone: number; valence: Valence } {
  sentiment ??= new Sentiment();
  try {
    const r = sentiment.analyze(text);
    return {
      tone: Number.isFinite(r.comparative) ? r.comparative : 0,
      valence: {
        positive: r.positive.length,
        negative: r.negative.length,
        score: Number.isFinite(r.score) ? r.score : 0,
      },
    };
  } catch {
    return { tone: 0, valence: { positive: 0, negative: 0, score: 0 } };
  }
}

/** Says what the tone figures are, printed with them. */
export const TONE_METHOD =
  'lexicon-based: mean AFINN-165 word valence per word of each sentence (npm package sentiment), not a model of stance';

/** Builds the sentence records of a story. Sentences outside the body (a bad analysis) are clipped or dropped. */
export function prepareStory(articles: readonly CompareArticle[]): PreparedStory {
  const outlets: string[] = [];
  const sentences: SentenceRecord[] = [];
  const byArticle = new Map<string, SentenceRecord[]>();
  for (const a of articles) {
    if (!outlets.includes(a.outlet)) outlets.push(a.outlet);
    const list: SentenceRecord[] = [];
    a.analysis.sentences.forEach((s, index) => {
      const start = Math.max(0, s.start);
      const end = Math.min(a.body.length, s.end);
      if (!(end > start)) return;
      const words = wordsIn(a.body, start, end);
      const rec: SentenceRecord = {
        article: a.id,
        outlet: a.outlet,
        start,
        end,
        index,
        stems: stemsOf(words),
        words,
        ...lexiconTone(a.body.slice(start, end)),
      };
      list.push(rec);
      sentences.push(rec);
    });
    byArticle.set(a.id, list);
  }
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of s.stems) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, sentences.length);
  const weight = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));
  return { articles, articleById: new Map(articles.map((a) => [a.id, a])), outlets, sentences, byArticle, weight };
}

/** The evidence part of a sentence record. */
export const evidenceOf = (s: Evidence): Evidence => ({ article: s.article, start: s.start, end: s.end });
