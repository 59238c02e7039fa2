import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvField, xmlText } from '../src/export.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

/** `dossier export` on the demo dossier: JSON Lines, CSV and GraphML, whole, by story and by search. */
describe('dossier export', () => {
  const db = join(tempDir(), 'demo.db');
  let articles = 0;

  beforeAll(async () => {
    const examples = join(ROOT, 'examples');
    const folders = readdirSync(examples, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(examples, e.name));
    await runCli(['ingest', ...folders, '--db', db, '--quiet']);
    const stats = await runCli(['articles', '--db', db, '--limit', '1000', '--json']);
    articles = stats.stdout.trim().split('\n').length;
  }, 120_000);

  it('writes every article as one JSON line, and a story or a search as its own articles', async () => {
    const all = await runCli(['export', '--db', db]);
    expect(all.status, all.stderr).toBe(0);
    const rows = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; body: string });
    expect(rows).toHaveLength(articles);
    expect(new Set(rows.map((r) => r.id)).size).toBe(articles);
    const story = JSON.parse(
      (await runCli(['stories', '--db', db, '--min-articles', '2', '--limit', '1', '--json'])).stdout,
    ) as {
      id: string;
      articles: Array<{ id: string }>;
    };
    const byStory = await runCli(['export', '--db', db, '--story', story.id]);
    const ids = byStory.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(story.articles.map((a) => a.id)));
    const bySearch = await runCli(['export', '--db', db, '--q', 'ceasefire']);
    const hits = (await runCli(['search', 'ceasefire', '--db', db, '--limit', '100', '--json'])).stdout
      .trim()
      .split('\n');
    expect(bySearch.stdout.trim().split('\n')).toHaveLength(hits.length);
    const missing = await runCli(['export', '--db', db, '--story', 'ffffffffffffffff']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no story with id ffffffffffffffff/);
  });

  it('writes CSV a spreadsheet reads back: quoted fields, line breaks kept, formulas defused', async () => {
    const csv = await runCli(['export', '--db', db, '--format', 'csv']);
    const json = await runCli(['export', '--db', db]);
    const records = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    const expected = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; title: string | null; body: string });
    expect(records).toHaveLength(articles);
    for (const [i, r] of records.entries()) {
      expect(r.id).toBe(expected[i]?.id);
      expect(r.body).toBe(expected[i]?.body);
      expect(r.title ?? '').toBe(expected[i]?.title ?? '');
    }
    expect(records.some((r) => r.body?.includes('\n'))).toBe(true);
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('plain')).toBe('plain');
    expect(xmlText('a<b & "c"\u0001')).toBe('a&lt;b &amp; &quot;c&quot;');
  });

  it('writes the entity co-mention network as well-formed GraphML whose edges join its nodes', async () => {
    const out = await runCli(['export', '--db', db, '--format', 'graphml']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml')).toBe(true);
    const doc = parseDocument(out.stdout, { xmlMode: true });
    const elements = (name: string) => {
      const found: Array<{ attribs: Record<string, string> }> = [];
      const walk = (n: { name?: string; attribs?: Record<string, string>; children?: unknown[] }) => {
        if (n.name === name && n.attribs) found.push({ attribs: n.attribs });
        for (const c of n.children ?? []) walk(c as typeof n);
      };
      walk(doc as unknown as Parameters<typeof walk>[0]);
      return found;
    };
    const nodes = new Set(elements('node').map((n) => n.attribs.id));
    const edges = elements('edge');
    expect(nodes.size).toBeGreaterThan(5);
    expect(edges.length).toBeGreaterThan(5);
    for (const e of edges) {
      expect(nodes.has(e.attribs.source)).toBe(true);
      expect(nodes.has(e.attribs.target)).toBe(true);
    }
  });
});
