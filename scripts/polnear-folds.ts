import type { GoldDoc } from '../eval/quotes.js';

/** Folds of the cross-validations on PolNeAR train that choose the quote models' knobs. */
export const FOLDS = 5;

/** The cross-validation fold of an annotation file: by its article (`<article>_<annotator>`), so both annotations of an article share one. */
export function foldOf(d: GoldDoc): number {
  const article = d.id.replace(/_[^_]+$/, '');
  let h = 0;
  for (let i = 0; i < article.length; i++) h = (Math.imul(h, 31) + article.charCodeAt(i)) >>> 0;
  return h % FOLDS;
}
