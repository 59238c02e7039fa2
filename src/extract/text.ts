/**
 * Scraped plain text → clean body and metadata.
 *
 * Scrapers flatten a page with its furniture still in: comment prompts,
 * donation buttons, share rows, captions, related headlines, cross-promotion
 * glued into a paragraph. This module separates body from furniture line by
 * line and inside lines, top to bottom:
 *
 *   1. paragraphs         — `splitBlocks` (hard wrapping undone)
 *   2. inline cuts        — cross-promotion and ad labels glued into a paragraph
 *   3. line rules         — metadata lines (source, date, byline), the named
 *                           furniture table in `text-rules.ts`, captions
 *   4. title              — the head's headline-shaped line that best matches the
 *                           body; what stands before it is masthead
 *   5. repeats            — the title again, a caption again, a paragraph again
 *   6. related headlines  — under a "Related" header, after the last body
 *                           paragraph, or standing between paragraphs with a
 *                           headline's shape (verb, `X: Y`, `…, X tells Y`)
 *
 * Every removed piece goes to `removed` with its reason, in document order:
 * the body, the title and `removed` together hold every non-space character
 * of the input. When unsure, a line stays in the body.
 */
import type { Extracted, Found, RemovedPart } from '../types.js';
import { splitBlocks } from './text-lines.js';
import { type Byline, isOutletLike, readByline, readDateLine, readSourceLine } from './text-meta.js';
import {
  AGENCY_SLASH,
  ATTRIBUTION_SHAPE,
  CAPTION_BRACKET_END,
  CAPTION_LABEL_END,
  CAPTION_PAREN_END,
  CREDIT_WORD,
  GLUE_JUNCTION,
  INLINE_AD,
  INLINE_AD_HINTS,
  INLINE_PROMO,
  INLINE_PROMO_HINTS,
  KICKER_SHAPE,
  LINE_RULES,
  LIST_ITEM,
  PROMO_BOUNDARY,
  RELATED_HEADER,
} from './text-rules.js';
import {
  contentWords,
  endsSentence,
  hasHeadlineVerb,
  isBodyParagraph,
  isHeadlineShaped,
  openingHash,
  textKey,
  titleCaseRatio,
  wordCount,
} from './text-shape.js';

export { splitBlocks } from './text-lines.js';

/** The thresholds of the heuristics below, each with why. */
const LIMITS = Object.freeze({
  /** Lines longer than this are never whole-line furniture; skips the rule table on long paragraphs. */
  maxFurnitureLine: 600,
  /** A caption is at most this long. */
  maxCaption: 500,
  /** How many kept lines from the top may hold a title (mastheads, bylines and dates come first). */
  headLines: 12,
  /** Repeats shorter than this (as comparison keys) may be legitimate ("Yes.", a one-word answer). */
  minRepeatKey: 20,
  /** Repeats are looked up by this many opening characters. */
  repeatOpening: 60,
  /** A title repeat may be this much longer than the title line (other quotes, a trailing mark). */
  titleRepeatSlack: 10,
  /** How far a glued headline may run before the sentence it was glued to. */
  maxGluedHeadline: 260,
  /** Inline cuts per line; a guard against hostile input. */
  maxCutsPerLine: 8,
  /** A line standing between paragraphs is a related headline from this score on (see `relatedScore`). */
  relatedScore: 3,
  /** A title ending in ? or ! has at most this many words; a longer question is a lead. */
  maxQuestionTitle: 15,
  /** How much of the body is compared with title candidates. */
  overlapChars: 1500,
  /** A body with this many words must share a word with the title candidate. */
  minBodyWordsForOverlap: 30,
});

/** Minimum confidence of each kind of evidence, recorded in `Found.confidence`. */
const CONFIDENCE = Object.freeze({
  titleLine: 0.7,
  sourceLine: 0.8,
  bylineOutlet: 0.6,
  copyrightOutlet: 0.5,
  titleSuffixOutlet: 0.4,
  dateLine: 0.8,
  bylineDate: 0.7,
  updatedDate: 0.5,
});

/** `Turkey defiant over S-400 | The Daily Planet`: a site name after a bar. */
const TITLE_SUFFIX = /\s+(\|\s+[^|]{2,60})$/;
const COPYRIGHT_HEAD = /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*/i;
const COPYRIGHT_TAIL = /[.,]?\s*(?:all rights reserved|alle rechte vorbehalten|tous droits réservés)\.?$/i;
const CREDITS_AUTHORS = /\b(?:reporting|writing|written) by ([^;()]+)/i;
const ALSO_ON = /^also on\b/i;
const LIST_MARKER = /^(?:\d{1,2}[.)]|[-•*·▪►–])\s+/;
const CAPITAL_START = /^\p{Lu}/u;
/** In parentheses only a photo word makes a credit: `(Photo: Jane Doe)`, `(AP Photo/Jane Doe)`. */
const PHOTO_WORD = /\b(?:photo|photograph|image|picture|credit|courtesy|handout|file photo)\b/i;

/** One paragraph of the input and what became of it. */
interface Unit {
  text: string;
  /** Why the whole paragraph left the body, `title` for the title line, null while it is body. */
  reason: string | null;
  /** Pieces cut from inside the paragraph. */
  cuts: RemovedPart[];
  /** Cached `isBodyParagraph(text)`; the text no longer changes once it is asked. */
  bodyShape?: boolean;
}

function isBody(unit: Unit): boolean {
  unit.bodyShape ??= isBodyParagraph(unit.text);
  return unit.bodyShape;
}

/** Metadata gathered while reading; each field keeps its best-supported value. */
interface Meta {
  title: Found<string> | null;
  outlet: Found<string> | null;
  published: Found<string> | null;
  authors: string[];
  creditAuthors: string[];
}

/** Extracts body and metadata from scraped plain text. Never throws on any string. */
export function extractText(content: string): Extracted {
  const units: Unit[] = splitBlocks(content).map((text) => ({ text, reason: null, cuts: [] }));
  const meta: Meta = { title: null, outlet: null, published: null, authors: [], creditAuthors: [] };
  for (const unit of units) cutInline(unit);
  for (const unit of units) classifyLine(unit, meta);
  const titleAt = pickTitle(units, meta);
  markRepeats(units, meta.title?.value ?? null, titleAt);
  markEdgeBylines(units, titleAt, meta);
  markRelated(units);
  readTailCopyright(units, meta);
  return assemble(units, meta);
}

// ---------------------------------------------------------------------------
// 2. inline cuts

/**
 * Cuts cross-promotion glued into a paragraph (`…F-35 jets in Turkey.Also on
 * example.com Headline hereAnkara has…`) and ad labels between sentences.
 * The glued headline ends at the glue junction; the sentence after it is kept
 * whole. With no junction, the promotion runs to the end of the line only
 * when no sentence ends there; otherwise only the marker is cut (keep when
 * unsure).
 */
function cutInline(unit: Unit): void {
  let text = unit.text;
  if (hasAny(text, INLINE_PROMO_HINTS)) text = cutPromotions(text, unit.cuts);
  if (hasAny(text, INLINE_AD_HINTS)) {
    INLINE_AD.lastIndex = 0;
    text = text.replace(INLINE_AD, (ad: string) => {
      unit.cuts.push({ text: ad.trim(), reason: 'advertisement' });
      return '';
    });
  }
  unit.text = text;
}

function cutPromotions(line: string, cuts: RemovedPart[]): string {
  let text = line;
  INLINE_PROMO.lastIndex = 0;
  for (let n = 0; n < LIMITS.maxCutsPerLine;) {
    const m = INLINE_PROMO.exec(text);
    if (!m) break;
    const start = m.index;
    const afterMarker = start + m[0].length;
    if (!PROMO_BOUNDARY.test(text.slice(Math.max(0, start - 2), start))) continue;
    const junction = GLUE_JUNCTION.exec(text.slice(afterMarker, afterMarker + LIMITS.maxGluedHeadline));
    let end: number;
    if (junction) end = afterMarker + junction.index + junction[0].length;
    else if (start === 0)
      break; // a whole-line promotion: the line rules decide
    else if (!endsSentence(text.slice(afterMarker))) end = text.length;
    else end = afterMarker;
    const reason = ALSO_ON.test(m[0]) ? 'cross-promotion' : 'related-link';
    cuts.push({ text: text.slice(start, end).trim(), reason });
    const before = text.slice(0, start).trimEnd();
    const after = text.slice(end).trimStart();
    text = before && after ? `${before} ${after}` : before || after;
    INLINE_PROMO.lastIndex = before.length;
    n++;
  }
  return text;
}

function hasAny(text: string, hints: readonly string[]): boolean {
  for (const hint of hints) if (text.includes(hint)) return true;
  return false;
}

// ---------------------------------------------------------------------------
// 3. line rules

/** Marks a whole line as metadata or furniture, reading its metadata into `meta`. */
function classifyLine(unit: Unit, meta: Meta): void {
  const text = unit.text;
  if (text === '') {
    unit.reason = 'empty';
    return;
  }
  if (text.length > LIMITS.maxFurnitureLine) return;
  const source = readSourceLine(text);
  if (source) {
    offer(meta, 'outlet', source, 'text:source-line', CONFIDENCE.sourceLine);
    unit.reason = 'source-line';
    return;
  }
  const date = readDateLine(text);
  if (date) {
    if (date.iso) {
      const [via, confidence] = date.updated
        ? ['text:updated-line', CONFIDENCE.updatedDate]
        : ['text:date-line', CONFIDENCE.dateLine];
      offer(meta, 'published', date.iso, via, confidence);
    }
    unit.reason = 'date-line';
    return;
  }
  const byline = readByline(text);
  if (byline) {
    takeByline(byline, meta);
    unit.reason = 'byline';
    return;
  }
  if (RELATED_HEADER.test(text)) {
    unit.reason = 'related-header';
    return;
  }
  for (const rule of LINE_RULES) {
    if (text.length > rule.maxLength || !rule.pattern.test(text)) continue;
    if (rule.unless?.test(text)) continue;
    unit.reason = rule.reason;
    if (rule.reason === 'credits') readCredits(text, meta);
    return;
  }
  if (isCaption(text)) unit.reason = 'caption';
}

/** A line ending with a photo credit: `[Jane Doe/Agency]`, `(AP Photo/Jane Doe)`, `Photo: Jane Doe`. */
function isCaption(text: string): boolean {
  if (text.length > LIMITS.maxCaption) return false;
  // the regexes below only run on lines whose last marks could close a credit
  const tail = text.slice(-3);
  const bracket = tail.includes(']') ? CAPTION_BRACKET_END.exec(text)?.[1] : undefined;
  // an editor's insertion ("[in Idlib]") is lower case and has no credit word
  if (bracket && CAPITAL_START.test(bracket) && CREDIT_WORD.test(bracket)) return true;
  const paren = tail.includes(')') ? CAPTION_PAREN_END.exec(text)?.[1] : undefined;
  if (paren && (AGENCY_SLASH.test(paren) || PHOTO_WORD.test(paren))) return true;
  return CAPTION_LABEL_END.test(text);
}

function takeByline(byline: Byline, meta: Meta): void {
  for (const name of byline.authors) if (!meta.authors.includes(name)) meta.authors.push(name);
  if (byline.outlet) offer(meta, 'outlet', byline.outlet, 'text:byline', CONFIDENCE.bylineOutlet);
  if (byline.published) offer(meta, 'published', byline.published, 'text:byline', CONFIDENCE.bylineDate);
}

/** `Reporting by Jane Doe; Editing by John Roe`: the reporters are authors when no byline names any. */
function readCredits(text: string, meta: Meta): void {
  const names = CREDITS_AUTHORS.exec(text)?.[1];
  const byline = names ? readByline(`By ${names.trim()}`) : null;
  if (byline) meta.creditAuthors.push(...byline.authors);
}

/** Keeps the first value of the highest confidence. */
function offer(meta: Meta, field: 'outlet' | 'published', value: string, via: string, confidence: number): void {
  const current = meta[field];
  if (current && current.confidence >= confidence) return;
  meta[field] = { value, via, confidence };
}

// ---------------------------------------------------------------------------
// 4. title

/**
 * The title is a headline-shaped line in the head (before the first body
 * paragraph). Of several (a site slogan, a section name, the title), the one
 * sharing most words with the body wins; lines above it are masthead. A lead
 * paragraph ends as a sentence, so it is never a candidate, and with no
 * candidate there is no title. Returns the title's index, or -1.
 */
function pickTitle(units: Unit[], meta: Meta): number {
  const candidates: number[] = [];
  let seen = 0;
  let headEnd = units.length;
  for (let i = 0; i < units.length && seen < LIMITS.headLines; i++) {
    const unit = units[i]!;
    if (unit.reason !== null) continue;
    seen++;
    // a short question may be the title ("Can the lighthouse be saved?"); a longer sentence is the lead
    if (isHeadlineShaped(unit.text, true) && !LIST_ITEM.test(unit.text)) {
      if (!endsSentence(unit.text) || wordCount(unit.text) <= LIMITS.maxQuestionTitle) {
        candidates.push(i);
        continue;
      }
    }
    if (isBody(unit)) {
      headEnd = i;
      break;
    }
  }
  if (candidates.length === 0) return -1;
  // the title's words reappear early in the body; the first few thousand characters are enough to tell
  let bodyText = '';
  let kept = 0;
  for (let i = headEnd; i < units.length && bodyText.length < LIMITS.overlapChars; i++) {
    const unit = units[i]!;
    if (unit.reason !== null) continue;
    bodyText += ` ${unit.text}`;
    kept++;
  }
  if (kept === 0) return -1;
  const bodyWords = wordCount(bodyText, LIMITS.minBodyWordsForOverlap);
  let best = -1;
  let bestScore = -1;
  const keys = new Set<string>();
  for (const i of candidates) {
    const text = units[i]!.text;
    const key = textKey(text);
    if (keys.has(key)) continue; // a repeat of an earlier candidate is never the title
    keys.add(key);
    const words = [...new Set(contentWords(text))];
    let shared = 0;
    // title words are lower-cased; in the body they may open a sentence or name someone
    for (const w of words) if (bodyText.includes(w) || bodyText.includes(w[0]!.toUpperCase() + w.slice(1))) shared++;
    if (shared === 0 && bodyWords >= LIMITS.minBodyWordsForOverlap) continue;
    const score = (words.length === 0 ? 0 : shared / words.length) + 0.01 * Math.min(wordCount(text), 20);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  if (best < 0) return -1;
  const unit = units[best]!;
  let value = unit.text;
  const suffix = TITLE_SUFFIX.exec(value);
  const site = suffix?.[1]?.slice(1).trim();
  if (suffix && site && isOutletLike(site)) {
    value = value.slice(0, suffix.index);
    unit.cuts.push({ text: suffix[1]!, reason: 'title-site-suffix' });
    offer(meta, 'outlet', site, 'text:title-suffix', CONFIDENCE.titleSuffixOutlet);
  }
  meta.title = { value, via: 'text:title-line', confidence: CONFIDENCE.titleLine };
  unit.reason = 'title';
  for (let i = 0; i < best; i++) if (units[i]!.reason === null) units[i]!.reason = 'masthead';
  return best;
}

// ---------------------------------------------------------------------------
// 5. repeats

/**
 * The title again, a caption again, a paragraph again: the later copies go.
 * Short lines are compared by letters and digits only (quotes and dashes
 * differ between copies); long paragraphs only as they are.
 */
function markRepeats(units: Unit[], title: string | null, titleAt: number): void {
  const titleKeys = new Set<string>();
  let titleLength = 0;
  if (title !== null) {
    titleKeys.add(textKey(title));
    titleKeys.add(textKey(units[titleAt]!.text));
    titleLength = units[titleAt]!.text.length;
  }
  // copies are found by the key of their opening, then confirmed on the whole line (keyed only then)
  const seen = new Map<number, Array<{ text: string; key?: string; reason: string }>>();
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (i === titleAt || (unit.reason !== null && unit.reason !== 'caption')) continue;
    const text = unit.text;
    if (text.length <= titleLength + LIMITS.titleRepeatSlack && titleKeys.has(textKey(text))) {
      unit.reason = 'title-repeat';
      continue;
    }
    const opening = openingHash(text, LIMITS.repeatOpening);
    if (opening.length < LIMITS.minRepeatKey) continue;
    const earlier = seen.get(opening.hash);
    const entry = { text, reason: unit.reason ?? 'body' };
    if (!earlier) {
      seen.set(opening.hash, [entry]);
      continue;
    }
    const key = textKey(text);
    const first = earlier.find((e) => {
      e.key ??= textKey(e.text);
      return e.key === key;
    });
    if (first) unit.reason = first.reason === 'caption' || unit.reason === 'caption' ? 'caption-repeat' : 'duplicate';
    else earlier.push({ ...entry, key });
  }
}

// ---------------------------------------------------------------------------
// 6. bylines without "By", related headlines

/** `Jane Doe | Reuters` right under the title, or a sign-off after the last paragraph. */
function markEdgeBylines(units: Unit[], titleAt: number, meta: Meta): void {
  const first = firstBodyParagraph(units);
  const last = lastBodyParagraph(units);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.reason !== null) continue;
    const inHead = i > titleAt && i < first;
    if (!inHead && i <= last) continue;
    const byline = readByline(unit.text, false);
    if (!byline) continue;
    takeByline(byline, meta);
    unit.reason = 'byline';
  }
}

/**
 * Related headlines: the lines under a "Related" header; headline-shaped lines
 * after the last body paragraph (a subheading always has a paragraph after
 * it); and headline-shaped lines between paragraphs that score as headlines
 * rather than subheadings.
 */
function markRelated(units: Unit[]): void {
  let evidence = false;
  for (let i = 0; i < units.length; i++) {
    const reason = units[i]!.reason;
    if (reason === 'related-link' || reason === 'cross-promotion') evidence = true;
    if (reason !== 'related-header') continue;
    evidence = true;
    for (let j = i + 1; j < units.length; j++) {
      const unit = units[j]!;
      if (unit.reason !== null) continue;
      // the list runs until a sentence: headlines, list items, topic names
      if (!LIST_ITEM.test(unit.text) && (isBody(unit) || endsSentence(unit.text) || wordCount(unit.text, 26) > 25))
        break;
      unit.reason = 'related-headline';
    }
  }
  if (units.some((u) => u.cuts.length > 0)) evidence = true;
  const first = firstBodyParagraph(units);
  const last = lastBodyParagraph(units);
  if (last < 0) return;
  let introduced = false;
  for (let i = last + 1; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.reason !== null) continue;
    // "The union's demands are:" introduces a list that is body
    if (introduced && LIST_ITEM.test(unit.text)) continue;
    introduced = unit.text.endsWith(':');
    if (isHeadlineShaped(unit.text.replace(LIST_MARKER, ''), true)) {
      unit.reason = 'related-headline';
      evidence = true;
    }
  }
  for (let i = first + 1; i < last; i++) {
    const unit = units[i]!;
    // list items in the body are content; only a "Related" header makes them links
    if (unit.reason !== null || LIST_ITEM.test(unit.text) || !isHeadlineShaped(unit.text)) continue;
    let score = relatedScore(unit.text);
    if (evidence) score++;
    if (isHeadlineNeighbour(units, i - 1) || isHeadlineNeighbour(units, i + 1)) score++;
    if (score >= LIMITS.relatedScore) unit.reason = 'related-headline';
  }
}

/**
 * How much a headline-shaped line reads as another article's headline rather
 * than a subheading: a kicker (`Turkey: …`) or headline attribution (`…,
 * Trump tells Erdogan`) counts most; a headline verb, length and Title Case
 * add; a short noun phrase ("S-400 disputes") counts against.
 */
function relatedScore(text: string): number {
  const words = wordCount(text);
  let score = 0;
  if (KICKER_SHAPE.test(text)) score += 2;
  if (ATTRIBUTION_SHAPE.test(text)) score += 2;
  if (hasHeadlineVerb(text)) score += 1;
  if (words >= 8) score += 1;
  if (words >= 5 && titleCaseRatio(text) >= 0.8) score += 1;
  if (words <= 4) score -= 2;
  return score;
}

function isHeadlineNeighbour(units: Unit[], i: number): boolean {
  const unit = units[i];
  return unit !== undefined && unit.reason === null && isHeadlineShaped(unit.text);
}

function firstBodyParagraph(units: Unit[]): number {
  for (let i = 0; i < units.length; i++) if (units[i]!.reason === null && isBody(units[i]!)) return i;
  return units.length;
}

function lastBodyParagraph(units: Unit[]): number {
  for (let i = units.length - 1; i >= 0; i--) if (units[i]!.reason === null && isBody(units[i]!)) return i;
  return -1;
}

/** `© 2024 The Daily Planet. All rights reserved.` after the body names the outlet. */
function readTailCopyright(units: Unit[], meta: Meta): void {
  const last = lastBodyParagraph(units);
  for (let i = Math.max(last, 0); i < units.length; i++) {
    const unit = units[i]!;
    if (unit.reason !== 'copyright') continue;
    const name = unit.text.replace(COPYRIGHT_HEAD, '').replace(COPYRIGHT_TAIL, '').trim();
    if (name && isOutletLike(name)) offer(meta, 'outlet', name, 'text:copyright', CONFIDENCE.copyrightOutlet);
  }
}

// ---------------------------------------------------------------------------

function assemble(units: Unit[], meta: Meta): Extracted {
  const body: string[] = [];
  const removed: RemovedPart[] = [];
  for (const unit of units) {
    for (const cut of unit.cuts) removed.push(cut);
    if (unit.reason === null) body.push(unit.text);
    else if (unit.reason !== 'title' && unit.reason !== 'empty') removed.push({ text: unit.text, reason: unit.reason });
  }
  const authors = meta.authors.length > 0 ? meta.authors : [...new Set(meta.creditAuthors)];
  const outlet = meta.outlet?.value.toLowerCase();
  return {
    title: meta.title,
    outlet: meta.outlet,
    published: meta.published,
    // an outlet is never an author
    authors: authors.filter((a) => a.toLowerCase() !== outlet),
    language: null,
    canonicalUrl: null,
    modified: null,
    section: null,
    tags: [],
    body: body.join('\n\n'),
    removed,
  };
}
