import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from './bytes.js';
import { fileChunks, walk } from './walk.js';

const dir = mkdtempSync(join(tmpdir(), 'dossier-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files read whole by their walked size', () => {
  it('reads a small file as the walk found it', async () => {
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'Title\n\nBody text.\n');
    const [found] = [...walk(path)];
    expect(found).toMatchObject({ path, size: 18 });
    const bytes = await collect(fileChunks(path, 18), 1024, path);
    expect(bytes.toString()).toBe('Title\n\nBody text.\n');
  });

  it('reads the whole file when it grew or shrank after its size was read', async () => {
    const path = join(dir, 'b.txt');
    writeFileSync(path, 'x'.repeat(5000));
    expect((await collect(fileChunks(path, 100), 1e6, path)).length).toBe(5000);
    expect((await collect(fileChunks(path, 9000), 1e6, path)).length).toBe(5000);
  });
});
