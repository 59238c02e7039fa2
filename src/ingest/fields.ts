import { createHash } from 'node:crypto';
import { problem } from '../errors.js';
import type { GivenFields, InputProblem, RawRecord } from '../types.js';
import type { IngestOptions } from './options.js';

/**
 * Field names tried, in order, when a record has no field of our own name and
 * `--map` names none: the names common exports (news APIs, scrapers,
 * Media Cloud, GDELT-style dumps) use.
 */
const FIELD_FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  url: ['url', 'link', 'article_url', 'uri', 'canonical_url'],
  title: ['title', 'headline', 'name'],
  text: ['text', 'body', 'content', 'article', 'articleBody', 'maintext', 'full_text'],
  html: ['html', 'raw_html', 'page', 'content_html'],
  published: [
    'published',
    'date',
    'published_at',
    'publish_date',
    'pubDate',
    'datePublished',
    'publication_date',
    'date_publish',
    'timestamp',
  ],
  outlet: ['outlet', 'source', 'site', 'site_name', 'publisher', 'media_name', 'domain', 'source_domain'],
  author: ['author', 'authors', 'byline', 'creator'],
  language: ['language', 'lang', 'language_code'],
};

/** Reads one field of a record, by `--map` name when given, else by the fallbacks. */
function field(record: Record<string, unknown>, name: string, map: Readonly<Record<string, string>>): unknown {
  const mapped = map[name];
  if (mapped !== undefined) return record[mapped];
  for (const candidate of FIELD_FALLBACKS[name] ?? [name]) {
    const value = record[candidate];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'name' in value) return asText((value as { name: unknown }).name);
  return undefined;
}

function asAuthors(value: unknown): string[] | undefined {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/\s*(?:;|\band\b|&)\s*/)
      : [value];
  const names = list.map(asText).filter((v): v is string => !!v);
  return names.length ? names : undefined;
}

/**
 * Turns one structured record (a JSON object, a CSV row) into a raw record,
 * or an input problem when it carries no text or HTML.
 */
export function recordFromFields(
  record: Record<string, unknown>,
  source: string,
  rawBytes: Buffer | string,
  opts: Pick<IngestOptions, 'fieldMap'>,
): RawRecord | InputProblem {
  const map = opts.fieldMap;
  const text = asText(field(record, 'text', map));
  const html = asText(field(record, 'html', map));
  if (!text && !html) {
    const wanted = map.text ? `"${map.text}"` : map.html ? `"${map.html}"` : 'text or html';
    return problem('E_NO_TEXT', source, `record has no ${wanted} field (use --map text=FIELD)`);
  }
  const given: GivenFields = {};
  const title = asText(field(record, 'title', map));
  const published = asText(field(record, 'published', map));
  const outlet = asText(field(record, 'outlet', map));
  const authors = asAuthors(field(record, 'author', map));
  const language = asText(field(record, 'language', map));
  if (title) given.title = title.normalize('NFC');
  if (published) given.published = published;
  if (outlet) given.outlet = outlet.normalize('NFC');
  if (authors) given.authors = authors.map((a) => a.normalize('NFC'));
  if (language) given.language = language;
  const url = asText(field(record, 'url', map));
  return {
    source,
    ...(url ? { url } : {}),
    kind: text ? 'text' : 'html',
    content: ((text ?? html) as string).normalize('NFC'),
    rawHash: sha256(rawBytes),
    given,
  };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
