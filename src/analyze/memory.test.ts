import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { analyze } from './index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('analyze memory', () => {
  it('keeps no article body alive after its analysis (word caches hold copies, not slices of the body)', () => {
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    // each body 200 KB with one word of its own, long enough that V8 would keep it as a slice of its body
    const body = (i: number) =>
      `Mevlut Cavusoglu met Sergei Lavrov in Ankara on Monday. Reporter${i}xyzlongword said so.\n\n` +
      'x'.repeat(200_000);
    analyze(body(-1), { published: '2020-02-17' });
    const before = heap();
    for (let i = 0; i < 150; i++) analyze(body(i), { published: '2020-02-17' });
    // 150 bodies of 200 KB are 30 MB: kept alive, the heap would grow by at least that much
    expect((heap() - before) / 1e6).toBeLessThan(10);
  });
});
