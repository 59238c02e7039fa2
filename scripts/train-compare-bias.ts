/**
 * `npm run train:compare-bias [-- --data ../shared/data/basil]`: trains the
 * informational-bias model of the compare stage (`src/compare/bias.ts`) on
 * BASIL's development half (every dev event; read in place, never copied)
 * and writes `models/compare-bias.json`. Deterministic: no randomness, fixed
 * file order, no timestamps; two runs give the same file byte for byte.
 * The settings are `BIAS_FIT_DEFAULTS`, chosen by event-level cross-validation
 * on the dev half (`dossier eval compare`); the test half is never read.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basilBackground, readBasil, sentenceRows } from '../eval/compare.js';
import { BIAS_FEATURES, BIAS_FIT_DEFAULTS, fitBiasModel } from '../src/compare/index.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const at = process.argv.indexOf('--data');
const data = at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : join(SHARED_DATA, 'basil');

const triplets = readBasil(data);
if (triplets.length === 0) throw new Error(`--data ${data}: no BASIL development events found`);
const rows = sentenceRows(triplets, basilBackground(triplets));
const positives = rows.filter((r) => r.gold).length;
const trainedOn =
  `BASIL development half (${triplets.length} events, ${rows.length} sentences, ${positives} positive), ` +
  `launchnlp/BASIL 4fdbc4f68d5ddae648990063cb6dd11424d96222; settings ${JSON.stringify(BIAS_FIT_DEFAULTS)}`;
const draft = fitBiasModel(rows, {}, { version: '', trainedOn });
const hash = createHash('sha256')
  .update(JSON.stringify({ ...draft, version: '' }))
  .digest('hex')
  .slice(0, 10);
const model = { ...draft, version: `compare-bias-basil-${hash}` };
const out = join(root, 'models', 'compare-bias.json');
writeFileSync(out, `${JSON.stringify(model)}\n`);
// each feature's weight: the summed size of its stumps' steps, largest first
const weight = new Map<string, number>();
for (const [j, , below, above] of model.stumps) {
  const f = BIAS_FEATURES[j] as string;
  weight.set(f, (weight.get(f) ?? 0) + Math.abs(above - below));
}
const weights = [...weight]
  .sort((a, b) => b[1] - a[1])
  .map(([f, w]) => `${f} ${w.toFixed(2)}`)
  .join(', ');
process.stdout.write(
  `${out}: ${model.version}, ${model.words.buckets.length} word buckets, ${model.stumps.length} stumps, threshold ${model.threshold}\n  summed steps: ${weights}\n`,
);
