import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestOptions } from '../ingest/options.js';
import { openStore } from '../store/index.js';
import { EXIT } from './exit.js';
import { inert, printHits, printSummaries } from './format.js';
import { runIngest } from './ingest.js';
import { runServe } from './serve.js';

/** Options of `dossier demo`. */
export interface DemoOptions {
  /** End by serving the web UI on the demo dossier until Ctrl-C. @default true */
  serve: boolean;
  /** Port to serve on; when taken, a free one is picked. @default 5173 */
  port: number;
}

/** The demo corpus shipped with the package. */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

/**
 * `dossier demo`: ingests `examples/` (a multi-outlet corpus with a few
 * deliberately broken files), prints what the dossier holds, then serves the
 * web UI on it (unless `serve` is false). The broken files are expected to
 * fail, so the demo itself succeeds.
 */
export async function runDemo(dbPath: string, options: DemoOptions = { serve: true, port: 5173 }): Promise<number> {
  if (!existsSync(EXAMPLES_DIR)) {
    process.stderr.write(`dossier: demo corpus not found at ${EXAMPLES_DIR}\n`);
    return EXIT.fatal;
  }
  const shown = relative(process.cwd(), EXAMPLES_DIR) || '.';
  process.stdout.write(
    `Ingesting the demo corpus (${shown}) into ${dbPath}; the files under broken/ are meant to fail.\n\n`,
  );
  const store = await openStore(dbPath);
  try {
    // the corpus is the folders of examples/; its README describes them and is no article
    const folders = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => join(EXAMPLES_DIR, e.name))
      .sort();
    await runIngest(folders, store, ingestOptions({ allowPrivate: false, fetchLinks: false }), { quiet: true });
    const stats = await store.stats();
    process.stdout.write(
      `\nThe dossier holds ${stats.articles} articles from ${stats.outlets} outlets (${stats.sources} sources).\n\nNewest articles:\n`,
    );
    printSummaries(await store.listArticles({}, 10), false);
    process.stdout.write('\nSearch "ceasefire":\n');
    printHits(await store.search('ceasefire', {}, 5), false);
    const people = await store.listEntities({ type: 'PERSON' }, 5);
    process.stdout.write(`\nMost named people: ${people.map((e) => `${inert(e.name)} (${e.articles})`).join(', ')}\n`);
    process.stdout.write('\nLatest quotes:\n');
    for (const q of await store.listQuotes({}, 3)) {
      process.stdout.write(
        `  ${inert(q.speaker.name ?? 'unattributed')} (${inert(q.article.outlet ?? '-')}): ${inert(q.text)}\n`,
      );
    }
    const [story] = await store.listStories({ minArticles: 2 }, 1);
    process.stdout.write(
      `\nTry: dossier search "QUERY" --db ${dbPath}    dossier quotes --speaker NAME --db ${dbPath}\n` +
        `     dossier entity NAME --db ${dbPath}    dossier compare ${story?.id ?? 'STORY'} --db ${dbPath}\n`,
    );
  } finally {
    await store.close();
  }
  if (!options.serve) return EXIT.ok;
  process.stdout.write('\nServing the demo dossier in your browser (read-only, this machine only).\n');
  try {
    return await runServe(dbPath, { port: options.port }, printOpen);
  } catch (err) {
    // another program (or another demo) holds the port: any free one will do
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return runServe(dbPath, { port: 0 }, printOpen);
  }
}

function printOpen(server: { url: string }): void {
  process.stdout.write(`\nOpen ${server.url} in a browser.\n`);
}
