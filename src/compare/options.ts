import { DossierError } from '../errors.js';

/** Options of one comparison. */
export interface CompareOptions {
  /** Two sentences of different outlets state the same fact at this weighted overlap of content stems or more. @default 0.35 */
  sameFact: number;
  /** ... and in the same words at this overlap or more (below it the fact is carried differently). @default 0.6 */
  sameWording: number;
  /** A sentence with fewer content stems is too short to be a fact of its own (datelines, captions). @default 4 */
  minFactStems: number;
  /** A fact is an outlet's omission when more than this share of the other outlets carry it. @default 0.5 */
  omissionShare: number;
  /** Total pseudo-count of the informative Dirichlet prior (the background scaled to it). @default 500 */
  priorStrength: number;
  /** Framing terms are reported from this z-score up. @default 1.96 */
  minZ: number;
  /** At most this many framing terms per outlet. @default 25 */
  maxTerms: number;
  /** Quantities at or below this value without a currency are counting words (`two sides`), not key amounts. @default 2 */
  minQuantity: number;
  /** At most this many informational-bias candidates per outlet. @default 10 */
  maxBias: number;
}

/** The defaults, frozen. */
export const DEFAULTS: Readonly<CompareOptions> = Object.freeze({
  sameFact: 0.35,
  sameWording: 0.6,
  minFactStems: 4,
  omissionShare: 0.5,
  priorStrength: 500,
  minZ: 1.96,
  maxTerms: 25,
  minQuantity: 2,
  maxBias: 10,
});

/** Merges options over the defaults and checks them once; misuse throws `DOSSIER_E_OPTION`. */
export function compareOptions(given: Partial<CompareOptions> = {}): Readonly<CompareOptions> {
  const o = { ...DEFAULTS, ...given };
  const unit = (name: keyof CompareOptions) => {
    const v = o[name];
    if (!(Number.isFinite(v) && v >= 0 && v <= 1))
      throw new DossierError('E_OPTION', `${name} must be between 0 and 1`);
  };
  unit('sameFact');
  unit('sameWording');
  unit('omissionShare');
  if (o.sameWording < o.sameFact) throw new DossierError('E_OPTION', 'sameWording must not be below sameFact');
  if (!Number.isFinite(o.minZ)) throw new DossierError('E_OPTION', 'minZ must be a finite number');
  for (const name of ['minFactStems', 'priorStrength', 'maxTerms', 'minQuantity', 'maxBias'] as const) {
    if (!(Number.isFinite(o[name]) && o[name] >= 0))
      throw new DossierError('E_OPTION', `${name} must be a number >= 0`);
  }
  return Object.freeze(o);
}
