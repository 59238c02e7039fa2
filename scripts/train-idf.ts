/**
 * `npm run train:idf`: builds `models/idf.json`, the background document
 * frequencies the link stage weighs claim features and story-label terms
 * by (`src/link/idf.ts`). Weights taken from a fixed text do not move when an
 * article arrives, so a continuing link run can keep what it matched before.
 *
 * Text: GUM (Zeldes 2017), folder `conllu/` only (texts CC-BY 2.5/4.0 and
 * CC-BY-SA 3.0, annotations CC-BY 4.0), official train and dev documents
 * (the folder holds no others), read in place from `../shared/data/gum`.
 * Claim features (`contentTerm` of each word, as `statementFeatures` takes
 * them) are counted per sentence (a statement is a piece of one sentence);
 * label terms (`terms`) per paragraph. The file keeps hashed keys (FNV-1a of
 * the term) and counts only, no text. Deterministic: files in sorted order,
 * keys ascending, no timestamps; two runs give the same file byte for byte.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTerm } from '../src/link/claims.js';
import { IDF_FORMAT, type IdfModelFile, type IdfTableFile } from '../src/link/idf.js';
import { fnv1a, terms, words } from '../src/link/text.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = process.argv[2] ?? resolve(root, '..', 'shared', 'data', 'gum');
const folder = join(data, 'conllu');
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.conllu'))
  .sort();
if (!files.length) throw new Error(`train:idf: no .conllu files in ${folder}`);

/** Counts units (sentences or paragraphs) using each hashed key. */
class Table {
  units = 0;
  readonly df = new Map<number, number>();
  add(keys: Iterable<string>): void {
    this.units++;
    for (const k of new Set([...keys].map((t) => fnv1a(t)))) this.df.set(k, (this.df.get(k) ?? 0) + 1);
  }
  file(): IdfTableFile {
    const keys = [...this.df.keys()].sort((a, b) => a - b);
    return { units: this.units, keys, df: keys.map((k) => this.df.get(k) as number) };
  }
}

const claims = new Table();
const labels = new Table();
const hash = createHash('sha256');
let paragraph: string[] = [];
const endParagraph = () => {
  if (paragraph.length) labels.add(terms(paragraph.join(' ')));
  paragraph = [];
};
for (const f of files) {
  const text = readFileSync(join(folder, f), 'utf8');
  hash.update(f).update(text);
  for (const line of text.split('\n')) {
    if (line.startsWith('# newpar') && !line.startsWith('# newpar_')) endParagraph();
    else if (line.startsWith('# newdoc')) endParagraph();
    else if (line.startsWith('# text = ')) {
      const sentence = line.slice('# text = '.length);
      paragraph.push(sentence);
      claims.add(
        words(sentence)
          .map(contentTerm)
          .filter((t): t is string => t !== null),
      );
    }
  }
  endParagraph();
}

const body = { claims: claims.file(), labels: labels.file() };
const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const model: IdfModelFile = {
  format: IDF_FORMAT,
  version: `idf-gum-${digest}`,
  source: `GUM conllu/ (train + dev, ${files.length} documents; texts CC-BY 2.5/4.0, CC-BY-SA 3.0; annotations CC-BY 4.0), files sha256 ${hash.digest('hex').slice(0, 10)}; claim features per sentence, label terms per paragraph; keys are FNV-1a of the term`,
  rebuild: 'npm run train:idf',
  ...body,
};
const out = join(root, 'models', 'idf.json');
writeFileSync(out, `${JSON.stringify(model)}\n`);
process.stdout.write(
  `${out}: ${claims.units} sentences (${claims.df.size} claim keys), ${labels.units} paragraphs (${labels.df.size} label keys), version ${model.version}\n`,
);
