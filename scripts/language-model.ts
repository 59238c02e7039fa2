/**
 * `npm run train:language`: builds `models/language.json`, the n-gram tables
 * of the language detector (`src/extract/eld.ts`), from the `eld` package's
 * `extrasmall` database (Apache-2.0, Nito T.M.). Nothing is learnt: the
 * tables, the byte dictionary, the letter class of the word splitter and the
 * average scores are copied as they are, in a plain JSON form our detector
 * loads in a few milliseconds and a few MB (eld's own module costs about 90 MB
 * of memory to load). Deterministic: keys in eld's order, no timestamps.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GRAM_SEPARATOR, LANGUAGE_MODEL_FORMAT, type LanguageModelFile } from '../src/extract/eld.js';
import { REPO_ROOT as root } from './paths.js';

// the package's own files, past its `exports` map (which only offers the detector): src/entries/static.extrasmall.js
const eldDir = resolve(dirname(fileURLToPath(import.meta.resolve('eld/extrasmall'))), '..', '..');
const version = (JSON.parse(readFileSync(join(eldDir, 'package.json'), 'utf8')) as { version: string }).version;
const load = async <T>(file: string) => (await import(pathToFileURL(join(eldDir, 'src', file)).href)) as T;

const { ngramsData } = await load<{
  ngramsData: { type: string; languages: Record<string, string>; ngrams: Record<string, Record<string, number>> };
}>('ngrams/extrasmall.js');
const { dictionary } = await load<{ dictionary: string[] }>('dictionary.js');
const { avgScore } = await load<{ avgScore: Record<string, number> }>('avgScore.js');
// the letter class is not exported on its own: read it back from the splitter's source
const { separators } = await load<{ separators: RegExp }>('regexPatterns.js');
const letters = /^\[\^(.*)\]\+\(\?<!\[\\x27\\x60\\u2019\]\)$/s.exec(separators.source)?.[1];
if (!letters)
  throw new Error(`eld ${version}: regexPatterns.js separators is not [^L]+(?<![...]): ${separators.source}`);

const languages = Object.keys(ngramsData.languages)
  .map(Number)
  .sort((a, b) => a - b)
  .map((i) => ngramsData.languages[i] as string);
// the letter class as ranges of UTF-16 code units, so loading needs no regex
const letter = new RegExp(`[${letters}]`, 'u');
const letterRanges: number[] = [];
for (let c = 0; c < 0x10000; c++) {
  if (!letter.test(String.fromCharCode(c))) continue;
  if (letterRanges.length && letterRanges[letterRanges.length - 1] === c - 1) letterRanges[letterRanges.length - 1] = c;
  else letterRanges.push(c, c);
}
const grams = Object.keys(ngramsData.ngrams);
if (grams.some((g) => g.includes(GRAM_SEPARATOR)))
  throw new Error(`eld ${version}: an n-gram holds the separator ${JSON.stringify(GRAM_SEPARATOR)}`);
const entries = grams.map((g) => Object.entries(ngramsData.ngrams[g] as Record<string, number>));
const body = {
  languages,
  avgScore: languages.map((l) => avgScore[l] ?? 0),
  dictionary: dictionary.join(''),
  letters: letterRanges,
  grams: grams.join(GRAM_SEPARATOR),
  counts: entries.map((e) => e.length),
  langs: entries.flatMap((e) => e.map(([lang]) => Number(lang))),
  scores: entries.flatMap((e) => e.map(([, score]) => score)),
};
const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const model: LanguageModelFile = {
  format: LANGUAGE_MODEL_FORMAT,
  version: `eld-${version}-${ngramsData.type}-${hash}`,
  source: `eld ${version} (npm, Apache-2.0, Nito T.M.), database extrasmall (${ngramsData.type})`,
  ...body,
};
const out = join(root, 'models', 'language.json');
writeFileSync(out, `${JSON.stringify(model)}\n`);
process.stdout.write(
  `${out}: ${languages.length} languages, ${grams.length.toLocaleString('en')} n-grams, version ${model.version}\n`,
);
