/**
 * How often the outlet read from an article's own text (`src/extract/outlet.ts`)
 * is right, and how often wrong: on the seeds (scraped text, outlets known by
 * hand) and on the article-extraction development pages (HTML, the outlet
 * known from the page's address and, given that address, its site name).
 * The pages are extracted without their address, as a saved page is.
 *
 *   node dist/eval/compare-outlets.js [SEEDS_DIR] [PAGES_DIR]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from '../src/extract/index.js';
import { isOutletOfText, outletOfText } from '../src/extract/outlet.js';
import type { Extracted, Found } from '../src/types.js';

/** The seeds' outlets, by file-name prefix; null where the text names none (any outlet read is a source it cites). */
export const SEED_OUTLETS: Readonly<Record<string, readonly string[] | null>> = Object.freeze({
  '000': ['RT', 'rt.com'],
  '001': ['Middle East Monitor', 'middleeastmonitor.com'],
  '002': ['RT', 'rt.com'],
  '003': ['SouthFront', 'southfront.org'],
  '004': null,
});

/** Letters and digits only, lower case. */
const squeeze = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const HOSTLIKE = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/** The forms a name is known by: itself squeezed and, for a host, each label before the last (`rt` of rt.com). */
export function nameKeys(name: string): Set<string> {
  const keys = new Set([squeeze(name.replace(/^www\./i, ''))]);
  if (HOSTLIKE.test(name))
    for (const label of name
      .toLowerCase()
      .replace(/^www\./, '')
      .split('.')
      .slice(0, -1))
      keys.add(squeeze(label));
  keys.delete('');
  return keys;
}

/** True when `value` is one of `truth`'s names (`rt.com` is `RT`, `TheHill` is thehill.com). */
export function sameOutlet(value: string, truth: readonly string[]): boolean {
  const keys = nameKeys(value);
  return truth.some((t) => [...nameKeys(t)].some((k) => keys.has(k)));
}

/** Counts of one way of reading outlets. */
export interface Tally {
  right: number;
  wrong: number;
  none: number;
  /** Per `via`: right and wrong. */
  byVia: Record<string, { right: number; wrong: number }>;
  /** The wrong ones: what was read against what is true. */
  errors: string[];
}

const emptyTally = (): Tally => ({ right: 0, wrong: 0, none: 0, byVia: {}, errors: [] });

function count(t: Tally, found: Found<string> | null, truth: readonly string[] | null, name: string): void {
  if (!found) {
    t.none++;
    return;
  }
  const ok = truth !== null && sameOutlet(found.value, truth);
  const v = (t.byVia[found.via] ??= { right: 0, wrong: 0 });
  if (ok) {
    t.right++;
    v.right++;
  } else {
    t.wrong++;
    v.wrong++;
    t.errors.push(`${name}: ${found.value} (${found.via}) for ${truth?.join(' / ') ?? 'none named'}`);
  }
}

/** Before (the extractors' own fields) and after (with the outlet read from the text), and the text alone. */
export interface OutletEval {
  items: number;
  before: Tally;
  after: Tally;
  textAlone: Tally;
  /** The text reader on the furniture alone, without the page's stated address. */
  furniture: Tally;
}

function evalOne(e: OutletEval, x: Extracted, truth: readonly string[] | null, name: string): void {
  e.items++;
  // `extract` already applies the text's outlet; the extractor's own field is the one whose via is not the text reader's
  const own = x.outlet && !isOutletOfText(x.outlet.via) ? x.outlet : null;
  count(e.before, own, truth, name);
  count(e.after, x.outlet, truth, name);
  count(e.textAlone, outletOfText(x), truth, name);
  count(e.furniture, outletOfText({ removed: x.removed, canonicalUrl: null }), truth, name);
}

function emptyEval(): OutletEval {
  return { items: 0, before: emptyTally(), after: emptyTally(), textAlone: emptyTally(), furniture: emptyTally() };
}

/** The seeds: scraped text files named `NNN_*.txt`. */
export function evalSeeds(dir: string): OutletEval {
  mustExist(dir, 'SEEDS_DIR');
  const e = emptyEval();
  for (const f of readdirSync(dir).sort()) {
    const key = f.slice(0, 3);
    if (!(key in SEED_OUTLETS)) continue;
    const x = extract({ source: f, kind: 'text', content: readFileSync(join(dir, f), 'utf8'), rawHash: '' });
    evalOne(e, x, SEED_OUTLETS[key] ?? null, f);
  }
  return e;
}

/** The article-extraction pages, extracted without their address; truth: the address's host and the site name given it. */
export function evalPages(dir: string): OutletEval {
  mustExist(join(dir, 'ground-truth-dev.json'), 'PAGES_DIR');
  const e = emptyEval();
  const truthFile = JSON.parse(readFileSync(join(dir, 'ground-truth-dev.json'), 'utf8')) as Record<
    string,
    { url: string }
  >;
  for (const [id, { url }] of Object.entries(truthFile).sort()) {
    const html = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8');
    const withUrl = extract({ source: id, kind: 'html', content: html, url, rawHash: '' });
    const truth = [new URL(url).hostname, ...(withUrl.outlet ? [withUrl.outlet.value] : [])];
    evalOne(e, extract({ source: id, kind: 'html', content: html, rawHash: '' }), truth, id.slice(0, 8));
  }
  return e;
}

function mustExist(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`compare-outlets: ${what} ${path}: no such file or folder`);
}

function line(label: string, t: Tally, n: number): string {
  const vias = Object.entries(t.byVia)
    .map(([via, c]) => `${via} ${c.right}/${c.wrong}`)
    .join(', ');
  return `${label.padEnd(34)} right ${String(t.right).padStart(3)}  wrong ${String(t.wrong).padStart(2)}  none ${String(t.none).padStart(3)}  of ${n}   (right/wrong by evidence: ${vias || '-'})`;
}

/** The report: before, after and the text reader alone, with every wrong outlet listed. */
export function formatOutletEval(name: string, e: OutletEval): string {
  const out = [
    `${name} (${e.items})`,
    line('  before: extractor fields only', e.before, e.items),
    line('  after: + outlet from the text', e.after, e.items),
    line('  the text reader alone', e.textAlone, e.items),
    line('  the text reader, furniture only', e.furniture, e.items),
  ];
  for (const err of e.furniture.errors) out.push(`    wrong (furniture only): ${err}`);
  for (const err of e.textAlone.errors) out.push(`    wrong (text alone): ${err}`);
  for (const err of e.after.errors) out.push(`    wrong (after): ${err}`);
  return out.join('\n');
}

if (process.argv[1]?.endsWith('compare-outlets.js')) {
  const seeds = process.argv[2] ?? '../shared/seeds';
  const pages = process.argv[3] ?? '../shared/data/article-extraction';
  console.log(formatOutletEval(`seeds ${seeds}`, evalSeeds(seeds)));
  console.log(formatOutletEval(`article-extraction dev pages ${pages} (no address given)`, evalPages(pages)));
}
