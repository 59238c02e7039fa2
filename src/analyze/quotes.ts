/**
 * Quotes and reported speech of an article body, with their cue, speaker,
 * addressee and channel, as standoff spans into the body.
 *
 * One algorithm, top to bottom (each heuristic's words are in `quote-lexicon.ts`):
 *
 * 1. Quotation-mark spans (`quote-marks.ts`): paired marks of every kind,
 *    multi-paragraph and block quotes.
 * 2. Lines opening with a name and a colon (`Graham: ...`, transcripts): the
 *    name's, cue words inside them included. Then cues, left to right,
 *    outside quotation marks and those lines (`said`, `told`,
 *    `pointed out`, `according to`, ...). For each cue, a pattern ladder:
 *    - `according to X, CONTENT` / `CONTENT, according to X`;
 *    - `"CONTENT," X said` and `"CONTENT," said X` (a quote ending right before
 *      the speaker: the whole quotation, however many sentences it runs);
 *    - `CONTENT, X said.` (reported speech before the attribution);
 *    - `X said [to Y] [on Tuesday] [on Twitter] that|: CONTENT` and, for verbs
 *      that allow it, `X said CONTENT` without `that`;
 *    - participles (`..., adding that`) take the speaker of the cue before them
 *      in the sentence, else the subject of their clause;
 *    then a quotation right after a name and a colon is the name's.
 *    Content holding a quotation is `mixed`; content that is one whole
 *    quotation is `direct`; other content is `indirect`.
 * 3. Quotations no cue claimed: one that opens a sentence and reads as speech
 *    (three words or more, or sentence punctuation inside) continues the
 *    previous speaker; right after an attributed quotation in the same
 *    paragraph it is the second piece of a split quote. Anything else in
 *    marks (`a "frank" discussion`, a title) is not a quote.
 * 4. Speakers resolved in body order (`quote-speaker.ts`).
 *
 * Never throws; time linear in the body (every scan is bounded by a constant
 * window or done once).
 */
import type { EntityMention, Quote, QuoteDate, QuoteKind, Span, Speaker, TextSpan, TimeExpression } from '../types.js';
import { type BoundsModel, boundsContext, loadBoundsModel, refineQuotes } from './quote-bounds.js';
import {
  CHANNEL_NOUNS,
  CUE_AUX,
  CUES,
  type CueEntry,
  DETERMINERS,
  NOT_A_NAME,
  PP_OPENERS,
  SKIP_BEFORE_CUE,
  SPEAKER_PRONOUNS,
} from './quote-lexicon.js';
import { dateQuotes } from './quote-dates.js';
import { findMarkSpans, type MarkSpan, paragraphs } from './quote-marks.js';
import { type CueContext, cueScoreAt, loadQuoteModel, type QuoteModel } from './quote-model.js';
import {
  addresseeAt,
  clauseSubject,
  isCap,
  nounPhraseEndingAt,
  phraseEndingAt,
  phraseStartingAt,
  type TokRange,
  type TokView,
} from './quote-phrases.js';
import { SpeakerResolver } from './quote-speaker.js';
import { type QuoteWords, quoteWords, WORD_FLAG } from './quote-words.js';
import { KIND, type Tokens, tokenize } from './tokenize.js';

/** Options of the quote layer. */
export interface QuoteOptions {
  /** Named-entity spans of the same body (from the analyze stage), used to type and resolve speakers. @default [] */
  entities?: readonly EntityMention[];
  /** Time expressions of the same body (from the analyze stage): skipped between a speaker and its cue (`Lavrov on Feb. 24 said`), and the quotes' dates. @default [] */
  times?: readonly TimeExpression[];
  /** The article's reference date (ISO), the date of a quote whose attribution gives none. @default null */
  reference?: string | null;
  /** The trained cue scorer; null runs the rules alone. @default the shipped models/quote-cues.json, if any */
  model?: QuoteModel | null;
  /** The trained boundary model of content and source spans; null keeps the rules' spans. @default the shipped models/quote-bounds.json, if any */
  bounds?: BoundsModel | null;
  /** Each token's text and lower-case text, and maybe rows in a word table, when the caller has made them (the analyze stage, `tokenForms`); not changed. The rows are used when `table` is this call's. @default made here */
  words?: { raw: readonly string[]; low: readonly string[]; rows?: Int32Array; table?: QuoteWords };
}

/** Words kept inside a cue when they stand right before it: auxiliaries, negation, `also`, adverbs in -ly. */
const CUE_LEFT =
  /^(has|have|had|will|would|did|does|do|could|can|may|might|should|must|is|was|were|are|be|been|also|not|never|just|still|again|already|further|once|\w{2,}ly)$/;
/** A form of `be` opening a cue: an `-ing` cue after it is a progressive verb, not a participle. */
const PROGRESSIVE_BE = /^(is|was|were|are|be|been)$/;
/** Nouns in -ly that can end a speaker phrase (`the family said`), never adverbs of the cue. */
const LY_NOUNS = new Set(['family', 'ally', 'rally', 'supply', 'reply', 'assembly', 'monopoly', 'bully', 'anomaly']);
/** Longest apposition or relative clause between a speaker and its cue kept in the mention, in tokens. */
const MAX_APPOSITION = 25;
/** Most tokens of an apposition after an inverted speaker (`said Jim Smith, a lawyer for ... who ...`); 40 scored above 25 on dev and train. */
const MAX_TRAILING_APPOSITION = 40;
/** Prepositions a learned cue takes into itself when they follow it directly (`spoke of`, `talked about`). */
const CUE_PARTICLES = new Set(['of', 'about', 'for', 'as', 'on', 'over', 'against', 'up']);
/** Where the object of a learned cue ends. */
const BARE_STOPS = new Set([',', '—', '–', ';', '(']);
/** Longest source after `according to` read up to the next comma, in tokens. */
const MAX_ACCORDING_SOURCE = 14;
/** Longest speaker read after a cue that follows a quotation (`"...," said Cruz constituent Dan Golvach when ...`), in tokens. */
const MAX_INVERTED_SPEAKER = 12;
/** Words that end such a speaker: a clause or phrase of circumstance begins (`when asked`, `in an interview`, `who ...`). */
const INVERTED_SPEAKER_STOPS = new Set([
  'when',
  'who',
  'whose',
  'which',
  'while',
  'as',
  'after',
  'before',
  'because',
  'though',
  'although',
  'in',
  'on',
  'at',
  'during',
  'to',
  'from',
  'with',
  'about',
  'that',
  'and',
  'but',
]);
/** Punctuation that ends such a speaker. */
const INVERTED_SPEAKER_PUNCT = /^[,;:.!?—–()]$/;
/** Words that open the question after a sentence-initial `asked` (`Asked whether ...`, `When asked who ...`). */
const QUESTION_OPENERS = new Set(['whether', 'if', 'what', 'who', 'how', 'why', 'where', 'which']);
/** Longest parenthesis between a speaker and its cue (`(D-Ore.)`), in tokens. */
const MAX_PARENTHESIS = 10;
/** Words a model cue never starts on: forms of `be` and adverbs (PolNeAR's cues hold them, the head verb follows), prepositions (`calls for a ceasefire`: the noun is the cue, if anything). */
const NOT_MODEL_CUE_START =
  /^(is|was|were|are|be|been|being|\w+ly|long|for|to|of|in|on|at|by|with|about|from|into|over|against|as|than|upon)$/;
/** Longest cue the model marks, in tokens (`pointed to`, `came out against`). */
const MAX_MODEL_CUE = 3;

/** The pattern entry of a cue the model found: content may follow bare; `-ing` forms hang on their clause's subject. */
const modelEntry = (w: string): CueEntry => ({
  rest: [],
  addressee: false,
  bare: true,
  participle: w.endsWith('ing'),
  learned: true,
});

/** Words a quotation must hold to be speech when no cue claims it. */
const MIN_UNATTRIBUTED_WORDS = 3;
/** Tokens looked through between a cue and its content for a `that`, a colon or a quotation. */
const PP_WINDOW = 8;
/** Longest speaker before a line-opening colon, in tokens (`John McCain:`). */
const MAX_COLON_SPEAKER = 5;
/** Day names skipped after a cue (`Espinoza said Friday.`) when no time expression covers them. */
const DAY_NAMES = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)$/;
/** A month name: with a day number after it, a date the time layer may have left (`March 5th`), never a speaker. */
const MONTH_NAMES =
  /^(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?$|^(january|february|march|april|may|june|july|august|september|october|november|december)$/;
/** Shortest indirect content without `that`, in tokens. */
const MIN_BARE_CONTENT = 3;
/** Words opening a clause of circumstance, which may follow the attribution of a quotation (`“...,” X said when asked`). */
const CIRCUMSTANCE: ReadonlySet<string> = new Set(['when', 'as', 'after', 'before', 'while', 'because', 'during']);
/** Words after a comma that end reported speech (`reportedEnd`). Chosen on dev: a comma before a participle or a relative `which`/`who` was tried and scored lower. */
const CONTRAST_STOPS: ReadonlySet<string> = new Set(['but', 'though', 'although']);
/**
 * Words opening a clause of a content: a statement right after one (`He notes that the
 * Commission announced ...`, `what he believed was`) is reported inside the earlier statement and
 * PolNeAR annotates only the outer one. Chosen on dev, checked on train: `when`, `after`, `as` and
 * relative `who` open statements of their own about as often as not, and are left out.
 */
const NESTED_OPENERS: ReadonlySet<string> = new Set(['that', 'what', 'why', 'if', 'whether']);
/** Closing marks that may end the content right before an attribution. */
const CLOSE_MARKS = new Set(['”', '"', '’', "'", '»']);
const OPEN_MARKS = new Set(['“', '"', '‘', "'", '«', '„']);
const SENTENCE_END = new Set(['.', '!', '?', ';', '…']);

/** A quote before speaker resolution. */
interface Draft {
  parts: Span[];
  kind: QuoteKind;
  cue: TokRange | null;
  speaker: TokRange | null;
  /** For participles and continuations: take the speaker of this earlier draft. */
  speakerFrom: Draft | null;
  addressee: TokRange | null;
  channel: TokRange | null;
  via: string;
  /** Sentence index of the cue (participles look for an earlier cue in it). */
  sentence: number;
  /** Where the written mention ends when an apposition follows the speaker (token index, exclusive). */
  mentionEnd?: number;
}

/** Headline case: a sentence of at least this many words after its first ... */
const HEADLINE_MIN_WORDS = 5;
/** ... of which at least this share start with a capital. */
const HEADLINE_CAP_SHARE = 0.85;

/** Words a headline capitalises that the phrase rules read in lower case: cue words, pronouns, determiners, function words. */
const HEADLINE_LOWER: ReadonlySet<string> = new Set([
  ...CUES.keys(),
  ...SPEAKER_PRONOUNS.keys(),
  ...DETERMINERS,
  ...NOT_A_NAME,
  ...PP_OPENERS,
  'to',
  'of',
  'won’t',
  "won't",
]);

/**
 * Reads a headline-case sentence (`As NATO Says It Won’t Do Anything To Support Ankara`) as
 * sentence case: its capitalised cue words, pronouns and function words, not first, lose their
 * capital (`as NATO says it won’t Do Anything to Support Ankara`), so the phrase rules find the
 * speaker and the cue as in body text. Returns `raw` itself when no sentence is in headline case
 * (most bodies), else a changed copy.
 */
function lowerHeadlineCase(t: Tokens, raw: readonly string[], low: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let s = 0; s < t.sentences; s++) {
    const a = t.sentStarts[s]!;
    const b = t.sentEnds[s]!;
    // most sentences have a lower-case word early: stop once the share cannot be reached
    const maxLower = (b - a - 1) * (1 - HEADLINE_CAP_SHARE);
    let words = 0;
    let caps = 0;
    for (let i = a + 1; i < b && words - caps <= maxLower; i++) {
      if (t.kinds[i] !== KIND.word) continue;
      words++;
      const c = raw[i]!.charCodeAt(0);
      if (c < 128 ? c >= 65 && c <= 90 : raw[i]!.charAt(0) !== low[i]!.charAt(0)) caps++;
    }
    if (words < HEADLINE_MIN_WORDS || caps < words * HEADLINE_CAP_SHARE) continue;
    for (let i = a + 1; i < b; i++) {
      const w = raw[i]!;
      // only a capital initial: `US` and `IT` stay names
      if (w !== low[i] && w.slice(1) === low[i]!.slice(1) && HEADLINE_LOWER.has(low[i]!)) {
        out ??= raw.slice();
        out[i] = low[i]!;
      }
    }
  }
  return out ?? raw;
}

/** Finds the quotes of a body. Never throws on any text. */
export function findQuotes(body: string, tokens: Tokens = tokenize(body), options: QuoteOptions = {}): Quote[] {
  const entities = options.entities ?? [];
  const t = tokens;
  const n = t.length;
  let written: readonly string[];
  let low: readonly string[];
  if (options.words) {
    written = options.words.raw;
    low = options.words.low;
  } else {
    const texts = new Array<string>(n);
    const lower = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      texts[i] = body.slice(t.starts[i], t.ends[i]);
      lower[i] = texts[i]!.toLowerCase();
    }
    written = texts;
    low = lower;
  }
  const raw = lowerHeadlineCase(t, written, low);
  const v: TokView = { t, raw, low };
  const paras = paragraphs(body);
  const marks = findMarkSpans(body, paras);

  // token -> sentence, token -> mark (-1 outside), token -> inside a time expression
  const sentOf = new Int32Array(n);
  for (let s = 0; s < t.sentences; s++) for (let i = t.sentStarts[s]!; i < t.sentEnds[s]!; i++) sentOf[i] = s;
  const markOf = new Int32Array(n).fill(-1);
  const markByStart = new Map<number, number>();
  const markByEnd = new Map<number, number>();
  /** The quotation that opens at token `i`, else null. */
  const markOpeningAt = (i: number): (typeof marks)[number] | null => {
    const k = markOf[i] ?? -1;
    return k >= 0 && marks[k]!.start === t.starts[i] ? marks[k]! : null;
  };
  {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const s = t.starts[i]!;
      while (m < marks.length && marks[m]!.end <= s) m++;
      if (m < marks.length && marks[m]!.start <= s) markOf[i] = m;
    }
    marks.forEach((mk, k) => {
      markByStart.set(mk.start, k);
      markByEnd.set(mk.end, k);
    });
  }
  const inTime = new Uint8Array(n);
  // in body order, for the tokens here and the quotes' dates (step 6)
  const times = options.times?.length ? [...options.times].sort((a, b) => a.start - b.start) : [];
  if (times.length) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const s = t.starts[i]!;
      while (k < times.length && times[k]!.end <= s) k++;
      if (k < times.length && times[k]!.start <= s) inTime[i] = 1;
    }
  }
  const tokenAtOrAfter = (pos: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.starts[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const paraOf = (pos: number) => {
    let lo = 0;
    let hi = paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (paras[mid]!.end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const sentStart = (i: number) => t.sentStarts[sentOf[i]!]!;
  const sentEnd = (i: number) => t.sentEnds[sentOf[i]!]!;
  const usedMarks = new Uint8Array(marks.length);
  const model = options.model === undefined ? loadQuoteModel() : options.model;
  const bounds = options.bounds === undefined ? loadBoundsModel() : options.bounds;
  // one lookup per token: lexicon and candidate flags, both models' word ids
  const table = quoteWords(model, bounds);
  const given = options.words;
  const words = given?.rows && given.table === table ? table.columns(given.rows) : table.tokens(low);
  const quotedTok = new Uint8Array(n);
  for (let i = 0; i < n; i++) quotedTok[i] = markOf[i]! >= 0 ? 1 : 0;
  const cueCtx: CueContext = { raw, low, kinds: t.kinds, quoted: quotedTok };
  if (model) cueCtx.ids = { space: model.space, word: words.cueWord, stem: words.cueStem };
  const sentQuoted = new Int8Array(t.sentences).fill(-1);
  const drafts: Draft[] = [];

  /** Content from token `a` to the end of its sentence (or of a quotation running past it), final stop left out. */
  const contentFrom = (a: number, limit: number): Span | null => {
    let e = limit;
    // a quotation open at the end runs to its close
    const lastMark = markOf[e - 1]!;
    let end = e > a ? t.ends[e - 1]! : -1;
    if (lastMark >= 0 && marks[lastMark]!.end > end) end = marks[lastMark]!.end;
    else {
      while (e > a && SENTENCE_END.has(raw[e - 1]!)) e--;
      while (e > a && (raw[e - 1] === ',' || raw[e - 1] === ':')) e--;
      if (e <= a) return null;
      end = t.ends[e - 1]!;
    }
    return end > t.starts[a]! ? { start: t.starts[a]!, end } : null;
  };
  /**
   * Where reported speech from token `a` stops: before a contrast the reporter adds (`said X,
   * though she acknowledged Y`, `X, but they care enough`), else at `limit`; `but that ...` goes on
   * reporting.
   */
  const reportedEnd = (a: number, limit: number): number => {
    for (let k = a + 2; k < limit - 1; k++)
      if (raw[k] === ',' && markOf[k]! < 0 && CONTRAST_STOPS.has(low[k + 1]!) && low[k + 2] !== 'that') return k;
    return limit;
  };
  const marksIn = (s: Span) => {
    const out: number[] = [];
    for (let i = tokenAtOrAfter(s.start); i < n && t.starts[i]! < s.end; i++) {
      const m = markOf[i]!;
      if (m >= 0 && out[out.length - 1] !== m) out.push(m);
    }
    return out;
  };
  const kindOf = (content: Span): QuoteKind => {
    const inside = marksIn(content);
    if (inside.length === 0) return 'indirect';
    const only = marks[inside[0]!]!;
    if (inside.length === 1 && only.start === content.start && only.end >= content.end) {
      const first = body
        .slice(only.start + 1, only.start + 3)
        .trim()
        .charAt(0);
      return first && first === first.toLowerCase() && first !== first.toUpperCase() ? 'mixed' : 'direct';
    }
    return 'mixed';
  };
  const claim = (content: Span) => {
    for (const m of marksIn(content)) usedMarks[m] = 1;
  };
  /** A statement whose speaker is the name before a colon token `c` (`FALLIN: …`, `pollster Daron Shaw: "…"`). */
  const nameColon = (content: Span, c: number, speaker: TokRange, via: string): Draft => ({
    parts: [content],
    kind: kindOf(content),
    cue: { start: c, end: c + 1 },
    speaker,
    speakerFrom: null,
    addressee: null,
    channel: null,
    via,
    sentence: sentOf[c]!,
  });
  const add = (d: Omit<Draft, 'kind'> & { kind?: QuoteKind }) => {
    const first = d.parts[0]!;
    const kind = d.kind ?? kindOf(first);
    // a cue inside an earlier content starts a new statement: the earlier content stops before it,
    // unless the statement opens a clause of that content
    const prev = drafts[drafts.length - 1];
    if (prev) {
      const pp = prev.parts[prev.parts.length - 1]!;
      const cut = Math.min(
        first.start,
        d.speaker ? t.starts[d.speaker.start]! : first.start,
        d.cue ? t.starts[d.cue.start]! : first.start,
      );
      if (pp.start < cut && pp.end > cut && first.start >= pp.start) {
        // `... notes that the Commission announced that ...`: a statement opening a clause of the
        // content is part of it (PolNeAR annotates the outer statement only)
        if (NESTED_OPENERS.has(low[tokenAtOrAfter(cut) - 1] ?? '')) return;
        let e = tokenAtOrAfter(cut);
        while (e > 0 && t.starts[e - 1]! >= pp.start && /^(,|and|but|;|while)$/.test(low[e - 1]!)) e--;
        if (e > 0 && t.ends[e - 1]! > pp.start) pp.end = t.ends[e - 1]!;
      }
    }
    claim(first);
    drafts.push({ ...d, kind });
  };

  // 2. `Graham: Trump's rhetoric ...` — a line opening with a name and a colon (headlines,
  // transcripts), first: the cue words inside its content are the speaker's, not new statements
  const lined = new Uint8Array(n);
  for (const para of paras) {
    const first = tokenAtOrAfter(para.start);
    let c = first;
    while (c < n && c - first < MAX_COLON_SPEAKER && t.starts[c]! < para.end && raw[c] !== ':') c++;
    if (c >= n || raw[c] !== ':' || c === first || t.starts[c]! >= para.end || markOf[c]! >= 0) continue;
    const sp = phraseStartingAt(v, first, c);
    if (!sp || sp.end !== c || !isCap(v, first)) continue;
    let e = c + 1;
    while (e < n && t.starts[e]! < para.end) e++;
    if (e - (c + 1) < MIN_BARE_CONTENT) continue;
    const content = contentFrom(c + 1, e);
    if (!content) continue;
    lined.fill(1, c + 1, e);
    claim(content);
    drafts.push(nameColon(content, c, sp, 'line:name-colon'));
  }

  for (let i = 0; i < n; i++) {
    // only lexicon cue words and `according` open a pattern: every other token is passed by its flags
    if (
      !(words.flags[i]! & (WORD_FLAG.lexicon | WORD_FLAG.according)) ||
      markOf[i]! >= 0 ||
      lined[i] ||
      t.kinds[i] !== KIND.word
    )
      continue;
    const sS = sentStart(i);
    const sE = sentEnd(i);
    if (low[i] === 'according' && low[i + 1] === 'to') {
      accordingTo(i, sS, sE);
      continue;
    }
    if (low[i] === 'asked' && (i === sS || (i === sS + 1 && low[sS] === 'when')) && askedQuestion(i, sE)) continue;
    if (isCap(v, i) && i !== sS) continue;
    const entries = CUES.get(low[i]!);
    let cue: CueEntry | null = null;
    for (const e of entries ?? []) {
      if (e.rest.every((w, k) => low[i + 1 + k] === w) && (!cue || e.rest.length > cue.rest.length)) cue = e;
    }
    if (cue) {
      const cueEnd = i + 1 + cue.rest.length;
      if (cueAt(i, cueEnd, cue, sS, sE)) {
        i = Math.max(i, cueEnd - 1);
        continue;
      }
    }
  }

  // 2a. the trained scorer, outside what the rules took: a word outside the lexicon read as a
  // cue in context (`called the show "..."`, `wants voters to know`); it never starts on an auxiliary or an adverb
  if (model) {
    // tokens a rule statement holds (its content, cue or speaker) are not cues again
    const ruled = new Uint8Array(n);
    for (const d of drafts) {
      for (const p of d.parts) for (let i = tokenAtOrAfter(p.start); i < n && t.starts[i]! < p.end; i++) ruled[i] = 1;
      for (const r of [d.cue, d.speaker]) if (r) ruled.fill(1, r.start, r.end);
    }
    for (let i = 0; i < n; i++) {
      if (ruled[i] || markOf[i]! >= 0 || t.kinds[i] !== KIND.word) continue;
      const sS = sentStart(i);
      const sE = sentEnd(i);
      const w = low[i]!;
      if (!(words.flags[i]! & WORD_FLAG.candidate)) continue; // before the other tests: two words in three are no candidate
      if ((isCap(v, i) && i !== sS) || NOT_MODEL_CUE_START.test(w) || SKIP_BEFORE_CUE.has(w)) continue;
      if (CUE_AUX.has(w) || !modelCue(i, sS, sE)) continue;
      // `Swiftly rejecting the suggestion, the US stated ...`: an opening participle is the sentence's frame, not its cue
      if (w.endsWith('ing') && (i === sS || (i === sS + 1 && /ly$/.test(low[sS]!)))) continue;
      let c1 = i + 1;
      while (c1 < sE && c1 - i < MAX_MODEL_CUE && markOf[c1]! < 0 && t.kinds[c1] === KIND.word && modelCue(c1, sS, sE))
        c1++;
      const had = drafts.length;
      if (!cueAt(i, c1, modelEntry(w), sS, sE)) continue;
      i = c1 - 1;
      if (drafts.length === had) continue; // a statement inside an earlier content (`NESTED_OPENERS`)
      // its content stops before a statement the rules found (`Turkey dismissed ..., telling Blinken that`)
      const last = drafts[drafts.length - 1]!.parts;
      const part = last[last.length - 1]!;
      for (let k = Math.max(c1, tokenAtOrAfter(part.start)); k < n && t.starts[k]! < part.end; k++) {
        if (!ruled[k]) continue;
        let e = k;
        while (e > c1 && /^(,|and|but|;|while|—|–)$/.test(low[e - 1]!)) e--;
        if (e > c1 && t.ends[e - 1]! > part.start) part.end = t.ends[e - 1]!;
        break;
      }
    }
  }

  /** Does the cue model score token `i` as a cue? */
  function modelCue(i: number, sS: number, sE: number): boolean {
    if (!(words.flags[i]! & WORD_FLAG.candidate)) return false;
    const s = sentOf[i]!;
    if (sentQuoted[s] === -1) {
      sentQuoted[s] = 0;
      for (let k = sS; k < sE; k++)
        if (markOf[k]! >= 0) {
          sentQuoted[s] = 1;
          break;
        }
    }
    return cueScoreAt(model!, cueCtx, i, sS, sE, sentQuoted[s] === 1) > model!.threshold;
  }

  function accordingTo(i: number, sS: number, sE: number): void {
    let sp = phraseStartingAt(v, i + 2, sE);
    if (!sp || (sp.end < sE && raw[sp.end] !== ',' && !SENTENCE_END.has(raw[sp.end]!))) {
      // `according to a just-released poll from Florida Atlantic University, ...`: the words up to the comma
      let e = i + 2;
      while (
        e < sE &&
        e - (i + 2) < MAX_ACCORDING_SOURCE &&
        raw[e] !== ',' &&
        !SENTENCE_END.has(raw[e]!) &&
        markOf[e]! < 0
      )
        e++;
      if (e > i + 2 && e < sE && raw[e] === ',' && (i === sS || raw[i - 1] === ',' || raw[i - 1] === '—'))
        sp = { start: i + 2, end: e };
      else if (e > i + 2 && (e >= sE || SENTENCE_END.has(raw[e]!)) && i > sS && raw[i - 1] === ',')
        sp = { start: i + 2, end: e };
    }
    if (!sp) return;
    const cue = { start: i, end: i + 2 };
    const speaker = sp;
    // one `according to` statement: its content from `from` to `to`, the source ending at `mentionEnd` when given
    const attribute = (from: number, to: number, via: string, mentionEnd?: number) => {
      const content = contentFrom(from, to);
      if (content)
        add({
          parts: [content],
          cue,
          speaker,
          speakerFrom: null,
          addressee: null,
          channel: null,
          via,
          sentence: sentOf[i]!,
          ...(mentionEnd === undefined ? {} : { mentionEnd }),
        });
    };
    // `CONTENT, according to Phillip Carter, head of the center.`: the apposition is the source's
    const trailing = i > sS && raw[i - 1] === ',' && raw[sp.end] === ',' ? appositionAfter(sp.end, sE) : undefined;
    if (trailing !== undefined && (trailing >= sE || SENTENCE_END.has(raw[trailing]!)))
      attribute(sS, i - 1, 'according-to:after', trailing);
    else if (raw[sp.end] === ',' && sp.end + 1 < sE) attribute(sp.end + 1, sE, 'according-to');
    else if (i > sS && raw[i - 1] === ',') attribute(sS, i - 1, 'according-to:after');
  }

  /** Token before `k` skipping adverbs, auxiliaries and time phrases (leftwards). */
  function skipLeft(k: number, floor: number): number {
    while (k >= floor) {
      const l = low[k]!;
      const timeish =
        inTime[k] === 1 ||
        t.kinds[k] === KIND.number ||
        /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$/.test(l);
      if (
        timeish ||
        (SKIP_BEFORE_CUE.has(l) && !isCap(v, k) && l !== 'on' && l !== 'in') ||
        (/ly$/.test(l) && l.length > 4 && !isCap(v, k))
      ) {
        k--;
        continue;
      }
      if (
        (l === 'on' || l === 'in') &&
        k + 1 < n &&
        (inTime[k + 1] === 1 || t.kinds[k + 1] === KIND.number || /^[a-z]{3}\.?$/.test(low[k + 1]!))
      ) {
        k--;
        continue;
      }
      break;
    }
    return k;
  }

  /**
   * `"...," said Jim Smith, a professor at Princeton.`: the apposition after an inverted speaker,
   * from its comma `c` to the sentence end (PolNeAR's source holds it), or to a comma before a
   * phrase of place or channel (`..., the top Democrat on the committee, in a statement`), comma
   * kept; none when a quotation comes first or the phrase opens with a preposition or a participle.
   * Returns the mention's end token.
   */
  function appositionAfter(c: number, sE: number): number | undefined {
    // `said Flynn, speaking of ...`, `said O'Neill, on his first day`: a phrase of circumstance, not an apposition
    const first = low[c + 1] ?? '';
    if (PP_OPENERS.has(first) || (first.length > 5 && first.endsWith('ing'))) return undefined;
    for (let k = c + 1; k < sE && k - c <= MAX_TRAILING_APPOSITION; k++) {
      if (markOf[k]! >= 0) return undefined;
      if (SENTENCE_END.has(raw[k]!)) return k > c + 1 ? k : undefined;
      if (raw[k] === ',' && PP_OPENERS.has(low[k + 1] ?? '')) return k + 1;
    }
    return undefined;
  }

  /** Tries the cue patterns at tokens `[c0, c1)`. */
  /** Does a date start at token `i` (a month name and a day number: `March 5th`, `Feb. 24`)? */
  function isDate(i: number): boolean {
    return (
      MONTH_NAMES.test(low[i]!) && /^\d{1,2}(st|nd|rd|th)?$/.test(low[i + 1] === '.' ? low[i + 2]! : (low[i + 1] ?? ''))
    );
  }

  function cueAt(c0: number, c1: number, cue: CueEntry, sS: number, sE: number): boolean {
    const sentence = sentOf[c0]!;
    // `“Is she poor?” Trump said.`: a quotation ending its own sentence is the content of an attribution right after it
    if (sS > 0 && CLOSE_MARKS.has(raw[sS - 1]!) && markByEnd.has(t.ends[sS - 1]!) && !SENTENCE_END.has(raw[sS]!))
      if (paraOf(t.starts[sS - 1]!) === paraOf(t.starts[sS]!)) sS--;
    let cueStart = c0;
    // PolNeAR's cue holds the auxiliaries and adverbs before the verb (`has also repeatedly said`)
    while (
      cueStart - 1 >= sS &&
      !isCap(v, cueStart - 1) &&
      inTime[cueStart - 1] === 0 &&
      CUE_LEFT.test(low[cueStart - 1]!) &&
      !LY_NOUNS.has(low[cueStart - 1]!)
    )
      cueStart--;
    const cueRange = { start: cueStart, end: c1 };
    // `Lynch is reaffirming that`: an `-ing` form after a form of `be` is the clause's verb, with a subject of its own
    if (cue.participle && cueStart < c0 && PROGRESSIVE_BE.test(low[cueStart]!)) cue = { ...cue, participle: false };
    const k = skipLeft(cueStart - 1, sS);
    let speaker: TokRange | null = null;
    let speakerFrom: Draft | null = null;
    let mentionEnd: number | undefined;
    let inverted = false;
    let boundary = -1; // token just before the content-before boundary (a comma or a closing mark)
    let afterQuotation = false; // the speaker follows a cue that follows a quotation: the content is that quotation
    if (k >= sS && (raw[k] === ',' || CLOSE_MARKS.has(raw[k]!)) && !cue.participle) {
      // `"...," said Lavrov` / `..., said the minister`: the speaker follows the cue
      const apposition = appositionBefore(k, sS);
      if (apposition) speaker = apposition;
      else {
        // the phrase after the cue is the speaker only when the clause ends with it (`..., said Lavrov.`)
        const after = phraseStartingAt(v, c1, sE);
        const next = after ? raw[after.end] : undefined;
        if (after && (after.end >= sE || next === ',' || SENTENCE_END.has(next!) || PP_OPENERS.has(low[after.end]!))) {
          speaker = after;
          inverted = true;
          boundary = k;
          if (next === ',') mentionEnd = appositionAfter(after.end, sE);
        } else if (CLOSE_MARKS.has(raw[k]!) && markByEnd.has(t.ends[k]!) && t.kinds[c1] === KIND.word) {
          // right after a quotation, `said` opens the speaker whatever its words (`"...," said Cruz
          // constituent Dan Golvach when asked`, `said the 46-year-old.`): they run to a stop
          let e = c1;
          while (
            e < sE &&
            e - c1 < MAX_INVERTED_SPEAKER &&
            markOf[e]! < 0 &&
            !INVERTED_SPEAKER_PUNCT.test(raw[e]!) &&
            !INVERTED_SPEAKER_STOPS.has(low[e]!)
          )
            e++;
          if (e > c1 && e - c1 < MAX_INVERTED_SPEAKER) {
            speaker = { start: c1, end: e };
            inverted = true;
            boundary = k;
            afterQuotation = true;
          }
        }
      }
    } else if (k >= sS) {
      speaker = phraseEndingAt(v, k, sS);
      if (speaker) boundary = speaker.start - 1;
    }
    if (!speaker && k > sS && raw[k] === ')') {
      // `Rep. Earl Blumenauer (D-Ore.) said`: the parenthesis belongs to the mention
      let o = k - 1;
      while (o > sS && k - o < MAX_PARENTHESIS && raw[o] !== '(') o--;
      const sp = raw[o] === '(' ? phraseEndingAt(v, o - 1, sS) : null;
      if (sp) {
        speaker = sp;
        mentionEnd = k + 1;
        boundary = sp.start - 1;
      }
    }
    if (!speaker && k > sS && raw[k] === ',' && !cue.participle) {
      // `"...," Amy Pope, deputy homeland security advisor, said`: the speaker opens right after the quotation
      for (let j = k - 1; j > sS && k - j <= MAX_APPOSITION; j--) {
        if (!CLOSE_MARKS.has(raw[j]!) || !markByEnd.has(t.ends[j]!)) continue;
        const sp = phraseStartingAt(v, j + 1, k);
        if (sp && raw[sp.end] === ',') {
          speaker = sp;
          mentionEnd = k + 1;
          boundary = j;
        }
        break;
      }
    }
    if (!speaker && (cue.participle || (k >= sS && (low[k] === 'and' || low[k] === ',')))) {
      // a participle or a second verb: the speaker of the sentence's previous cue, else the clause's subject
      for (let d = drafts.length - 1; d >= 0 && drafts[d]!.sentence === sentence; d--) {
        speakerFrom = drafts[d]!;
        break;
      }
      if (!speakerFrom) speaker = clauseSubject(v, sS, cueStart);
      if (!speaker && !speakerFrom) return false;
      // `Chris Cox, who runs the NRA's lobbying arm, says`: the mention runs to the comma before the cue (PolNeAR)
      if (speaker && !cue.participle && raw[k] === ',' && raw[speaker.end] === ',' && k > speaker.end)
        if (k - speaker.end <= MAX_APPOSITION) mentionEnd = k + 1;
    }
    // a common-noun speaker (`many reporters noted`, `a new poll shows`), only for content after the cue
    let weak = false;
    if (!speaker && !speakerFrom && k >= sS && !cue.participle) {
      speaker = nounPhraseEndingAt(v, k, sS);
      weak = speaker !== null;
    }
    if (!speaker && !speakerFrom) return false;
    // a date never speaks (`March 5th is named as the date ...`)
    if (speaker && (inTime[speaker.start] === 1 || isDate(speaker.start))) return false;

    // right side: addressee, then phrases of time, place and channel before `that`, a colon or a quotation
    let r = inverted && speaker ? speaker.end : c1;
    let addressee: TokRange | null = null;
    let channel: TokRange | null = null;
    if (cue.addressee && r < sE) {
      addressee = addresseeAt(v, r, sE);
      if (addressee) r = addressee.end;
    }
    for (let hop = 0; hop < 3 && r < sE; hop++) {
      if (inTime[r] === 1 || DAY_NAMES.test(low[r]!)) {
        while (r < sE && (inTime[r] === 1 || DAY_NAMES.test(low[r]!))) r++;
        continue;
      }
      if (SKIP_BEFORE_CUE.has(low[r]!) && !PP_OPENERS.has(low[r]!) && !CUE_AUX.has(low[r]!)) {
        r++;
        hop--;
        continue;
      }
      if (!PP_OPENERS.has(low[r]!)) break;
      let q = r + 1;
      while (
        q < sE &&
        q - r <= PP_WINDOW &&
        low[q] !== 'that' &&
        raw[q] !== ',' &&
        raw[q] !== ':' &&
        !OPEN_MARKS.has(raw[q]!) &&
        !PP_OPENERS.has(low[q]!) &&
        !SENTENCE_END.has(raw[q]!)
      )
        q++;
      if (q - r > PP_WINDOW || q === r + 1) break;
      for (let x = r; x < q; x++) if (CHANNEL_NOUNS.has(low[x]!)) channel = { start: r, end: q };
      r = q;
    }
    const base = { cue: cueRange, speaker, speakerFrom, addressee, channel, sentence, mentionEnd };
    const atEnd =
      afterQuotation ||
      r >= sE ||
      SENTENCE_END.has(raw[r]!) ||
      (raw[r] === ',' && !OPEN_MARKS.has(raw[r + 1] ?? '')) ||
      // `“...,” the tycoon told Reuters in Macau when asked ...`: a clause of circumstance after a quotation's attribution
      (CIRCUMSTANCE.has(low[r]!) && boundary >= 0 && CLOSE_MARKS.has(raw[boundary]!));
    if (weak && atEnd) return false;
    if (atEnd && boundary >= sS) {
      // content before the attribution: a whole quotation ending there, else the sentence up to the comma
      let b = boundary;
      if (raw[b] === ',') b--;
      const closing = b >= 0 ? markByEnd.get(t.ends[b]!) : undefined;
      if (closing !== undefined && !usedMarks[closing]) {
        const mk = marks[closing]!;
        add({
          ...base,
          parts: [{ start: mk.start, end: mk.end }],
          via: inverted ? 'quote:cue-before-speaker' : 'quote:speaker-cue-after',
        });
        return true;
      }
      if (raw[boundary] === ',' && boundary > sS) {
        const content = contentFrom(sS, boundary);
        if (content) {
          add({ ...base, parts: [content], via: 'reported:speaker-after' });
          return true;
        }
      }
      return false;
    }
    if (r >= sE) return false;
    if (low[r] === 'that') {
      const content = contentFrom(r, reportedEnd(r, sE));
      if (content) add({ ...base, parts: [content], via: 'reported:that' });
      return content !== null;
    }
    let colon = false;
    if (raw[r] === ':' || (raw[r] === ',' && OPEN_MARKS.has(raw[r + 1] ?? ''))) {
      colon = raw[r] === ':';
      r++;
    }
    // PolNeAR's cue runs on to the colon that opens its content (`said in a statement:`)
    const cue2 = colon && !inverted ? { ...base, cue: { start: cueRange.start, end: r } } : base;
    if (colon && r === sE && r < n && !inverted && paraOf(t.starts[r]!) !== paraOf(t.starts[r - 1]!)) {
      // `The New York Times reports:` closing its paragraph: the content is the next paragraph (its quotation)
      const para = paras[paraOf(t.starts[r]!)]!;
      const mk = markOpeningAt(r);
      const content = mk ? { start: mk.start, end: mk.end } : contentFrom(r, tokenAtOrAfter(para.end));
      if (content) add({ ...cue2, parts: [content], via: 'reported:colon-paragraph' });
      return content !== null;
    }
    const opening = r < sE ? markOpeningAt(r) : null;
    if (opening) {
      // the quotation alone, or the rest of the sentence when words follow it
      let after = r;
      while (after < n && t.starts[after]! < opening.end) after++;
      let rest = after;
      while (rest < sE && (SENTENCE_END.has(raw[rest]!) || raw[rest] === ',')) rest++;
      const content: Span =
        rest >= sE || after >= sE ? { start: opening.start, end: opening.end } : (contentFrom(r, sE) ?? opening);
      add({ ...cue2, parts: [content], via: 'quote:cue-before' });
      return true;
    }
    if (colon) {
      const content = contentFrom(r, sE);
      if (content) add({ ...cue2, parts: [content], via: 'reported:colon' });
      return content !== null;
    }
    if (cue.bare || (cue.addressee && low[r] === 'to')) {
      if (sE - r < MIN_BARE_CONTENT || t.kinds[r] !== KIND.word) return false;
      let from = r;
      let cueOut = base.cue;
      if (cue.learned && r === c1 && CUE_PARTICLES.has(low[r]!) && sE - r > MIN_BARE_CONTENT) {
        // `spoke of the deal`, `talked about the wall`: PolNeAR's cue holds the preposition
        from = r + 1;
        cueOut = { start: base.cue.start, end: r + 1 };
      }
      // a learned cue's object ends at the first comma or dash outside quotation marks (`called X "Y", adding`)
      let stop = sE;
      if (cue.learned)
        for (let q = from + 1; q < sE; q++)
          if (markOf[q]! < 0 && BARE_STOPS.has(raw[q]!)) {
            stop = q;
            break;
          }
      const content = contentFrom(from, reportedEnd(from, stop));
      if (content) add({ ...base, cue: cueOut, parts: [content], via: 'reported:bare' });
      return content !== null;
    }
    return false;
  }

  /**
   * `Asked whether Clinton “has the integrity ...,” 75 percent said`: a sentence opening with
   * `asked` and a question word reports the question, up to the first comma outside quotation
   * marks, with no source (PolNeAR's convention); the main clause after it is a statement of its own.
   */
  function askedQuestion(i: number, sE: number): boolean {
    if (!QUESTION_OPENERS.has(low[i + 1] ?? '')) return false;
    let e = i + 1;
    // to the comma outside quotation marks, or past a quotation closing on one (`...,”`)
    for (; e < sE && !(raw[e] === ',' && markOf[e]! < 0); e++)
      if (raw[e - 1] === ',' && CLOSE_MARKS.has(raw[e]!) && markByEnd.has(t.ends[e]!)) {
        e++;
        break;
      }
    if (e >= sE || e - (i + 1) < MIN_BARE_CONTENT) return false;
    const content = contentFrom(i + 1, e);
    if (!content) return false;
    add({
      parts: [content],
      cue: { start: i, end: i + 1 },
      speaker: null,
      speakerFrom: null,
      addressee: null,
      channel: null,
      via: 'reported:asked',
      sentence: sentOf[i]!,
    });
    return true;
  }

  /** `X, NAME, said`: the name between two commas right before the cue. */
  function appositionBefore(k: number, sS: number): TokRange | null {
    if (raw[k] !== ',') return null;
    let a = k - 1;
    while (a >= sS && a > k - 5 && isCap(v, a)) a--;
    if (a === k - 1 || a < sS || raw[a] !== ',') return null;
    return { start: a + 1, end: k };
  }

  // 2c. `... Republican pollster Daron Shaw: “Historically, ...”` — a quotation after a name and a colon
  for (let m = 0; m < marks.length; m++) {
    if (usedMarks[m]) continue;
    const mk = marks[m]!;
    const q = tokenAtOrAfter(mk.start);
    const c = q - 1;
    if (c < 1 || raw[c] !== ':' || markOf[c]! >= 0 || lined[c] || sentOf[c] !== sentOf[c - 1]) continue;
    const sp = phraseEndingAt(v, c - 1, sentStart(c));
    if (!sp || SPEAKER_PRONOUNS.has(low[sp.start]!) || !isCap(v, c - 1)) continue;
    const content = { start: mk.start, end: mk.end };
    claim(content);
    drafts.push(nameColon(content, c, sp, 'quote:name-colon'));
  }
  drafts.sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);

  // 3. quotations no cue claimed
  const unclaimed: Draft[] = [];
  for (let m = 0; m < marks.length; m++) {
    if (usedMarks[m]) continue;
    const mk = marks[m]!;
    if (insideContent(mk)) continue;
    if (!opensSentence(mk.start)) continue;
    const inner = body.slice(mk.start + 1, mk.end);
    const wordCount = inner.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    const speechLike =
      wordCount >= MIN_UNATTRIBUTED_WORDS && (/[.!?,]["”’»']?$/.test(inner.trim()) || mk.open || wordCount >= 8);
    const d: Draft & { short?: boolean } = {
      parts: [{ start: mk.start, end: mk.end }],
      kind: 'direct',
      cue: null,
      speaker: null,
      speakerFrom: null,
      addressee: null,
      channel: null,
      via: 'continuation',
      sentence: sentOf[Math.min(n - 1, tokenAtOrAfter(mk.start))] ?? 0,
      // too short to be speech on its own; still the second piece of a split quote
      short: !speechLike,
    };
    unclaimed.push(d);
  }

  function insideContent(mk: MarkSpan): boolean {
    for (const d of drafts) for (const p of d.parts) if (p.start <= mk.start && mk.end <= p.end) return true;
    return false;
  }
  function opensSentence(pos: number): boolean {
    let i = pos - 1;
    while (i >= 0 && /[ \t\u00a0]/.test(body[i]!)) i--;
    return i < 0 || body[i] === '\n' || /[.!?:;”"»]/.test(body[i]!);
  }

  const all = [...drafts, ...unclaimed].sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);
  // split quotes: an unclaimed quotation right after an attributed quotation's attribution in the same paragraph
  const merged: Draft[] = [];
  for (const d of all) {
    const prev = merged[merged.length - 1];
    if (d.via === 'continuation' && prev && prev.kind === 'direct' && prev.via.startsWith('quote:') && prev.cue) {
      const gapStart = prev.parts[prev.parts.length - 1]!.end;
      const cueEnd = t.ends[Math.max(prev.cue.end, prev.speaker?.end ?? 0) - 1]!;
      const between = body.slice(Math.max(gapStart, cueEnd), d.parts[0]!.start);
      if (paraOf(gapStart) === paraOf(d.parts[0]!.start) && /^[\s.,;:]*$/.test(between) && cueEnd > gapStart) {
        prev.parts.push(d.parts[0]!);
        continue;
      }
    }
    if (!(d as { short?: boolean }).short) merged.push(d);
  }

  // 4. speakers, in body order
  const quotedAt = (pos: number) => {
    const i = tokenAtOrAfter(pos);
    return i < n && markOf[i]! >= 0 && t.starts[i] === pos
      ? marks[markOf[i]!]!.start < pos
      : i < n && markOf[i]! >= 0 && marks[markOf[i]!]!.start < pos;
  };
  const resolver = new SpeakerResolver({ v, entities, quoted: quotedAt, paraOf, flags: words.flags });
  const out: Quote[] = [];
  const speakers = new Map<Draft, Speaker>();
  /** Every quote's date until step 6 finds the said ones. */
  const undated: QuoteDate = { value: options.reference ?? null, from: 'published', span: null };
  const span = (r: TokRange | null): TextSpan | null => {
    if (!r || r.end <= r.start) return null;
    const s = t.starts[r.start]!;
    const e = t.ends[r.end - 1]!;
    return { start: s, end: e, text: body.slice(s, e) };
  };
  for (const d of merged) {
    const pos = d.parts[0]!.start;
    let sp: Speaker;
    if (d.speaker) sp = resolver.resolve(d.speaker, Math.min(pos, t.starts[d.speaker.start]!));
    else if (d.speakerFrom && speakers.has(d.speakerFrom)) {
      const from = speakers.get(d.speakerFrom)!;
      sp = { ...from, via: `participle:${from.via}` };
      resolver.remember(pos, from.resolved);
    } else if (d.via === 'continuation') {
      sp = continuation(d, out);
      resolver.remember(pos, sp.resolved);
    } else sp = resolver.resolve(null, pos);
    if (d.mentionEnd !== undefined && d.speaker && sp.mention) {
      const end = t.ends[d.mentionEnd - 1]!;
      sp = { ...sp, mention: { ...sp.mention, end, text: body.slice(sp.mention.start, end) } };
    }
    speakers.set(d, sp);
    const parts = d.parts.map((p) => ({ start: p.start, end: p.end }));
    out.push({
      start: parts[0]!.start,
      end: parts[parts.length - 1]!.end,
      kind: d.kind,
      parts,
      text: parts.map((p) => body.slice(p.start, p.end)).join(' … '),
      cue: span(d.cue),
      speaker: sp,
      addressee: span(d.addressee),
      channel: span(d.channel),
      via: d.via,
      date: undated,
    });
  }
  // 5. the trained boundary model re-decides where contents and speaker mentions start and end
  const final =
    bounds && out.length
      ? refineQuotes(
          body,
          boundsContext(body, t, { raw, low, marks, paras, quoted: quotedTok, sent: sentOf }),
          out,
          bounds,
          words.boundsWord,
        )
      : out;
  // 6. when each was said: a time expression of its attribution, else the article's date
  const dates = dateQuotes(final, { t, times, reference: options.reference ?? null, quoted: quotedAt });
  return final.map((q, k) => ({ ...q, date: dates[k]! }));

  /** The speaker of a quotation no cue claimed: the previous paragraph's speaker, else its subject, else a recent speaker. */
  function continuation(d: Draft, before: readonly Quote[]): Speaker {
    const pos = d.parts[0]!.start;
    const para = paraOf(pos);
    const last = before[before.length - 1];
    if (last && last.speaker.resolved && para - paraOf(last.end) <= 1) {
      return { mention: last.speaker.mention, resolved: last.speaker.resolved, via: 'continuation:previous-speaker' };
    }
    const prevPara = paras[para - 1];
    if (prevPara && !(last && last.end > prevPara.start)) {
      const first = tokenAtOrAfter(prevPara.start);
      const subject = first < n ? clauseSubject(v, first, Math.min(sentEnd(first), n)) : null;
      if (subject) {
        const sp = resolver.resolve(subject, t.starts[subject.start]!);
        if (sp.resolved || sp.mention) return { ...sp, via: `continuation:previous-subject:${sp.via}` };
      }
    }
    if (last && last.speaker.resolved && para - paraOf(last.end) <= 3) {
      return { mention: last.speaker.mention, resolved: last.speaker.resolved, via: 'continuation:recent-speaker' };
    }
    return { mention: null, resolved: null, via: 'continuation:unresolved' };
  }
}
