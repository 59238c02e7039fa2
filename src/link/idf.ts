/**
 * Background term weights for claims and story labels: IDF from a fixed
 * text (`models/idf.json`, built by `npm run train:idf` from GUM and PolNeAR train), not from
 * the corpus. Weights that do not move when articles arrive let a link run
 * keep what it matched before and match only the new statements (claims),
 * and keep the label of every story that gained no article.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelCandidates } from '../model-files.js';
import { fnv1a } from './text.js';

/** Format tag of `models/idf.json`. */
export const IDF_FORMAT = 'dossier-idf@2';

/**
 * Claim features: a feature used by fewer background sentences than this
 * weighs as one used by this many. Below it the background cannot tell a
 * rare word from a name or topic word it happens to miss (2019–2021 news
 * weighed by 2016 news and GUM); chosen on NeuS train lines (`eval claims`
 * data), checked on val (docs/LINK.md).
 */
export const CLAIM_FLOOR = 30;

/** One table as stored: units counted, and hashed keys (ascending) with the units using each. */
export interface IdfTableFile {
  units: number;
  /** A key used by fewer units weighs as one used by `floor`; keys used by `floor` units or fewer are left out. */
  floor: number;
  keys: number[];
  df: number[];
}

/** `models/idf.json`. */
export interface IdfModelFile {
  format: typeof IDF_FORMAT;
  version: string;
  source: string;
  rebuild: string;
  /** Claim features (`contentTerm`), per sentence. */
  claims: IdfTableFile;
  /** Label terms (`terms`), per paragraph. */
  labels: IdfTableFile;
}

/** Term weights read from one table. */
export interface TermWeights {
  /**
   * `ln(1 + (units + 1) / (max(df, floor) + 0.5))`: a term the background
   * never uses weighs as one it uses `floor` times, not more (it is as likely
   * a name the background missed as a rare word).
   */
  weight(term: string): number;
}

function weights(table: IdfTableFile): TermWeights {
  const df = new Map<number, number>();
  table.keys.forEach((k, i) => df.set(k, table.df[i] as number));
  const n = table.units + 1;
  return { weight: (term) => Math.log(1 + n / (Math.max(df.get(fnv1a(term)) ?? 0, table.floor) + 0.5)) };
}

const CANDIDATES = modelCandidates('idf.json');
let loaded: { version: string; claims: TermWeights; labels: TermWeights } | null = null;

/** The committed background weights, read once; throws when the file is missing or of another format. */
export function backgroundIdf(): { version: string; claims: TermWeights; labels: TermWeights } {
  if (loaded) return loaded;
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path) throw new Error(`no background IDF at ${CANDIDATES.join(' or ')}; build it with npm run train:idf`);
  const m = JSON.parse(readFileSync(path, 'utf8')) as IdfModelFile;
  if (m.format !== IDF_FORMAT) throw new Error(`${path}: not a ${IDF_FORMAT} file; rebuild it with npm run train:idf`);
  loaded = { version: m.version, claims: weights(m.claims), labels: weights(m.labels) };
  return loaded;
}
