import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleId } from './pipeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The ids are stored: these were computed by the code before `articleId` became one pass, and must never change. */
const FIXED: [string, string][] = [
  ['Plain body.', '4824e23f9f12c978'],
  ['  Leading and trailing  \n\n ', '2f5342d289b88dce'],
  ['Paragraph one.\n\nParagraph two.\r\n\tTabbed\u000bvt\u000cff', '631540c9e460fe7a'],
  [
    'Non\u00a0breaking\u2003em\u2028line\u2029para\u202fnarrow\u205fmath\u3000ideo\ufeffbom\u1680ogham\u200ahair',
    'b0e1468e1e59ed2a',
  ],
  ['Not\u0085nel\u200bzwsp\u001cfs\u180emvs spaces', '26d59d80a2de1e78'],
  ['İSTANBUL’DA ÇELİK DEDİ: Straße ΣΟΦΊΑ ΌΣΟΣ', 'ce9839349986f1a3'],
  ['Emoji 😀 and 𝐌𝐚𝐭𝐡   MiXeD CaSe', 'b50f026de3ed503f'],
  ['', 'e3b0c44298fc1c14'],
  ['   ', 'e3b0c44298fc1c14'],
  ['Lone \ud800 high and \udfff low surrogates', '8f89061fda2ba167'],
];
const FIXED_FILES: [string, string][] = [
  ['examples/text/daily-klaxon_2027-03-07_port-strike.txt', '08102324ea25c981'],
  ['examples/text/ktv-world_2027-03-13_waiting-room.txt', '72690108fdad6d0c'],
  ['src/extract/fixtures/text/russian-furniture/input.txt', '1f52cdbd753aaa4d'],
  ['src/extract/fixtures/text/german-furniture/input.txt', 'db7f36747671e484'],
];

/** The definition: whitespace runs collapsed to one space, trimmed, lower-cased, SHA-256, 16 hex digits. */
function reference(body: string): string {
  const normal = body.replace(/\s+/g, ' ').trim().toLowerCase();
  return createHash('sha256').update(normal).digest('hex').slice(0, 16);
}

describe('articleId', () => {
  it('reproduces the ids stored by earlier versions', () => {
    for (const [body, id] of FIXED) expect(articleId(body), JSON.stringify(body)).toBe(id);
    for (const [file, id] of FIXED_FILES) expect(articleId(readFileSync(ROOT + file, 'utf8')), file).toBe(id);
  });

  it('lower-cases after collapsing whitespace: a final sigma before a BOM', () => {
    const body = 'ΑΣ\ufeffΒ ΌΣΟΣ\ufeff';
    expect(articleId(body)).toBe(reference(body));
    expect(articleId(body)).not.toBe(articleId(body.toLowerCase()));
  });

  it('treats every UTF-16 code unit as /\\s/ does', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const body = `A${ch}b${ch}${ch}C ${ch}`;
      if (articleId(body) !== reference(body)) expect(c.toString(16)).toBe('same id as the definition');
    }
  });

  it('matches the definition on random text full of whitespace', () => {
    const unit = fc.constantFrom(
      'a',
      'B',
      'İ',
      'ß',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '\u00a0',
      '\u2028',
      '\u3000',
      '😀',
      '\ud800',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
        const body = parts.join('');
        expect(articleId(body)).toBe(reference(body));
      }),
      { numRuns: 2000 },
    );
  });
});
