import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A short fictional article body with a given marker word, so tests can find it. */
export function articleText(marker: string, paragraphs = 3): string {
  const lines = [`Harbour talks resume in Velmora as ${marker} delegates arrive`];
  for (let i = 0; i < paragraphs; i++) {
    lines.push(
      `Delegates from the ${marker} commission met on day ${i + 1} to discuss the port dispute, officials said. ` +
        `The talks covered shipping quotas, customs checks and a schedule for the ${marker} inspectors.`,
    );
  }
  return lines.join('\n\n');
}

/** Writes files under a folder; string contents of `.gz` names are gzipped, Buffers are written as they are. */
export function writeCorpus(root: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    writeFileSync(path, name.endsWith('.gz') && typeof content === 'string' ? gzipSync(bytes) : bytes);
  }
  return root;
}
