import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FILES_DIR, FIXTURES, STRUCTURED } from '../../test/fixtures/encodings/make.js';
import { ROOT } from '../../test/helpers/cli.js';
import { canonicalCharset, decode, detectCharset, plausibility, streamCharset } from './decode.js';

const bytesOf = (file: string) => readFileSync(join(ROOT, FILES_DIR, file));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('decode: real byte fixtures', () => {
  for (const f of FIXTURES) {
    it(`${f.file} decodes to the source text as ${f.expect.charset} via ${f.expect.via}`, () => {
      const decoded = decode(bytesOf(f.file), { html: f.kind === 'html' });
      expect(decoded).not.toBeNull();
      expect(decoded?.text).toBe(f.text.normalize('NFC'));
      expect(decoded?.charset.value).toBe(f.expect.charset);
      expect(decoded?.charset.via).toBe(f.expect.via);
    });
  }

  it('the committed bytes are what make.ts writes (fixtures and generator agree)', async () => {
    const { fixtureBytes, structuredBytes } = await import('../../test/fixtures/encodings/make.js');
    for (const f of FIXTURES) expect(bytesOf(f.file).equals(fixtureBytes(f)), f.file).toBe(true);
    for (const f of STRUCTURED) expect(bytesOf(f.file).equals(structuredBytes(f)), f.file).toBe(true);
  });

  it('NFD input comes out NFC', () => {
    const nfd = FIXTURES.find((f) => f.nfd) as (typeof FIXTURES)[number];
    const raw = bytesOf(nfd.file).toString('utf8');
    expect(raw).not.toBe(raw.normalize('NFC'));
    expect(decode(bytesOf(nfd.file))?.text).toBe(raw.normalize('NFC'));
  });
});

describe('decode: the ladder', () => {
  const ru = bytesOf('ru-windows-1251.txt');

  it('an HTTP header charset wins over detection and over <meta>', () => {
    const page = bytesOf('ru-meta-charset-windows-1251.html');
    const d = decode(page, { header: 'windows-1251', html: true });
    expect(d?.charset).toMatchObject({ value: 'windows-1251', via: 'http-header' });
    expect(decode(ru, { header: 'cp1251' })?.charset).toMatchObject({ value: 'windows-1251', via: 'http-header' });
  });

  it('a header naming no real charset is skipped, not trusted', () => {
    const d = decode(ru, { header: 'foobar' });
    expect(d?.charset).toMatchObject({ value: 'windows-1251', via: 'detected' });
  });

  it('a BOM wins over a declared charset', () => {
    const d = decode(bytesOf('ru-utf-8-bom.txt'), { header: 'koi8-r' });
    expect(d?.charset).toMatchObject({ value: 'utf-8', via: 'bom' });
  });

  it('valid UTF-8 takes the fast path: no statistical detection', () => {
    const spy = vi.spyOn(chardet, 'analyse');
    for (const f of FIXTURES.filter((x) => x.expect.via === 'utf8-valid')) decode(bytesOf(f.file), { html: true });
    decode(Buffer.from('plain ASCII text'));
    expect(spy).not.toHaveBeenCalled();
    decode(ru);
    expect(spy).toHaveBeenCalled();
  });

  it('labels that mean a superset decode with the superset (WHATWG)', () => {
    expect(canonicalCharset('ISO-8859-1')).toBe('windows-1252');
    expect(canonicalCharset('iso-8859-9')).toBe('windows-1254');
    expect(canonicalCharset('ISO-8859-8-I')).toBe('windows-1255');
    expect(canonicalCharset('foobar')).toBeNull();
  });

  it('returns null rather than guessing on nothing', () => {
    expect(decode(Buffer.alloc(0))?.text ?? '').toBe('');
  });
});

describe('detection checked by plausibility', () => {
  // every sentence of every single-byte fixture, alone: the short texts chardet alone often gets wrong.
  // A sentence with one or two non-ASCII letters can be ambiguous (`wzrosną` reads as Czech `wzrosnš` too): left out.
  const telling = (s: string) => (s.match(/[^\x00-\x7f]/g) ?? []).length >= 3;
  const singleByte = FIXTURES.filter((f) => f.expect.via === 'detected' && !f.encoding.startsWith('utf'));
  for (const f of singleByte) {
    it(`each sentence of ${f.file} decodes right on its own`, () => {
      for (const sentence of f.text.split(/(?<=[.!?])\s+/).filter(telling)) {
        const d = decode(iconv.encode(sentence, f.encoding));
        expect(d?.text, `${f.encoding}: ${sentence}`).toBe(sentence);
      }
    });
  }

  it('scores the right reading above its siblings', () => {
    const cases: Array<[string, string, string[]]> = [
      ['Rząd przyjął w czwartek projekt ustawy.', 'windows-1250', ['iso-8859-2', 'windows-1252']],
      ['İhracat geçen yıla göre arttı.', 'windows-1254', ['windows-1252', 'iso-8859-2']],
      ['Министр иностранных дел заявил.', 'windows-1251', ['koi8-r', 'iso-8859-5']],
      ['Министр иностранных дел заявил.', 'koi8-r', ['windows-1251', 'iso-8859-5']],
      ['وقال المتحدث باسم الوزارة.', 'windows-1256', ['iso-8859-6']],
    ];
    for (const [text, right, wrong] of cases) {
      const bytes = iconv.encode(text, right);
      const score = plausibility(bytes, right);
      for (const w of wrong) expect(score, `${right} over ${w}`).toBeGreaterThan(plausibility(bytes, w));
    }
  });

  it('looks past a long ASCII head of markup to the text', () => {
    const tr = FIXTURES.find((f) => f.file === 'tr-windows-1254.txt') as (typeof FIXTURES)[number];
    const head = `<html><head><script>${'var x = 1;\n'.repeat(800)}</script></head><body><p>`;
    const page = Buffer.concat([Buffer.from(head), bytesOf(tr.file), Buffer.from('</p></body></html>')]);
    const d = decode(page, { html: true });
    expect(d?.charset).toMatchObject({ value: 'windows-1254', via: 'detected' });
    expect(d?.text).toContain(tr.text);
  });

  it('multi-byte guesses are left to chardet', () => {
    const sjis = iconv.encode('東京都は月曜日、新しい防災計画を発表した。専門家は評価している。', 'shift_jis');
    expect(detectCharset(sjis)?.charset).toBe('shift_jis');
  });

  it('detects a legacy charset once for a stream, from its head', () => {
    const jsonl = STRUCTURED.find((f) => f.file.endsWith('.jsonl')) as (typeof STRUCTURED)[number];
    expect(streamCharset(bytesOf(jsonl.file))).toBe('windows-1251');
    expect(streamCharset(Buffer.from('{"text":"Grüße aus Köln"}\n', 'utf8'))).toBeNull();
    // a head cut inside a UTF-8 character is still UTF-8
    const cut = Buffer.from('{"text":"Привет"}\n{"text":"мир"}\n', 'utf8');
    expect(streamCharset(cut.subarray(0, cut.length - 5))).toBeNull();
    // a short line alone is ambiguous; with the stream's charset it decodes right
    const line = iconv.encode('{"title":"Погода","text":"Синоптики обещают снегопад."}', 'windows-1251');
    expect(decode(line, { stream: 'windows-1251' })?.text).toContain('Синоптики обещают снегопад.');
  });

  it('stays fast: UTF-8 articles take no detection, legacy ones a bounded sample', () => {
    const text = (FIXTURES[0] as (typeof FIXTURES)[number]).text.repeat(20);
    const utf8 = Buffer.from(text, 'utf8');
    const legacy = iconv.encode(text, 'windows-1251');
    let t = performance.now();
    for (let i = 0; i < 2000; i++) decode(utf8);
    const utf8Ms = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 100; i++) decode(legacy);
    const legacyMsEach = (performance.now() - t) / 100;
    // loose bounds that hold on a loaded CI machine: about 0.1 s and 4 ms on an idle laptop
    expect(utf8Ms).toBeLessThan(2000);
    expect(legacyMsEach).toBeLessThan(25);
  });
});
