import { problem } from '../errors.js';
import { InputFailure } from './bytes.js';
import type { OpenedInput } from './formats/reader.js';
import type { IngestOptions } from './options.js';

/** Opens an http(s) URL as an input. (Being written: robots.txt, address guard, caps.) */
export async function openUrl(url: string, _opts: Readonly<IngestOptions>): Promise<OpenedInput> {
  throw new InputFailure(problem('E_FETCH', url, 'URL fetching is not built yet'));
}
