import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from './helpers/cli.js';

/**
 * `dossier demo` on the corpus in examples/ (see examples/README.md for what
 * it holds and why these numbers). Exact duplicates count once: the WARC
 * capture of the Continental Wire ceasefire page is the page saved in html/,
 * and Valdara Today's export republishes the wire's Sorvik strike story word
 * for word (only the wire's credit line, which extraction removes, differs):
 * one article, carried by both outlets.
 */
const CARRIED_PER_OUTLET: Readonly<Record<string, number>> = {
  'KTV World': 3, // 2 txt, 1 windows-1254 html
  'Continental Wire': 8, // 1 txt, 1 html (+ its WARC duplicate), 4 jsonl, 2 good lines of the broken jsonl
  'The Daily Klaxon': 4, // 1 txt, 1 html, 1 WARC record, 1 html.gz
  'The Sorvik Courier': 5, // 1 txt, 1 html, 3 feed items
  'Aldport Institute': 2, // 1 html, 1 txt.gz
  'Frontline Truth': 7, // 1 txt, 3 csv rows, 1 WARC record, 2 good rows of the broken csv
  'Valdara Today': 5, // 1 txt, 1 html, 3 json
};
const CARRIED = Object.values(CARRIED_PER_OUTLET).reduce((a, b) => a + b, 0);
/** Records read: every carried article, plus the WARC copy of an html/ page. */
const RECORDS = CARRIED + 1;
/** Distinct articles: the syndicated strike story is one article with two outlets. */
const ARTICLES = CARRIED - 1;

/** Each deliberately broken input, the part of its source that names it, and the code it must be reported with. */
const BROKEN: ReadonlyArray<readonly [string, string]> = [
  ['broken/empty.txt', 'DOSSIER_E_EMPTY'],
  ['broken/photo-saved-as-article.png', 'DOSSIER_E_BINARY'],
  ['broken/truncated-download.html.gz', 'DOSSIER_E_GZIP'],
  ['broken/continental-wire-export-bad-line.jsonl#record=2', 'DOSSIER_E_JSON'],
  ['broken/frontline-truth-export-bad-row.csv#record=', 'DOSSIER_E_CSV'],
];

function jsonLines<T>(stdout: string): T[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

function count(stdout: string, label: string): number {
  const m = new RegExp(`^\\s*${label}\\s+([\\d,]+)`, 'm').exec(stdout);
  if (!m?.[1]) throw new Error(`no "${label}" line in:\n${stdout}`);
  return Number(m[1].replace(/,/g, ''));
}

/** The `error: SOURCE: MESSAGE [CODE]` lines the ingest writes to stderr. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('error: '));
}

describe('dossier demo on examples/', () => {
  const db = join(tempDir('dossier-demo-'), 'demo.db');
  let first: CliResult;

  beforeAll(async () => {
    first = await runCli(['demo', '--db', db, '--no-serve']);
  });

  it('succeeds although the broken files fail', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Search "ceasefire":');
  });

  it('stores every article of the corpus once, exact duplicates counted once', () => {
    expect(count(first.stdout, 'read')).toBe(RECORDS);
    expect(count(first.stdout, 'new')).toBe(ARTICLES);
    expect(count(first.stdout, 'present')).toBe(2);
    expect(count(first.stdout, 'failed')).toBe(BROKEN.length);
    expect(first.stdout).toContain(
      `The dossier holds ${ARTICLES} articles from ${Object.keys(CARRIED_PER_OUTLET).length} outlets (${RECORDS} sources).`,
    );
  });

  it('names every broken file in stderr with a reason and a code', () => {
    const errors = errorLines(first.stderr);
    for (const [name, code] of BROKEN) {
      const line = errors.find((l) => l.includes(`examples/${name}`));
      expect(line, `no error line for ${name} in:\n${first.stderr}`).toBeDefined();
      // `error: SOURCE: REASON [CODE]`, the reason being more than the code
      expect(line).toMatch(new RegExp(`: [a-z][^[]{5,} \\[${code}\\]$`));
    }
  });

  it('fails nothing outside broken/', () => {
    const unexpected = errorLines(first.stderr).filter((l) => !l.includes('examples/broken/'));
    expect(unexpected).toEqual([]);
  });

  it('finds every outlet, with the articles each carried', async () => {
    const list = await runCli(['articles', '--db', db, '--json', '--limit', '1000']);
    expect(list.status).toBe(0);
    const rows = jsonLines<{ outlet: string | null; title: string | null }>(list.stdout);
    expect(rows).toHaveLength(ARTICLES);
    expect(rows.filter((r) => r.outlet === null)).toEqual([]);
    const perOutlet: Record<string, number> = {};
    for (const outlet of Object.keys(CARRIED_PER_OUTLET)) {
      const carried = await runCli(['articles', '--outlet', outlet, '--db', db, '--json', '--limit', '1000']);
      perOutlet[outlet] = jsonLines(carried.stdout).length;
    }
    expect(perOutlet).toEqual(CARRIED_PER_OUTLET);
  });

  it('does not store the corpus README as an article', async () => {
    const { stdout } = await runCli(['search', '"written by the dossier team"', '--db', db, '--json']);
    expect(jsonLines(stdout)).toEqual([]);
  });

  it('finds "ceasefire" in articles of several outlets', async () => {
    const { status, stdout } = await runCli(['search', 'ceasefire', '--db', db, '--json', '--limit', '100']);
    expect(status).toBe(0);
    const hits = jsonLines<{ outlet: string | null; snippet: string; highlights: Array<[number, number]> }>(stdout);
    const outlets = new Set(hits.map((h) => h.outlet));
    expect(outlets.size).toBeGreaterThanOrEqual(5);
    for (const hit of hits) {
      const [s, e] = hit.highlights[0] ?? [0, 0];
      expect(hit.snippet.slice(s, e).toLowerCase()).toBe('ceasefire');
    }
  });

  it('decodes the windows-1254 page and keeps both sources of the duplicated page', async () => {
    const list = jsonLines<{ id: string; outlet: string; title: string }>(
      (await runCli(['articles', '--db', db, '--json', '--limit', '1000'])).stdout,
    );
    const turkish = list.find((r) => r.outlet === 'KTV World' && r.title.includes('a done deal'));
    expect(turkish).toBeDefined();
    const shown = JSON.parse((await runCli(['show', turkish?.id ?? '', '--db', db, '--json'])).stdout);
    expect(shown.title).toContain('Çelik');
    expect(shown.body).toContain('Kestovian Defence Minister Emre Çelik');
    expect(shown.authors).toEqual(['Şebnem Güler']);
    expect(shown.sources[0].charset).toBe('windows-1254');

    const wire = list.find((r) => r.title === 'Kestovia, Valdara sign Tarnel Valley ceasefire after Aldport talks');
    expect(wire).toBeDefined();
    const both = JSON.parse((await runCli(['show', wire?.id ?? '', '--db', db, '--json'])).stdout);
    const sources = both.sources.map((s: { source: string }) => s.source);
    expect(sources).toHaveLength(2);
    expect(sources.some((s: string) => s.endsWith('continental-wire_2027-03-03_tarnel-ceasefire-signed.html'))).toBe(
      true,
    );
    expect(sources.some((s: string) => /crawl-2027-03\.warc\.gz#record=\d+$/.test(s))).toBe(true);
  });

  it('stores nothing new when run again', async () => {
    const again = await runCli(['demo', '--db', db, '--no-serve']);
    expect(again.status, again.stderr).toBe(0);
    expect(count(again.stdout, 'new')).toBe(0);
    expect(count(again.stdout, 'present')).toBe(RECORDS);
    expect(again.stdout).toContain(`The dossier holds ${ARTICLES} articles`);
  });
});
