/**
 * Main-content extraction on an htmlparser2/domhandler tree, readable top to
 * bottom:
 *
 * 1. `measure`: one post-order pass counts the raw text under every element.
 * 2. `annotate`: one pre-order pass drops furniture (tags, roles, hidden
 *    elements, class/id words) with a reason, then counts, for every kept
 *    element, its text, link text, commas, paragraphs, images, inputs and list
 *    items; paragraph-sized elements are collected for scoring.
 * 3. `score`: readability's paragraph scoring (commas, length, class words,
 *    ancestors at decreasing weight, times one minus link density) picks the
 *    top container, which is widened to a shared ancestor when the best
 *    candidates agree on one, and joined by siblings that look like prose.
 * 4. `serialize`: the chosen subtrees are written out block by block in
 *    reading order; containers that look like furniture by their content
 *    (link-heavy lists, image galleries, forms) and short furniture lines
 *    ("Share this", "Advertisement", bylines, date lines) are dropped.
 *
 * A fallback ladder relaxes the rules when the result is too short, and
 * records every attempt.
 */
import type { AnyNode, Document, Element, Text } from 'domhandler';
import type { RemovedPart } from '../types.js';
import {
  BLOCK_TAGS,
  CONDITIONAL_TAGS,
  CONTENT_HINT,
  DROP_ROLES,
  DROP_TAGS,
  FURNITURE_LINE_MAX,
  FURNITURE_LINES,
  FURNITURE_PATTERNS,
  NEGATIVE_HINT,
  PARAGRAPH_TAGS,
  POSITIVE_HINT,
} from './html-furniture.js';

/** Options of one content extraction. */
export interface ContentOptions {
  /** Drop elements whose class/id names a kind of furniture. @default true */
  furnitureClasses: boolean;
  /** Weigh containers by class/id words. @default true */
  classWeights: boolean;
  /** Drop containers that look like furniture by their content. @default true */
  conditional: boolean;
  /** A body shorter than this (characters) makes the ladder try its next step. @default 250 */
  minBodyChars: number;
  /** The page title, to drop blocks that repeat it. */
  title?: string;
  /** Receives a line about each decision (top candidate, siblings), for error analysis. */
  trace?: (message: string) => void;
}

/** @internal the defaults of `ContentOptions`. */
export const CONTENT_DEFAULTS: Readonly<ContentOptions> = Object.freeze({
  furnitureClasses: true,
  classWeights: true,
  conditional: true,
  minBodyChars: 250,
});

/** One rung of the fallback ladder, as tried. */
export interface ContentAttempt {
  step: string;
  chars: number;
}

/** What content extraction found. */
export interface ContentResult {
  /** Blocks of the body in reading order. */
  blocks: string[];
  removed: RemovedPart[];
  attempts: ContentAttempt[];
}

/** Per-element counts of kept content. */
interface Stats {
  text: number;
  link: number;
  commas: number;
  paragraphs: number;
  images: number;
  inputs: number;
  items: number;
  embeds: number;
  headings: number;
  /** Characters in prose paragraphs (long enough, few links) under this element. */
  prose: number;
  /** Any block-level element among the kept children. */
  hasBlock: boolean;
  /** Characters of text directly inside this element. */
  ownText: number;
  score: number;
  scored: boolean;
}

/** Base score of a container by its tag, before paragraphs add to it (readability's `_initializeNode`). */
const TAG_BASE: Readonly<Record<string, number>> = {
  div: 5,
  article: 8,
  main: 5,
  section: 3,
  pre: 3,
  td: 3,
  blockquote: 3,
  address: -3,
  ol: -3,
  ul: -3,
  dl: -3,
  dd: -3,
  dt: -3,
  li: -3,
  form: -3,
  h1: -5,
  h2: -5,
  h3: -5,
  h4: -5,
  h5: -5,
  h6: -5,
  th: -5,
};

/** A paragraph shorter than this many characters does not vote for its container. */
const MIN_PARAGRAPH_CHARS = 25;
/** How many ancestors a paragraph's score reaches. */
const SCORE_ANCESTORS = 5;
/** Candidates within this share of the top score take part in finding a shared ancestor. */
const ALTERNATIVE_SHARE = 0.75;
/** How many of the best candidates must share an ancestor for it to become the top candidate. */
const MIN_SHARED_CANDIDATES = 3;
/** A paragraph with more link text than this share is not prose. */
const PROSE_MAX_LINK_DENSITY = 0.3;
/** A sibling of the top candidate with this much prose joins it whatever its score. */
const SIBLING_MIN_PROSE = 150;
/** Text separators that count as "commas" (Latin, Arabic, CJK and fullwidth). */
const COMMAS = /[,،﹐︐︑⹁⸴⸲，、]/g;
const SPACES = /\s+/g;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const SENTENCE_END = /[.!?…。！？]["'”’)\]]?\s*$/;

type Tagged = Element & { name: string };

function isElement(node: AnyNode): node is Tagged {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function collapsedLength(text: string): number {
  // counting collapsed whitespace without building the collapsed string
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}

/** camelCase word joints, so `newsCaption` reads as `news-caption`. */
const CAMEL_JOINT = /([a-z0-9])([A-Z])/g;
const classWords = new WeakMap<Tagged, string>();

/** `class` and `id` as one string of words; camelCase split with `-` so patterns see each word. */
function classAndId(el: Tagged): string {
  const cached = classWords.get(el);
  if (cached !== undefined) return cached;
  const c = el.attribs.class;
  const id = el.attribs.id;
  const joined = c && id ? `${c} ${id}` : (c ?? id ?? '');
  const words = joined ? joined.replace(CAMEL_JOINT, '$1-$2') : '';
  classWords.set(el, words);
  return words;
}

/** Runs the extraction with the fallback ladder. */
export function extractContent(doc: Document, options: Partial<ContentOptions> = {}): ContentResult {
  const base: ContentOptions = { ...CONTENT_DEFAULTS, ...options };
  const body = findBody(doc);
  const raw = measure(body);
  const ladder: Array<[string, ContentOptions]> = [
    ['strict', base],
    ['keep-furniture-classes', { ...base, furnitureClasses: false }],
    ['no-class-weights', { ...base, furnitureClasses: false, classWeights: false }],
    ['no-conditional-cleaning', { ...base, furnitureClasses: false, classWeights: false, conditional: false }],
  ];
  const attempts: ContentAttempt[] = [];
  let best: ContentResult | null = null;
  let bestChars = -1;
  for (const [step, opts] of ladder) {
    const result = runOnce(body, raw, opts);
    const chars = result.blocks.reduce((n, b) => n + b.length, 0);
    attempts.push({ step, chars });
    if (chars > bestChars) {
      best = result;
      bestChars = chars;
    }
    if (chars >= opts.minBodyChars) break;
  }
  return { ...(best as ContentResult), attempts };
}

function findBody(doc: Document): Tagged | Document {
  let html: Tagged | undefined;
  for (const node of doc.children) if (isElement(node) && node.name === 'html') html = node;
  for (const node of html?.children ?? doc.children) if (isElement(node) && node.name === 'body') return node;
  return html ?? doc;
}

/** Raw (unfiltered) collapsed text length under every element. */
function measure(root: Tagged | Document): Map<AnyNode, number> {
  const sizes = new Map<AnyNode, number>();
  const visit = (node: AnyNode): number => {
    if (node.type === 'text') return collapsedLength((node as Text).data);
    if (!isElement(node) || node.name === 'script' || node.name === 'style') return 0;
    let n = 0;
    for (const child of node.children) n += visit(child);
    sizes.set(node, n);
    return n;
  };
  let total = 0;
  for (const child of root.children) total += visit(child);
  sizes.set(root, total);
  return sizes;
}

interface Annotation {
  stats: Map<AnyNode, Stats>;
  dropped: Map<AnyNode, string>;
  paragraphs: Tagged[];
}

/** Why an element is furniture, from its tag, role, hidden state or class/id words; null when it is not. */
function furnitureReason(
  el: Tagged,
  raw: Map<AnyNode, number>,
  pageChars: number,
  opts: ContentOptions,
): string | null {
  const byTag = DROP_TAGS.get(el.name);
  if (byTag) return byTag;
  const a = el.attribs;
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return 'hidden';
  if (a.style && HIDDEN_STYLE.test(a.style)) return 'hidden';
  const role = a.role;
  if (role) {
    const byRole = DROP_ROLES.get(role.toLowerCase());
    if (byRole) return byRole;
  }
  if (!opts.furnitureClasses || el.name === 'body' || el.name === 'main' || el.name === 'article') return null;
  const words = classAndId(el);
  if (!words) return null;
  for (const { reason, pattern } of FURNITURE_PATTERNS) {
    if (!pattern.test(words)) continue;
    // an element holding much of the page is the article whatever its class says
    const chars = raw.get(el) ?? 0;
    if (chars > pageChars * 0.4 || (chars > 1200 && CONTENT_HINT.test(words))) return null;
    return reason;
  }
  return null;
}

function classWeight(el: Tagged, opts: ContentOptions): number {
  if (!opts.classWeights) return 0;
  const words = classAndId(el);
  if (!words) return 0;
  let w = 0;
  if (NEGATIVE_HINT.test(words)) w -= 25;
  if (POSITIVE_HINT.test(words)) w += 25;
  return w;
}

function emptyStats(): Stats {
  return {
    text: 0,
    link: 0,
    commas: 0,
    paragraphs: 0,
    images: 0,
    inputs: 0,
    items: 0,
    embeds: 0,
    headings: 0,
    prose: 0,
    hasBlock: false,
    ownText: 0,
    score: 0,
    scored: false,
  };
}

function annotate(root: Tagged | Document, raw: Map<AnyNode, number>, opts: ContentOptions): Annotation {
  const stats = new Map<AnyNode, Stats>();
  const dropped = new Map<AnyNode, string>();
  const paragraphs: Tagged[] = [];
  const pageChars = raw.get(root) ?? 0;
  const visit = (el: Tagged | Document, inLink: boolean): Stats => {
    const s = emptyStats();
    stats.set(el, s);
    const name = isElement(el as AnyNode) ? (el as Tagged).name : '';
    const link = inLink || name === 'a';
    for (const child of el.children) {
      if (child.type === 'text') {
        const data = (child as Text).data;
        const n = collapsedLength(data);
        if (n === 0) continue;
        s.text += n;
        s.ownText += n;
        if (link) s.link += n;
        const commas = data.match(COMMAS);
        if (commas) s.commas += commas.length;
        continue;
      }
      if (!isElement(child)) continue;
      const reason = furnitureReason(child, raw, pageChars, opts);
      if (reason) {
        dropped.set(child, reason);
        if (child.name === 'img' || child.name === 'picture') s.images++;
        else if (child.name === 'input' || child.name === 'select' || child.name === 'textarea') s.inputs++;
        else if (child.name === 'iframe' || child.name === 'embed' || child.name === 'object' || child.name === 'video')
          s.embeds++;
        continue;
      }
      const c = visit(child, link);
      s.text += c.text;
      s.link += c.link;
      s.commas += c.commas;
      s.paragraphs += c.paragraphs + (child.name === 'p' ? 1 : 0);
      s.images += c.images;
      s.inputs += c.inputs;
      s.items += c.items + (child.name === 'li' ? 1 : 0);
      s.embeds += c.embeds;
      s.headings += c.headings;
      s.prose += c.prose;
      if (/^h[1-6]$/.test(child.name)) s.headings += c.text;
      if (BLOCK_TAGS.has(child.name) || child.name === 'br') s.hasBlock ||= BLOCK_TAGS.has(child.name);
    }
    const paragraphLike = PARAGRAPH_TAGS.has(name) || (name === 'div' && !s.hasBlock);
    if (paragraphLike && !s.hasBlock && s.text >= MIN_PARAGRAPH_CHARS && s.link < s.text * PROSE_MAX_LINK_DENSITY)
      s.prose = s.text;
    if (name && paragraphLike) paragraphs.push(el as Tagged);
    else if (name && s.hasBlock && s.ownText >= MIN_PARAGRAPH_CHARS) paragraphs.push(el as Tagged);
    return s;
  };
  visit(root, false);
  return { stats, dropped, paragraphs };
}

function linkDensity(s: Stats): number {
  return s.text > 0 ? s.link / s.text : 0;
}

/** Readability's scoring, on the annotated tree; returns the top candidate or null. */
function pickTop(root: Tagged | Document, ann: Annotation, opts: ContentOptions): Tagged | null {
  const { stats } = ann;
  const candidates: Tagged[] = [];
  const init = (el: Tagged): Stats | undefined => {
    const s = stats.get(el);
    if (!s) return undefined;
    if (!s.scored) {
      s.scored = true;
      s.score = (TAG_BASE[el.name] ?? 0) + classWeight(el, opts);
      candidates.push(el);
    }
    return s;
  };
  for (const p of ann.paragraphs) {
    const ps = stats.get(p) as Stats;
    // a container with its own loose text votes for itself; a paragraph votes for its parents
    const own = ps.hasBlock && !PARAGRAPH_TAGS.has(p.name);
    const chars = own ? ps.ownText : ps.text;
    if (chars < MIN_PARAGRAPH_CHARS) continue;
    if (p.name === 'li' && linkDensity(ps) > 0.3) continue;
    const score = 1 + (own ? 0 : ps.commas) + Math.min(Math.floor(chars / 100), 3);
    let node: Tagged | null = own ? p : (p.parent as Tagged | null);
    for (let level = 0; node && level < SCORE_ANCESTORS; level++) {
      if (!isElement(node)) break;
      const s = init(node);
      if (s) s.score += level === 0 ? score : level === 1 ? score / 2 : score / (level * 3);
      node = node.parent as Tagged | null;
    }
  }
  if (candidates.length === 0) return null;
  for (const c of candidates) {
    const s = stats.get(c) as Stats;
    s.score *= 1 - linkDensity(s);
  }
  candidates.sort((a, b) => (stats.get(b) as Stats).score - (stats.get(a) as Stats).score);
  let top = candidates[0] as Tagged;
  const topScore = (stats.get(top) as Stats).score;
  // several near-best candidates under one ancestor: the article is split in parts
  const alternatives = candidates
    .slice(1, 6)
    .filter((c) => (stats.get(c) as Stats).score >= topScore * ALTERNATIVE_SHARE);
  if (alternatives.length >= MIN_SHARED_CANDIDATES) {
    const ancestorsOf = (el: Tagged) => {
      const set = new Set<AnyNode>();
      for (let n = el.parent; n; n = n.parent) set.add(n);
      return set;
    };
    const sets = alternatives.map(ancestorsOf);
    for (let n = top.parent as Tagged | null; n && n !== root && stats.has(n); n = n.parent as Tagged | null) {
      if (sets.filter((s) => s.has(n as AnyNode)).length >= MIN_SHARED_CANDIDATES) {
        top = n;
        break;
      }
    }
  }
  // climb while a parent scores higher: the top was one part of the article
  let lastScore = (stats.get(top) as Stats).score;
  const threshold = lastScore / 3;
  for (let parent = top.parent as Tagged | null; parent && parent !== root && isElement(parent);) {
    const ps = stats.get(parent);
    if (!ps?.scored) {
      parent = parent.parent as Tagged | null;
      continue;
    }
    if (ps.score < threshold) break;
    if (ps.score > lastScore) {
      top = parent;
      break;
    }
    lastScore = ps.score;
    parent = parent.parent as Tagged | null;
  }
  // an only child says nothing more than its parent
  while (top.parent && top.parent !== root && isElement(top.parent) && keptChildren(top.parent, ann).length === 1) {
    top = top.parent as Tagged;
  }
  return top;
}

function keptChildren(el: Tagged | Document, ann: Annotation): Tagged[] {
  const out: Tagged[] = [];
  for (const c of el.children) if (isElement(c) && !ann.dropped.has(c)) out.push(c);
  return out;
}

/** The top candidate and the siblings that belong with it (readability's sibling step). */
function gatherSiblings(top: Tagged, ann: Annotation): Tagged[] {
  const parent = top.parent;
  const ts = ann.stats.get(top);
  // the body itself won, or a node outside the annotated tree: nothing beside it
  if (!parent || !ts || !ann.stats.has(parent)) return [top];
  const threshold = Math.max(10, ts.score * 0.2);
  const out: Tagged[] = [];
  for (const sib of keptChildren(parent as Tagged, ann)) {
    if (sib === top) {
      out.push(sib);
      continue;
    }
    const s = ann.stats.get(sib);
    if (!s) continue;
    let bonus = 0;
    if (sib.attribs.class && sib.attribs.class === top.attribs.class) bonus += ts.score * 0.2;
    if (s.scored && s.score + bonus >= threshold) {
      out.push(sib);
      continue;
    }
    if (s.prose >= SIBLING_MIN_PROSE && s.prose >= s.text * 0.5 && linkDensity(s) < 0.25) {
      out.push(sib);
      continue;
    }
    if (sib.name === 'p' || (sib.name === 'div' && !s.hasBlock)) {
      const ld = linkDensity(s);
      if (s.text > 80 && ld < 0.25) out.push(sib);
      else if (s.text > 0 && s.text <= 80 && ld === 0 && SENTENCE_END.test(textOf(sib, ann))) out.push(sib);
    }
  }
  return out;
}

/** Whether a container inside the content looks like furniture by what it holds (readability's `_cleanConditionally`). */
function conditionalReason(el: Tagged, s: Stats, opts: ContentOptions): string | null {
  if (!opts.conditional || !CONDITIONAL_TAGS.has(el.name)) return null;
  const weight = classWeight(el, opts);
  // readability's rule, but only for containers whose class words are negative: a plain list
  // starts below zero by its tag alone
  if (weight < 0 && weight + (s.scored ? s.score : 0) < 0) return 'low-score';
  if (s.commas >= 10) return null;
  const isList = el.name === 'ul' || el.name === 'ol' || el.name === 'dl';
  const ld = linkDensity(s);
  const p = s.paragraphs;
  if (s.images > 1 && p / s.images < 0.5 && s.text < 200) return 'gallery';
  if (!isList && el.name !== 'table' && s.items > p * 2 && s.items > 3 && ld > 0.3) return 'link-list';
  if (s.inputs > Math.floor(p / 3)) return 'form';
  if (isList && ld > 0.5) return 'link-list';
  if (!isList && weight < 25 && ld > 0.33 && s.text < 1000) return 'link-heavy';
  if (weight >= 25 && ld > 0.5) return 'link-heavy';
  if ((s.embeds === 1 && s.text < 75) || s.embeds > 1) return 'embed';
  if (s.text === 0 && s.images === 0) return 'empty';
  return null;
}

/** Paragraph-sized elements whose text is nearly all one link: a link to another story. */
const LINK_LINE_TAGS = new Set(['p', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt']);
/** Longest text of a link line, in characters. */
const LINK_LINE_MAX = 200;
/** Share of link text above which a short paragraph is a link line. */
const LINK_LINE_DENSITY = 0.7;

function linkLineReason(el: Tagged, s: Stats): string | null {
  if (!LINK_LINE_TAGS.has(el.name) || s.text === 0 || s.text > LINK_LINE_MAX) return null;
  return s.link / s.text > LINK_LINE_DENSITY ? 'link-line' : null;
}

function normalizeTitle(t: string): string {
  return t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Writes kept subtrees as blocks, dropping furniture by content and by wording. */
function serialize(roots: Tagged[], ann: Annotation, opts: ContentOptions, removed: RemovedPart[]): string[] {
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(SPACES, ' ').trim();
    line = '';
    if (text) blocks.push(text);
  };
  const visit = (el: Tagged, top: boolean) => {
    const s = ann.stats.get(el);
    if (!s) return;
    if (!top) {
      const reason = conditionalReason(el, s, opts) ?? linkLineReason(el, s);
      if (reason) {
        flush();
        removed.push({ text: textOf(el, ann), reason });
        return;
      }
    }
    const block = BLOCK_TAGS.has(el.name);
    if (block) flush();
    for (const child of el.children) {
      if (child.type === 'text') {
        line += (child as Text).data;
        continue;
      }
      if (!isElement(child)) continue;
      const dropReason = ann.dropped.get(child);
      if (dropReason) {
        if (dropReason !== 'script' && dropReason !== 'style' && dropReason !== 'head') {
          const t = textOf(child, null);
          if (t) removed.push({ text: t, reason: dropReason });
        }
        // a dropped inline element still separates words
        if (!BLOCK_TAGS.has(child.name)) line += ' ';
        continue;
      }
      if (child.name === 'br') {
        line += '\n';
        continue;
      }
      visit(child, false);
    }
    if (block) flush();
  };
  for (const r of roots) {
    flush();
    visit(r, true);
  }
  flush();
  return filterLines(blocks, opts, removed);
}

function filterLines(blocks: string[], opts: ContentOptions, removed: RemovedPart[]): string[] {
  const title = opts.title ? normalizeTitle(opts.title) : '';
  const out: string[] = [];
  for (const raw of blocks) {
    const lines = raw
      .split('\n')
      .map((l) => l.replace(SPACES, ' ').trim())
      .filter(Boolean);
    const kept: string[] = [];
    for (const line of lines) {
      const reason = lineReason(line, title);
      if (reason) removed.push({ text: line, reason });
      else kept.push(line);
    }
    if (kept.length) out.push(kept.join('\n'));
  }
  return out;
}

function lineReason(line: string, title: string): string | null {
  if (title && line.length < 400 && normalizeTitle(line) === title) return 'title-repeat';
  if (line.length > FURNITURE_LINE_MAX) return null;
  for (const { reason, pattern } of FURNITURE_LINES) if (pattern.test(line)) return reason;
  return null;
}

/** Text of a subtree with dropped parts left out (all of it when `ann` is null), whitespace collapsed. */
function textOf(el: Tagged, ann: Annotation | null): string {
  let out = '';
  const visit = (node: AnyNode) => {
    if (node.type === 'text') {
      out += (node as Text).data;
      return;
    }
    if (!isElement(node) || node.name === 'script' || node.name === 'style') return;
    if (ann?.dropped.has(node)) return;
    if (BLOCK_TAGS.has(node.name)) out += ' ';
    for (const c of node.children) visit(c);
  };
  visit(el);
  return out.replace(SPACES, ' ').trim();
}

function runOnce(body: Tagged | Document, raw: Map<AnyNode, number>, opts: ContentOptions): ContentResult {
  const ann = annotate(body, raw, opts);
  const removed: RemovedPart[] = [];
  const top = pickTop(body, ann, opts);
  const roots = top ? gatherSiblings(top, ann) : keptChildren(body, ann);
  if (opts.trace) {
    const describe = (el: Tagged) => {
      const st = ann.stats.get(el);
      return `<${el.name} class="${el.attribs.class ?? ''}" id="${el.attribs.id ?? ''}"> score ${st?.score.toFixed(1)} text ${st?.text} ld ${st ? linkDensity(st).toFixed(2) : '-'}`;
    };
    opts.trace(`top ${top ? describe(top) : 'none'}`);
    for (const r of roots) opts.trace(`  root ${describe(r)}`);
  }
  const blocks = serialize(roots, ann, opts, removed);
  return { blocks, removed, attempts: [] };
}
