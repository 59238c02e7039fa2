import type { Extracted, RawRecord } from '../types.js';
import { normalizeDate } from './dates.js';
import { extractHtml } from './html.js';
import { chooseLanguage } from './language.js';
import { outletOfText } from './outlet.js';
import { extractText } from './text.js';

export { normalizeDate } from './dates.js';
export { detectLanguage } from './language.js';

/** Version of the extract stage; bump when its output changes. */
export const EXTRACT_VERSION = 'extract@2';

/**
 * Extracts clean text and metadata from one raw record. Fields a structured
 * source stated (JSON, CSV, feed) win over what extraction finds.
 */
export function extract(record: RawRecord): Extracted {
  const raw: Extracted =
    record.kind === 'html' ? toExtracted(extractHtml(record.content, record.url)) : extractText(record.content);
  const body = cleanBody(raw.body);
  // the language of what was kept, checked against what the page declared
  const found: Extracted = {
    ...raw,
    body,
    language: chooseLanguage(body, raw.language),
    // an outlet no field states, from the page's furniture (`Also on rt.com`, `Follow RT on Telegram`)
    outlet: raw.outlet ?? outletOfText(raw),
  };
  const given = record.given;
  if (!given) return found;
  const date = given.published ? normalizeDate(given.published) : null;
  return {
    ...found,
    title: given.title ? { value: given.title, via: 'given:title', confidence: 1 } : found.title,
    outlet: given.outlet ? { value: given.outlet, via: 'given:outlet', confidence: 1 } : found.outlet,
    published: date ? { value: date.iso, via: 'given:published', confidence: 1 } : found.published,
    authors: given.authors ?? found.authors,
    language: given.language ? { value: given.language, via: 'given:language', confidence: 1 } : found.language,
  };
}

/** The fields every record kind shares (the HTML extraction returns more, for the scorer and tests). */
function toExtracted(x: ReturnType<typeof extractHtml>): Extracted {
  const { title, outlet, published, modified, authors, language, canonicalUrl, section, tags, body, removed } = x;
  return {
    title,
    outlet,
    published,
    modified,
    authors,
    language,
    canonicalUrl,
    section,
    tags: tags?.value ?? [],
    body,
    removed,
  };
}

/** Control characters other than tab and newline never belong in a body (and would break snippet markers). */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
/** A control character or anything beyond ASCII: a body without any is clean and NFC already. */
const CONTROL_OR_NON_ASCII = /[\u0000-\u0008\u000b-\u001f\u007f-\uffff]/;

function cleanBody(body: string): string {
  if (!CONTROL_OR_NON_ASCII.test(body)) return body;
  return body.replace(CONTROL_CHARS, '').normalize('NFC');
}
