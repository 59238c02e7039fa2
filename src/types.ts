/**
 * The one data model of dossier. Every stage reads and writes these shapes;
 * the store persists them; the CLI and server print them.
 *
 * Offsets are UTF-16 code unit offsets into `Article.body` (what JavaScript
 * string indexing uses), `end` exclusive.
 */

/** How sure a stage is of a value: 0 (guess) to 1 (stated by the source). */
export type Confidence = number;

/** A value together with where it was found and how sure we are of it. */
export interface Found<T> {
  value: T;
  /** Where the value came from, e.g. `json:published`, `meta:article:published_time`, `text:date-line`. */
  via: string;
  confidence: Confidence;
}

/** The formats the ingest stage recognises by sniffing content. */
export type InputFormat = 'text' | 'html' | 'json' | 'jsonl' | 'csv' | 'warc' | 'feed';

/**
 * One article-sized piece of input before extraction: a text file, an HTML
 * page, a JSON record, a WARC response, a feed item.
 */
export interface RawRecord {
  /** Where it came from: a path, a URL, `path#record=12`, `-` for stdin. */
  source: string;
  /** The page URL when known (WARC target, JSON `url` field, feed item link). */
  url?: string;
  /** How the content is to be read. */
  kind: 'text' | 'html';
  /** Decoded content, NFC-normalised. */
  content: string;
  /** sha256 (hex) of the original bytes this record was decoded from. */
  rawHash: string;
  /** The charset the bytes were decoded with and how it was chosen. */
  charset?: Found<string>;
  /** Fields a structured source stated (JSON, CSV, feed items); they win over extraction. */
  given?: GivenFields;
}

/** Metadata stated by a structured source. */
export interface GivenFields {
  title?: string;
  published?: string;
  outlet?: string;
  authors?: string[];
  language?: string;
}

/** A piece of input the extractor removed from the body, with why. */
export interface RemovedPart {
  text: string;
  /** A short code for the kind of furniture: `comment-prompt`, `donation`, `nav`, `title-repeat`... */
  reason: string;
}

/** A published date: ISO 8601 as found (timezone kept when the source gave one). */
export type PublishedDate = Found<string>;

/** What the extract stage produces from one raw record. */
export interface Extracted {
  title: Found<string> | null;
  outlet: Found<string> | null;
  published: PublishedDate | null;
  authors: string[];
  language: Found<string> | null;
  canonicalUrl: string | null;
  /** Last modified date, as stated (HTML pages). */
  modified: PublishedDate | null;
  /** The site's section for the article (`World`, `Politics`), as stated. */
  section: Found<string> | null;
  /** Tags and keywords the page gives. */
  tags: string[];
  /** Clean text; paragraphs separated by a blank line. Never changed after extraction. */
  body: string;
  removed: RemovedPart[];
}

/**
 * One place an article was read from, with what that place said of it: a wire
 * story republished word for word by three outlets is one article with three
 * sources, each keeping its own outlet, headline and date.
 */
export interface ArticleSource {
  source: string;
  url: string | null;
  rawHash: string;
  charset: string | null;
  /** The outlet, title and published date extracted from this source. */
  outlet: string | null;
  title: string | null;
  published: string | null;
}

/** A stored article: one per distinct normalised body, however many sources carried it. */
export interface Article extends Extracted {
  /** Hash of the normalised body (see `articleId`). */
  id: string;
  sources: ArticleSource[];
  /** Version of the pipeline that produced the stored fields. */
  pipeline: string;
}

/** A problem with one input or record; the run goes on. */
export interface InputProblem {
  /** A code from the error catalogue (`DOSSIER_E_...`). */
  code: string;
  /** The file or URL, with `#record=N` when the problem is inside one record. */
  source: string;
  message: string;
}

/** What ingesting one raw record came to. */
export type IngestOutcome =
  | { status: 'new'; id: string; source: string }
  | { status: 'present'; id: string; source: string }
  | { status: 'failed'; problem: InputProblem };

/** Totals of one ingest run. */
export interface IngestSummary {
  read: number;
  new: number;
  present: number;
  failed: number;
  /** The first problems (up to 10,000; `failed` counts them all). */
  problems: InputProblem[];
  seconds: number;
  interrupted: boolean;
}

/** Types of entity mentions: named entities, then amounts and times (which also carry a normalised value). */
export type EntityType =
  'PERSON' | 'ORG' | 'LOC' | 'NORP' | 'PRODUCT' | 'EVENT' | 'MONEY' | 'PERCENT' | 'QUANTITY' | 'DATE' | 'TIME';

/** A standoff span into `Article.body`: `[start, end)`, UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A named-entity mention. */
export interface EntityMention extends Span {
  type: EntityType;
  text: string;
  /** What found it: `model`, `rule:designation`, `gazetteer:demonym`, ... */
  via: string;
  /** A person's title as written before the name, when a rule read the name after it (`US Secretary of State`). */
  role?: string;
}

/** How fine a time expression is. */
export type TimeGranularity = 'time' | 'day' | 'week' | 'month' | 'season' | 'year';

/** A date or time phrase, resolved against the article's reference date. */
export interface TimeExpression extends Span {
  type: 'DATE' | 'TIME';
  text: string;
  /** ISO 8601 / TIMEX3 value at its granularity: `2020-02-15`, `2020-W07`, `2020-02`, `2022-SP`, `2018`, `2020-02-15T15:45`. */
  value: string;
  granularity: TimeGranularity;
  /** The days covered: `start` inclusive, `end` exclusive (ISO dates). */
  range: { start: string; end: string };
  /** True when the phrase is relative (`on Saturday`, `last week`) and so depends on the reference date. */
  relative: boolean;
}

/** Money, a percentage, or a count/measure with what it counts. */
export interface Amount extends Span {
  type: 'MONEY' | 'PERCENT' | 'QUANTITY';
  text: string;
  /** The number, scale applied: `$2.5 billion` -> 2500000000. */
  value: number;
  /** ISO 4217 code for money (`USD`), when known. */
  currency?: string;
  /** A unit of measure (`km`, `tonnes`) or what is counted (`Syrian refugees`). */
  unit?: string;
}

/** The date relative time expressions were resolved against. */
export interface ReferenceDate {
  /** ISO date, or null when the article gives none and holds no explicit date. */
  value: string | null;
  /** True when estimated from the latest explicit date in the text, because the article has no published date. */
  estimated: boolean;
}

/** How a statement is reported: in quotation marks, paraphrased, or a paraphrase holding quoted words. */
export type QuoteKind = 'direct' | 'indirect' | 'mixed';

/** A span of the body with its text. */
export interface TextSpan extends Span {
  text: string;
}

/** How a speaker is named where the quote is: a name, a role noun phrase (`the minister`), or a pronoun. */
export type SpeakerForm = 'name' | 'role' | 'pronoun';

/** The mention a quote is attributed to, and what it was resolved to inside the article. */
export interface Speaker {
  /** The mention next to the cue (`the minister`, `he`, `Erdogan's representative`), null when none is written. */
  mention: (TextSpan & { form: SpeakerForm }) | null;
  /** The named mention it resolves to in this article (`Mevlut Cavusoglu`), null when unresolved. */
  resolved: (TextSpan & { type: EntityType | null }) | null;
  /** Which rung of the resolution ladder decided: `name`, `name:fuller`, `pronoun:previous-speaker`, `role:title`, ... */
  via: string;
}

/** A quote or a piece of reported speech, as standoff spans into the body. */
export interface Quote extends Span {
  kind: QuoteKind;
  /** The content pieces in order: two for a quote split around its attribution, one otherwise. `start`/`end` cover them all. */
  parts: Span[];
  /** The content text (pieces joined by ` … `). */
  text: string;
  /** The cue (`said`, `has claimed`, `according to`, `pointed out`), null for a quote continuing the previous speaker. */
  cue: TextSpan | null;
  speaker: Speaker;
  /** Whom it was said to (`state-owned Anadolu Agency`, `reporters`, `Blinken`). */
  addressee: TextSpan | null;
  /** Where it was said (`on Twitter`, `in a statement`). */
  channel: TextSpan | null;
  /** Which pattern found it: `quote:cue-after`, `that-clause`, `according-to`, `continuation`, ... */
  via: string;
  /** When it was said. */
  date: QuoteDate;
}

/** When a quote was said: a time expression of its attribution, else the article's date. */
export interface QuoteDate {
  /** ISO 8601 value at its granularity (`2020-02-15`, `2020-02`, `2020-02-15T15:45`); null when neither the text nor the article gives one. */
  value: string | null;
  /** `text`: a time expression of the attribution (`said on Tuesday`), resolved against the article's date; `published`: the article's reference date. */
  from: 'text' | 'published';
  /** The time expression, when `from` is `text`. */
  span: TextSpan | null;
}

/** What the analyze stage adds to an article: sentences and standoff annotations. */
export interface Analysis {
  /** Stage and model version; a change means the article is analysed again. */
  version: string;
  reference: ReferenceDate;
  tokens: number;
  sentences: Span[];
  entities: EntityMention[];
  times: TimeExpression[];
  amounts: Amount[];
  /** Quotes and reported speech with their speakers (absent in analyses made before the quote layer). */
  quotes?: Quote[];
}

/** A spelling of an outlet and the name of the outlet it is (`rt.com` → `RT`; `src/extract/outlet-names.ts`). */
export interface OutletAlias {
  /** The spelling (`rt.com`). */
  alias: string;
  /** The outlet's name (`RT`). */
  outlet: string;
  /** `user` when a user set it (`dossier outlets --alias`), `text` when read from the articles. */
  by: 'user' | 'text';
}
