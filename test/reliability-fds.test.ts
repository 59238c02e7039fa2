import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import { tempDir } from './helpers/cli.js';
import { articleText, writeCorpus } from './helpers/corpus.js';

const openFds = () => readdirSync('/proc/self/fd').length;

/**
 * Regression: a file refused on its first bytes (binary, over the size cap)
 * was abandoned with its read stream open. Files larger than one read chunk
 * (256 KiB) kept their descriptor, so a folder of ~1,000 large images ran the
 * process out of descriptors (EMFILE) and every file after them failed.
 */
describe('refused inputs let go of their file descriptors', () => {
  it.skipIf(!existsSync('/proc/self/fd'))(
    'binary, oversized and gzipped refusals leave no descriptor open',
    async () => {
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(600 * 1024, 7)]);
      const files: Record<string, string | Buffer> = { 'zz-good.txt': articleText('descriptor') };
      for (let i = 0; i < 40; i++) {
        files[`img${i}.png`] = png;
        files[`big${i}.txt`] = articleText(`big${i}`, 400);
        files[`zeros${i}.txt.gz`] = gzipSync(Buffer.alloc(4 * 1024 * 1024));
      }
      const dir = tempDir();
      const root = writeCorpus(join(dir, 'in'), files);
      const store = new SqliteStore(join(dir, 'd.db'));
      const before = openFds();
      const summary = await ingest([root], store, ingestOptions({ maxArticleBytes: 64 * 1024 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = openFds();
      await store.close();
      expect(summary).toMatchObject({ new: 1, failed: 120 });
      // the store keeps its database, WAL and shared-memory files open; nothing per input may remain
      expect(after - before).toBeLessThan(10);
    },
  );
});
