/**
 * `npm run train:clusters`: word clusters from unlabelled text for the NER
 * model, written to `models/word-clusters.json`. For each word seen 3 times or
 * more: its Brown cluster bit string (`scripts/brown-clusters.ts`), its
 * k-means cluster and its capitalisation bucket (`scripts/word-clusters.ts`).
 * Words are stored only as a 32-bit hash of their lower-case form
 * (`hashString`, as the tagger computes it), so no text of the corpora ships:
 * several of them state no licence for republishing. Deterministic: fixed
 * seed, sorted files, no clock.
 *
 * Environment: DOSSIER_DATA (the shared datasets folder), BROWN_CLUSTERS (default 256).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gumSplit } from '../eval/ner-data.js';
import { BROWN_BITS, CLUSTERS_FORMAT, type ClustersFile, hashString } from '../src/analyze/ner-model.js';
import { brownClusters } from './brown-clusters.js';
import {
  capitalisationBucket,
  CLUSTER_DEFAULTS,
  corpusOf,
  kmeansClusters,
  unlabelledTexts,
  vocabularyOf,
} from './word-clusters.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const data = SHARED_DATA;
const BROWN = Number(process.env.BROWN_CLUSTERS ?? 256);
if (!Number.isInteger(BROWN) || BROWN < 2)
  throw new Error(`BROWN_CLUSTERS=${process.env.BROWN_CLUSTERS}: use an integer of 2 or more`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const trainIds = gumSplit(join(data, 'gum', 'docs.tsv'), 'train');
const sources = unlabelledTexts(data, trainIds);
const corpus = corpusOf(sources.flatMap((s) => s.texts));
const vocab = vocabularyOf(corpus, CLUSTER_DEFAULTS.minCount);
log(`clusters: ${vocab.length} words from ${corpus.tokens} tokens (${sources.map((s) => s.name).join(', ')})`);
const kmeans = kmeansClusters(corpus, vocab);
// Brown over the same vocabulary: rarer words break the pairs around them
const rowOf = new Int32Array(corpus.names.length).fill(-1);
vocab.forEach((id, r) => (rowOf[id] = r));
const started = process.cpuUsage();
const paths = brownClusters(
  corpus.sentences.map((s) => Int32Array.from(s, (id) => rowOf[id] as number)),
  vocab.length,
  BROWN,
  log,
);
log(
  `brown: ${BROWN} clusters in ${((process.cpuUsage(started).user + process.cpuUsage(started).system) / 1e6).toFixed(0)} s of CPU`,
);

// by hash; a hash two words share is dropped (neither word gets clusters)
const byHash = new Map<number, number | null>();
vocab.forEach((id, r) => {
  const h = hashString(corpus.names[id] as string);
  byHash.set(h, byHash.has(h) ? null : r);
});
const hashes = [...byHash.keys()].filter((h) => byHash.get(h) !== null).sort((a, b) => a - b);
const rows = hashes.map((h) => byHash.get(h) as number);
const file: ClustersFile = {
  format: CLUSTERS_FORMAT,
  version: '',
  meta: {
    rebuild: 'npm run train:clusters',
    sources: sources.map((s) => `${s.name} (${s.texts.length} texts)`),
    tokens: corpus.tokens,
    words: hashes.length,
    collisions: vocab.length - hashes.length,
    kmeans: { ...CLUSTER_DEFAULTS, fine: 16 },
    brown: {
      clusters: BROWN,
      bits: BROWN_BITS,
      note: 'bit string truncated to its first bits, stored as 1 << length | bits',
    },
    note: 'derived numbers only, keyed by a 32-bit FNV-1a hash of the lower-case word; no text',
  },
  hashes,
  codes: rows.map((r) => ((kmeans[r] as number) << 2) | capitalisationBucket(corpus, vocab[r] as number)),
  brown: rows.map((r) => {
    const bits = (paths[r] as string).slice(0, BROWN_BITS);
    return (1 << bits.length) | (bits ? parseInt(bits, 2) : 0);
  }),
};
file.version = `clusters-${createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 10)}`;
const out = join(root, 'models', 'word-clusters.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
log(`wrote ${out}: ${hashes.length} words, version ${file.version}`);
