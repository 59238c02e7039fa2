import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Analysis } from '../types.js';

/**
 * The stored form of an analysis: compact, and decoded back to exactly the
 * analysis that was stored (same values, same key order).
 *
 * An analysis is mostly spans into the article body: objects with `start`,
 * `end` and often `text`, which is the body between them. The stored form is
 * the analysis's JSON with three changes, each undone on reading:
 * - a `text` that equals the body between its object's `start` and `end` is
 *   written as `0` (the body is stored once, in the article);
 * - every `start` and `end` is written as its difference from the one before
 *   it in the JSON (offsets grow along the body, so differences are short);
 * - the result is deflated with a preset dictionary of the keys and values
 *   every analysis repeats.
 * The transform knows no layer by name, so a layer the analyze stage adds is
 * stored compactly too. An analysis it cannot transform exactly (an offset
 * that is not a whole number, a `text` that is not a string, a value with its
 * own `toJSON`) is stored as plain JSON, deflated.
 *
 * Layout: one format byte, then the deflated JSON.
 */

/** Format bytes. Never reuse one: stored analyses keep the format they were written in. */
const FORMAT = { plain: 0, spans: 1 } as const;

/** Keys whose whole-number values are offsets into the body. */
const OFFSET_KEYS: ReadonlySet<string> = new Set(['start', 'end']);

/**
 * Strings every analysis repeats, for deflate to refer back to from the first
 * byte. Part of format 1: changing it makes stored analyses unreadable.
 */
const DICTIONARY = Buffer.from(
  [
    '"via":"model"}',
    '"type":"PERSON","text":0,"via":"model"},{"start":',
    '"type":"ORG","text":0,"via":"model"},{"start":',
    '"type":"LOC","text":0,"via":"model"},{"start":',
    '"type":"NORP","text":0,"via":"gazetteer:demonym"},{"start":',
    '"granularity":"day","range":{"start":"","end":""},"relative":false},{"start":',
    '"type":"DATE","text":0,"value":"',
    '"type":"MONEY","text":0,"value":',
    '"type":"QUANTITY","text":0,"value":',
    '"addressee":null,"channel":null,"via":"',
    '"speaker":{"mention":{"start":',
    ',"text":0,"form":"name"},"resolved":{"start":',
    ',"text":0,"type":"PERSON"},"via":"name"},',
    '"cue":{"start":',
    '"kind":"direct","parts":[{"start":',
    '"kind":"indirect","parts":[{"start":',
    '"quotes":[{"start":',
    '"amounts":[],',
    '"times":[],',
    '"entities":[{"start":',
    '"sentences":[{"start":0,"end":',
    '},{"start":1,"end":',
    '{"version":"analyze@',
    '"reference":{"value":"',
    '","estimated":false},"tokens":',
  ].join(''),
);

/** The stored bytes of an analysis of `body`. */
export function encodeAnalysis(analysis: Analysis, body: string): Buffer {
  const state = { body, last: 0, exact: true };
  const compact = pack(analysis, state);
  const format = state.exact ? FORMAT.spans : FORMAT.plain;
  const json = JSON.stringify(state.exact ? compact : analysis);
  return Buffer.concat([Buffer.of(format), deflateRawSync(json, { dictionary: DICTIONARY })]);
}

/** The analysis stored as `data` for an article whose body is `body`. */
export function decodeAnalysis(data: Uint8Array, body: string): Analysis {
  const format = data[0];
  if (format !== FORMAT.plain && format !== FORMAT.spans)
    throw new Error(`stored analysis: unknown format ${String(format)}`);
  const json = inflateRawSync(data.subarray(1), { dictionary: DICTIONARY }).toString('utf8');
  const value = JSON.parse(json) as unknown;
  if (format === FORMAT.spans) unpack(value, { body, last: 0 });
  return value as Analysis;
}

interface PackState {
  body: string;
  /** The offset written last, in JSON order. */
  last: number;
  /** False once something was met that the transform cannot undo exactly. */
  exact: boolean;
}

/** A copy of `value` in the stored form (see the module comment); the walk is in JSON order. */
function pack(value: unknown, state: PackState): unknown {
  if (Array.isArray(value)) return value.map((v) => pack(v, state));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  // a value that writes itself (a Date) is left to JSON.stringify, with the analysis stored plain
  if (typeof obj.toJSON === 'function') state.exact = false;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    if (OFFSET_KEYS.has(key) && typeof v === 'number') {
      if (!Number.isSafeInteger(v)) state.exact = false;
      out[key] = v - state.last;
      state.last = v;
    } else if (key === 'text') {
      if (typeof v !== 'string') state.exact = false;
      out[key] = isSliceText(obj, v, state.body) ? 0 : v;
    } else out[key] = pack(v, state);
  }
  return out;
}

/** Undoes `pack` in place, in the same order. */
function unpack(value: unknown, state: { body: string; last: number }): void {
  if (Array.isArray(value)) {
    for (const v of value) unpack(v, state);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  let sliced = false;
  for (const key in obj) {
    const v = obj[key];
    if (OFFSET_KEYS.has(key) && typeof v === 'number') obj[key] = state.last += v;
    else if (key === 'text' && v === 0) sliced = true;
    else if (v !== null && typeof v === 'object') unpack(v, state);
  }
  // after the loop: the offsets of this object are known whatever the key order
  if (sliced) obj.text = state.body.slice(obj.start as number, obj.end as number);
}

function isSliceText(obj: Record<string, unknown>, text: unknown, body: string): boolean {
  const { start, end } = obj;
  return (
    typeof text === 'string' &&
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    body.slice(start as number, end as number) === text
  );
}
