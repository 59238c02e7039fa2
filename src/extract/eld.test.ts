import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eld } from 'eld/extrasmall';
import { describe, expect, it } from 'vitest';
import { detectEld } from './eld.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Hand-made texts for the splitter's and the byte encoder's corners. */
const CORNERS = [
  "Don't stop: l'homme qu'on attendait n'est pas venu, dit-il `hier` ’aujourd’hui’.",
  "''' ``` ’’’ rock 'n' roll '' ok",
  'İstanbul’da yaşayan İsmail Çelik, ğüşöç ile IĞDIR arasında gidip geldiğini söyledi.',
  'Премьер-министр заявил, что переговоры о прекращении огня продолжатся на следующей неделе.',
  'Ο υπουργός δήλωσε ότι οι συνομιλίες για την εκεχειρία θα συνεχιστούν την επόμενη εβδομάδα.',
  'وقال الوزير إن المحادثات بشأن وقف إطلاق النار ستستمر الأسبوع المقبل في العاصمة.',
  '外交部发言人表示，停火谈判将于下周在首都继续进行，双方代表均已确认出席。',
  '외교부 대변인은 휴전 협상이 다음 주 수도에서 계속될 것이라고 밝혔다.',
  'กระทรวงการต่างประเทศระบุว่าการเจรจาหยุดยิงจะดำเนินต่อไปในสัปดาห์หน้า',
  'Emoji 😀😀 between 𝐌𝐚𝐭𝐡 letters and a lone \ud800 surrogate \udc00 here, 2024-03-01 12:00.',
  'a',
  'ab cd',
  '1234 5678 !!!',
  `${'Supercalifragilisticexpialidociousness'.repeat(3)} word`,
  'Der Bundesminister sagte, die Gespräche über eine Waffenruhe würden nächste Woche fortgesetzt. '.repeat(8),
  'El ministro dijo que las conversaciones sobre el alto el fuego continuarán la próxima semana. '.repeat(8),
];

describe('detectEld', () => {
  it('answers as the eld package does on the fixtures, the examples and hard cases, at several offsets', () => {
    const texts = [
      ...files(join(ROOT, 'src', 'extract', 'fixtures')).filter((f) => /\.(txt|html)$/.test(f)),
      ...files(join(ROOT, 'examples', 'text')),
      ...files(join(ROOT, 'examples', 'html')),
    ].map((f) => readFileSync(f, 'utf8'));
    let compared = 0;
    for (const text of [...texts, ...CORNERS]) {
      for (const offset of [0, 1, 37, 250]) {
        for (const length of [20, 500, 1200]) {
          const sample = text.slice(offset, offset + length);
          const want = eld.detect(sample);
          const got = detectEld(sample);
          if (!want.language) {
            expect(got, sample).toBeNull();
            continue;
          }
          const ranked = Object.values(want.getScores()).sort((a, b) => b - a);
          expect(got, sample).toEqual({
            language: want.language,
            first: ranked[0],
            second: ranked[1] ?? 0,
            reliable: want.isReliable(),
          });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('finds the language of plain news sentences', () => {
    expect(detectEld(CORNERS[3] as string)?.language).toBe('ru');
    expect(detectEld(CORNERS[14] as string)).toMatchObject({ language: 'de', reliable: true });
    expect(detectEld(CORNERS[15] as string)).toMatchObject({ language: 'es', reliable: true });
    expect(detectEld('1234 5678 !!!')).toBeNull();
  });
});
