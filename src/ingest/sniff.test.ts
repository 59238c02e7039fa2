import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FILES_DIR, FIXTURES, STRUCTURED } from '../../test/fixtures/encodings/make.js';
import { ROOT } from '../../test/helpers/cli.js';
import { sniffFormat, utf16Order } from './sniff.js';

const bytesOf = (file: string) => readFileSync(join(ROOT, FILES_DIR, file));

describe('sniffFormat on charset fixtures', () => {
  for (const f of FIXTURES) {
    it(`${f.file} is ${f.kind}`, () => {
      expect(sniffFormat(bytesOf(f.file), f.file)).toBe(f.kind);
    });
  }
  for (const f of STRUCTURED) {
    it(`${f.file} is ${f.file.endsWith('.csv') ? 'csv' : 'jsonl'}`, () => {
      expect(sniffFormat(bytesOf(f.file), f.file)).toBe(f.file.endsWith('.csv') ? 'csv' : 'jsonl');
    });
  }
});

describe('utf16Order: UTF-16 without a byte order mark', () => {
  const cyrillic = 'Міністр закордонних справ провів переговори в Анкарі.';
  const arabic = 'وقال المتحدث باسم الوزارة إن المحادثات مستمرة.';

  it('tells little- from big-endian, also for non-Latin text with few ASCII characters', () => {
    for (const text of [cyrillic, arabic, 'Plain English news text.']) {
      expect(utf16Order(iconv.encode(text, 'utf-16le'))).toBe('utf-16le');
      expect(utf16Order(iconv.encode(text, 'utf-16be'))).toBe('utf-16be');
    }
  });

  it('says null for single-byte text and for binary data', () => {
    expect(utf16Order(iconv.encode(cyrillic, 'windows-1251'))).toBeNull();
    expect(utf16Order(Buffer.from(cyrillic, 'utf8'))).toBeNull();
    const binary = Buffer.alloc(512);
    for (let i = 0; i < binary.length; i++) binary[i] = i % 7 === 0 ? 0 : (i * 37) & 0xff;
    expect(utf16Order(binary)).toBeNull();
  });

  it('BOM-less UTF-16 is text, not binary, and UTF-16 HTML is HTML', () => {
    expect(sniffFormat(iconv.encode(cyrillic, 'utf-16le'), 'a.txt')).toBe('text');
    expect(sniffFormat(iconv.encode(`<!DOCTYPE html><p>${arabic}</p>`, 'utf-16be'), 'a')).toBe('html');
  });
});

describe('JSON Lines with long records', () => {
  // regression: records longer than the 2 KiB the markup signs look at made stdin JSON Lines one broken JSON document
  it('is JSON Lines when the first record is longer than 2 KiB, whatever the name', () => {
    const record = (i: number) => JSON.stringify({ title: `Record ${i}`, text: 'Delegates met again. '.repeat(300) });
    const jsonl = Buffer.from(`${record(1)}\n${record(2)}\n`);
    expect(sniffFormat(jsonl, '')).toBe('jsonl');
    expect(sniffFormat(jsonl, 'export.json')).toBe('jsonl');
    expect(sniffFormat(Buffer.from(`{\n  "title": "x",\n  "text": "${'y'.repeat(3000)}"\n}\n`), '')).toBe('json');
  });
});
