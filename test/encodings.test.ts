import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/index.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import type { IngestSummary } from '../src/types.js';
import { FILES_DIR, FIXTURES, STRUCTURED } from './fixtures/encodings/make.js';
import { ROOT, tempDir } from './helpers/cli.js';

const DIR = join(ROOT, FILES_DIR);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Row {
  source: string;
  raw_hash: string;
  charset: string | null;
  id: string;
  body: string;
}

describe('ingesting the charset fixture folder', () => {
  let store: SqliteStore;
  let db: Database.Database;
  let summary: IngestSummary;
  let rows: Row[];
  const rowOf = (file: string) => rows.find((r) => r.source === join(DIR, file));

  beforeAll(async () => {
    const path = join(tempDir(), 'dossier.db');
    store = new SqliteStore(path);
    summary = await ingest([DIR], store, ingestOptions());
    db = new Database(path, { readonly: true });
    rows = db
      .prepare(
        'SELECT s.source, s.raw_hash, s.charset, a.id, a.body FROM sources s JOIN articles a ON a.rowid = s.article_rowid',
      )
      .all() as Row[];
  });

  afterAll(async () => {
    db?.close();
    await store?.close();
  });

  it('reads every file and every record, with no problems', () => {
    const records = STRUCTURED.reduce((n, f) => n + f.records.length, 0);
    expect(summary.problems).toEqual([]);
    expect(summary.read).toBe(FIXTURES.length + records);
    expect(summary.new).toBe(FIXTURES.length + records);
  });

  for (const f of FIXTURES) {
    it(`${f.file}: body has the right words, charset ${f.expect.charset}, hash of the original bytes`, () => {
      const row = rowOf(f.file);
      expect(row, f.file).toBeDefined();
      for (const word of f.words) expect(row?.body).toContain(word);
      expect(row?.body).not.toMatch(/[\u0080-\u009f\ufffd]/);
      expect(row?.charset).toBe(f.expect.charset);
      expect(row?.raw_hash).toBe(sha256(readFileSync(join(DIR, f.file))));
    });
  }

  for (const f of STRUCTURED) {
    it(`${f.file}: every record decodes right`, () => {
      const bodies = rows.filter((r) => r.source.startsWith(`${join(DIR, f.file)}#record=`)).map((r) => r.body);
      expect(bodies).toHaveLength(f.records.length);
      for (const record of f.records) expect(bodies.some((b) => b.includes(record.text))).toBe(true);
      for (const word of f.words) expect(bodies.join('\n')).toContain(word);
    });
  }

  it('the JSON Lines hash is the sha256 of each original line', () => {
    const f = STRUCTURED.find((x) => x.file.endsWith('.jsonl')) as (typeof STRUCTURED)[number];
    const lines = readFileSync(join(DIR, f.file))
      .toString('latin1')
      .split('\n')
      .filter(Boolean)
      .map((l) => Buffer.from(l, 'latin1'));
    lines.forEach((line, i) => {
      expect(rowOf(`${f.file}#record=${i + 1}`)?.raw_hash).toBe(sha256(line));
    });
  });

  const searches: Array<[string, string]> = [
    ['Лавров', 'ru-windows-1251.txt'],
    ['инфляция', 'ru-koi8-r.txt'],
    ['артиллерией', 'ru-meta-charset-windows-1251.html'],
    ['Çavuşoğlu', 'tr-windows-1254.txt'],
    // remove_diacritics 2: the ASCII spelling finds the Turkish word
    ['Cavusoglu', 'tr-windows-1254.txt'],
    ['değişmeyeceğini', 'tr-iso-8859-9.txt'],
    ['sivillerin', 'tr-meta-http-equiv-iso-8859-9.html'],
    ['Gönüllüler', 'tr-meta-charset-foobar.html'],
    ['śmigłowców', 'pl-windows-1250.txt'],
    ['rozpočet', 'cs-iso-8859-2.txt'],
    ['Εξωτερικών', 'el-iso-8859-7.txt'],
    ['الخارجية', 'ar-windows-1256.txt'],
    ['снегопад', 'ru-windows-1251.jsonl#record=2'],
    ['гуманитарную', 'ru-windows-1251.csv#record=1'],
  ];
  for (const [query, file] of searches) {
    it(`searching "${query}" finds ${file}`, async () => {
      const id = rowOf(file)?.id;
      expect(id, file).toBeDefined();
      const hits = await store.search(query, {}, 50);
      expect(hits.map((h) => h.id)).toContain(id);
    });
  }
});
