/**
 * `npm run train:idf`: builds `models/idf.json`, the background document
 * frequencies the link stage weighs claim features and story-label terms
 * by (`src/link/idf.ts`). Weights taken from a fixed text do not move when an
 * article arrives, so a continuing link run can keep what it matched before.
 *
 * Text: GUM (Zeldes 2017), folder `conllu/` only (texts CC-BY 2.5/4.0 and
 * CC-BY-SA 3.0, annotations CC-BY 4.0), official train and dev documents
 * (the folder holds no others), read in place from `../shared/data/gum`;
 * and PolNeAR (Newell et al. 2018) `train/text/` only (840 US political news
 * articles, no licence stated: keys and counts only), read in place from
 * `../shared/data/polnear`, cut into sentences by the analyze tokenizer,
 * paragraphs at blank lines (the title is one). Claim features (`contentTerm` of each `claimWords` word, as `statementFeatures` takes
 * them) are counted per sentence (a statement is a piece of one sentence);
 * label terms (`terms`) per paragraph. The file keeps hashed keys (FNV-1a of
 * the term) and counts only, no text. Deterministic: files in sorted order,
 * keys ascending, no timestamps; two runs give the same file byte for byte.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../src/analyze/tokenize.js';
import { claimWords, contentTerm } from '../src/link/claims.js';
import { CLAIM_FLOOR, IDF_FORMAT, type IdfModelFile, type IdfTableFile } from '../src/link/idf.js';
import { fnv1a, terms } from '../src/link/text.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const shared = SHARED_DATA;
const folder = join(process.argv[2] ?? join(shared, 'gum'), 'conllu');
const news = join(process.argv[3] ?? join(shared, 'polnear'), 'train', 'text');
const listed = (dir: string, ext: string) => {
  const found = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort();
  if (!found.length) throw new Error(`train:idf: no ${ext} files in ${dir}`);
  return found;
};
const files = listed(folder, '.conllu');
const articles = listed(news, '.txt');

/** Counts units (sentences or paragraphs) using each hashed key. */
class Table {
  constructor(readonly floor: number) {}
  units = 0;
  readonly df = new Map<number, number>();
  add(keys: Iterable<string>): void {
    this.units++;
    for (const k of new Set([...keys].map((t) => fnv1a(t)))) this.df.set(k, (this.df.get(k) ?? 0) + 1);
  }
  /** Keys used by no more units than the floor are left out: `idf.ts` weighs them as it weighs a key never seen. */
  file(): IdfTableFile {
    const keys = [...this.df.keys()].filter((k) => (this.df.get(k) as number) > this.floor).sort((a, b) => a - b);
    return { units: this.units, floor: this.floor, keys, df: keys.map((k) => this.df.get(k) as number) };
  }
}

const claims = new Table(CLAIM_FLOOR);
const labels = new Table(1);
const hash = createHash('sha256');
const newsHash = createHash('sha256');
const addSentence = (sentence: string) =>
  claims.add(
    claimWords(sentence)
      .map(contentTerm)
      .filter((t): t is string => t !== null),
  );
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
      addSentence(sentence);
    }
  }
  endParagraph();
}
const gumSentences = claims.units;
for (const f of articles) {
  const text = readFileSync(join(news, f), 'utf8');
  newsHash.update(f).update(text);
  for (const par of text.split(/\n\s*\n/)) {
    const body = par.replace(/\s+/g, ' ').trim();
    if (!body) continue;
    const t = tokenize(body);
    for (let s = 0; s < t.sentences; s++) {
      const first = t.sentStarts[s] as number;
      const last = (t.sentEnds[s] as number) - 1;
      if (last >= first) addSentence(body.slice(t.starts[first], t.ends[last]));
    }
    labels.add(terms(body));
  }
}

const body = { claims: claims.file(), labels: labels.file() };
const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const model: IdfModelFile = {
  format: IDF_FORMAT,
  version: `idf-gum-polnear-${digest}`,
  source: `GUM commit 72ce5ac14978a324c2fd18d49484e65292cbe316 conllu/ (train + dev, ${files.length} documents, ${gumSentences} sentences; texts CC-BY 2.5/4.0, CC-BY-SA 3.0; annotations CC-BY 4.0), files sha256 ${hash.digest('hex').slice(0, 10)}; PolNeAR commit c3eee833c035bf7b8c84f55b58c0bf7346cfae76 train/text/ (${articles.length} articles, ${claims.units - gumSentences} sentences; no licence stated, no text kept), files sha256 ${newsHash.digest('hex').slice(0, 10)}; claim features per sentence, label terms per paragraph; keys are FNV-1a of the term`,
  rebuild: 'npm run train:idf',
  ...body,
};
const out = join(root, 'models', 'idf.json');
writeFileSync(out, `${JSON.stringify(model)}\n`);
process.stdout.write(
  `${out}: ${claims.units} sentences (${body.claims.keys.length} claim keys kept of ${claims.df.size}), ${labels.units} paragraphs (${body.labels.keys.length} label keys kept of ${labels.df.size}), version ${model.version}\n`,
);
