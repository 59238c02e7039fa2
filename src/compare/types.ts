/**
 * The shapes the compare stage reads and writes. Every finding carries the
 * sentences behind it as `Evidence`: an article id and the sentence's
 * `[start, end)` offsets into that article's body.
 */
import type { Analysis } from '../types.js';

/** One article of a story as compare reads it: the body and its analysis. */
export interface CompareArticle {
  id: string;
  /** The outlet that carried it (`unknown outlet` when none is known). */
  outlet: string;
  /** ISO 8601 publication date, null when undated. */
  published: string | null;
  title: string | null;
  body: string;
  analysis: Analysis;
}

/** A member of a near-duplicate group (the store's `DuplicateMember`). */
export interface DuplicateMemberInput {
  id: string;
  outlet: string | null;
  published: string | null;
}

/** A near-duplicate group of the story (the store's `StoredDuplicateGroup`). */
export interface DuplicateGroupInput {
  /** Members by date, the first published first. */
  members: DuplicateMemberInput[];
  /** Id of the first published member; null when who was first is unknown. */
  first: string | null;
  /** Outlets other than the first member's that carried a copy. */
  copiedBy: string[];
}

/** Term counts of a background corpus: the prior of the framing-term statistic. */
export interface TermCounts {
  counts: ReadonlyMap<string, number>;
  /** Sum of all counts. */
  total: number;
  /** How many articles were counted. */
  documents: number;
}

/** A sentence behind a finding: the article and the sentence's body offsets. */
export interface Evidence {
  article: string;
  start: number;
  end: number;
}

/** How an outlet carries a fact. */
export type CellState = 'carried' | 'different' | 'absent';

/** The kinds of fact in the coverage matrix. */
export type FactKind = 'statement' | 'quote' | 'amount' | 'entity';

/** One row of the coverage matrix. */
export interface Fact {
  /** Stable within one comparison: `statement:3`, `quote:mevlut cavusoglu`, `amount:2`, `entity:nato`. */
  id: string;
  kind: FactKind;
  /** What the fact is, in the words of its reference sentence, speaker, amount or entity. */
  label: string;
  /** Outlets that carry it (same or other wording). */
  outlets: string[];
  /** One cell per outlet of the comparison. */
  cells: Record<string, Cell>;
  /** Lexicon-based tone of the fact's sentences per outlet (mean AFINN comparative score), absent where not carried. */
  tone: Record<string, number>;
}

/** An outlet's cell in a fact row. */
export interface Cell {
  state: CellState;
  /** For `different`: what differs (`wording`, `number 2500000000 vs 259000000`, `paraphrased only`). */
  note?: string;
  /** The sentences carrying it (empty when absent). */
  evidence: Evidence[];
}

/** A framing term of one outlet against the rest of the story's coverage. */
export interface FramingTerm {
  term: string;
  /** Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008). */
  delta: number;
  /** `delta` divided by its standard deviation. */
  z: number;
  /** Occurrences in this outlet's articles and in the other outlets'. */
  count: number;
  othersCount: number;
  evidence: Evidence[];
}

/** One name an outlet gives a referent, with where. */
export interface Label {
  label: string;
  count: number;
  evidence: Evidence[];
}

/** One entity or group and the names each outlet gives it. */
export interface Referent {
  /** The normalised entity the labels are built on (`syrian`, `mevlut cavusoglu`), or a group's most used noun (`militants`). */
  key: string;
  /** `name`: the names and modified heads of one entity; `group`: the plural nouns outlets use for one group (`groups.ts`). */
  kind: 'name' | 'group';
  /** Labels by outlet, most used first. */
  labels: Record<string, Label[]>;
}

/** The categories of speaker that roles and entity types point to. */
export type SpeakerType = 'government' | 'military' | 'opposition' | 'expert' | 'media' | 'organisation' | 'other';

/** One speaker in one outlet's coverage. */
export interface Voice {
  speaker: string;
  type: SpeakerType;
  /** Country or nationality named next to the speaker (`Turkish`, `Russia`), null when none is. */
  country: string | null;
  quotes: number;
  direct: number;
  /** Indirect and mixed quotes. */
  paraphrased: number;
  /** Share of the outlet's quotes, 0..1. */
  share: number;
  evidence: Evidence[];
}

/** Who reported first and who followed or copied. */
export interface Timing {
  /** Outlets by their first dated article, earliest first; undated last. */
  order: Array<{ outlet: string; article: string; published: string | null; hoursAfterFirst: number | null }>;
  /** Near-duplicate groups: the original and its copiers. */
  copies: Array<{ original: { article: string; outlet: string | null } | null; copiers: string[]; members: string[] }>;
}

/** An outlet's lexicon-based tone. */
export interface OutletTone {
  /** Mean AFINN-165 comparative score of its sentences (score per word), lexicon-based. */
  mean: number;
  sentences: number;
  positive: number;
  negative: number;
  /** The most negative and most positive sentences. */
  mostNegative: Evidence & { score: number };
  mostPositive: Evidence & { score: number };
}

/** An outlet's summary across the comparison. */
export interface OutletSummary {
  outlet: string;
  articles: string[];
  /** Facts most other outlets carry that this one does not. */
  omissions: string[];
  /** Facts only this outlet carries. */
  exclusives: string[];
  framing: FramingTerm[];
  voices: Voice[];
  tone: OutletTone | null;
  /**
   * Sentences the informational-bias model (`bias.ts`, trained on BASIL) puts at
   * or above its threshold, most likely first (at most `maxBias`): candidates for a
   * reader's check, not findings (sentence-level F1 about 0.32 on unseen events).
   */
  biasCandidates: BiasCandidate[];
}

/** A sentence and the bias model's probability that it carries informational bias. */
export interface BiasCandidate extends Evidence {
  probability: number;
}

/** The comparison of one story's coverage across outlets. */
export interface Comparison {
  outlets: string[];
  facts: Fact[];
  byOutlet: OutletSummary[];
  referents: Referent[];
  timing: Timing;
  /** Says how tone was scored: lexicon-based, not a model of stance. */
  toneMethod: string;
  /** Says how the bias candidates were scored: a learned model, which one; null when none was used. */
  biasMethod: string | null;
}
