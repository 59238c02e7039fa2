/**
 * `npm run train:genders`: builds `models/name-genders.json`, the first names
 * whose usual gender lets `he`/`she` agree with a person (`src/analyze/name-gender.ts`).
 * Two sources, no hand list:
 * - GUM train (`../shared/data/gum/conllu`, CC-BY annotations, read in place):
 *   in every gold person chain, the first word of a proper name of two words or
 *   more gets one vote for each gendered pronoun of the chain (he/him/his vs
 *   she/her/hers);
 * - the `compromise` package's lexicon (MIT): its MaleName / FemaleName tags.
 * GUM's votes decide when they are unanimous (the chain's own pronouns); else
 * compromise's tag when it gives one gender only. Deterministic: sorted output.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nlp from 'compromise';
import { readGumCoref } from '../eval/coref-data.js';
import { gumSplit } from '../eval/ner-data.js';
import type { NameGendersFile } from '../src/analyze/name-gender.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const gum = process.env.DOSSIER_GUM ?? join(SHARED_DATA, 'gum');
const GUM_COMMIT = '72ce5ac14978a324c2fd18d49484e65292cbe316';
const MALE = new Set(['he', 'him', 'his', 'himself']);
const FEMALE = new Set(['she', 'her', 'hers', 'herself']);

// GUM train: votes per first name, one per gendered pronoun of the chain
const votes = new Map<string, { m: number; f: number }>();
const docs = readGumCoref(join(gum, 'conllu'), gumSplit(join(gum, 'docs.tsv'), 'train'));
for (const d of docs) {
  const chains = new Map<string, { m: number; f: number; first: Set<string> }>();
  for (const m of d.mentions) {
    if (m.etype !== 'person') continue;
    const c = chains.get(m.chain) ?? { m: 0, f: 0, first: new Set<string>() };
    chains.set(m.chain, c);
    const words = d.words.slice(m.start, m.end);
    const w = words.length === 1 ? words[0]!.toLowerCase() : '';
    if (MALE.has(w)) c.m++;
    else if (FEMALE.has(w)) c.f++;
    else if (
      words.length >= 2 &&
      d.upos.slice(m.start, m.end).every((u) => u === 'PROPN') &&
      /^\p{Lu}\p{Ll}+$/u.test(words[0]!)
    )
      c.first.add(words[0]!.toLowerCase());
  }
  for (const c of chains.values())
    for (const name of c.first) {
      const v = votes.get(name) ?? { m: 0, f: 0 };
      v.m += c.m;
      v.f += c.f;
      votes.set(name, v);
    }
}

// compromise: MaleName / FemaleName
const lexicon = (nlp.world() as { model: { one: { lexicon: Record<string, string | string[]> } } }).model.one.lexicon;
const tagged = new Map<string, Set<'m' | 'f'>>();
for (const [word, tags] of Object.entries(lexicon)) {
  if (!/^\p{Ll}+$/u.test(word)) continue;
  for (const tag of Array.isArray(tags) ? tags : [tags]) {
    const g = tag === 'MaleName' ? 'm' : tag === 'FemaleName' ? 'f' : null;
    if (g) (tagged.get(word) ?? tagged.set(word, new Set()).get(word)!).add(g);
  }
}

const female: string[] = [];
const male: string[] = [];
let fromGum = 0;
for (const name of [...new Set([...votes.keys(), ...tagged.keys()])].sort()) {
  const v = votes.get(name);
  let g: 'm' | 'f' | null = null;
  if (v && v.m > 0 !== v.f > 0) {
    g = v.m > 0 ? 'm' : 'f';
    fromGum++;
  } else if (!v || (v.m === 0 && v.f === 0)) {
    const t = tagged.get(name);
    if (t?.size === 1) g = [...t][0]!;
  }
  if (g === 'f') female.push(name);
  else if (g === 'm') male.push(name);
}
const body = { female, male };
const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const file: NameGendersFile = {
  format: 'dossier-name-genders@1',
  version: `name-genders-${hash}`,
  source: `GUM train person chains (${docs.length} documents, commit ${GUM_COMMIT.slice(0, 12)}; ${fromGum} names decided by their chains' pronouns) and the compromise package's MaleName/FemaleName lexicon (MIT)`,
  ...body,
};
const out = join(root, 'models', 'name-genders.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
process.stdout.write(
  `${female.length} female, ${male.length} male first names -> ${out} (${file.version})\n${file.source}\n`,
);
