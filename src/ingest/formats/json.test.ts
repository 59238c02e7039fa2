import { describe, expect, it } from 'vitest';
import type { InputProblem, RawRecord } from '../../types.js';
import { ingestOptions, readInputs } from '../index.js';

async function readStdin(text: string) {
  const out: Array<RawRecord | InputProblem> = [];
  const stdin = (async function* () {
    yield Buffer.from(text);
  })();
  for await (const item of readInputs(['-'], ingestOptions(), stdin)) out.push(item);
  return out;
}

const record = (i: number, repeat: number) =>
  JSON.stringify({ title: `Talks ${i}`, text: `Delegates ${i} met to discuss the port dispute. `.repeat(repeat) });

describe('JSON Lines on stdin', () => {
  // regression: a first record longer than the sniffed head made the stream one broken JSON document
  it('is read line by line when the first record is longer than the 64 KiB head', async () => {
    const items = await readStdin(`${record(1, 2000)}\n${record(2, 10)}\n{broken\n${record(4, 10)}\n`);
    expect(items.map((i) => ('code' in i ? `${i.source} ${i.code}` : i.source))).toEqual([
      '-#record=1',
      '-#record=2',
      '-#record=3 DOSSIER_E_JSON',
      '-#record=4',
    ]);
  });

  it('still reports a broken JSON document as one problem', async () => {
    const items = await readStdin(`{"title": "x",\n "text": "unterminated\n`);
    expect(items).toMatchObject([{ code: 'DOSSIER_E_JSON', source: '-' }]);
  });

  it('refuses a document of millions of tiny objects before parsing it', async () => {
    const items = await readStdin(`[${'{"a":[]},'.repeat(600_000)}{}]`);
    expect(items).toMatchObject([{ code: 'DOSSIER_E_TOO_LARGE', message: expect.stringContaining('JSON Lines') }]);
  });
});
