import { DossierError } from '../errors.js';

/** Option parsers shared by the commands: each names the bad value in its error. */

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new DossierError('E_OPTION', `"${value}" is not a positive whole number`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DossierError('E_OPTION', `"${value}" is not a whole number`);
  return n;
}
