import { problem } from '../../errors.js';
import type { FormatReader } from './reader.js';

/** RSS/Atom feeds. (Being written.) */
export const readFeed: FormatReader = async function* (input) {
  yield problem('E_FEED', input.source, 'feeds are not read yet');
};
