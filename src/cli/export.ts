import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import { EXPORT_FORMATS, type ExportFormat, exportDossier } from '../export.js';
import { DEFAULT_DB, isPostgresUrl, openStore } from '../store/index.js';
import { EXIT } from './exit.js';

/** `dossier export`: articles as JSON Lines or CSV, or the entity co-mention network as GraphML. */
export function registerExportCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('export')
    .description(
      'export the dossier, a story or a search: articles (jsonl, csv) or the entity co-mention network (graphml)',
    )
    .addOption(
      new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
        .env('DOSSIER_DB')
        .default(DEFAULT_DB),
    )
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).default('jsonl'))
    .option('--story <id>', "only this story's articles")
    .option('--q <query>', 'only the articles matching this search (the best 10,000)')
    .option('--out <file>', 'write here instead of to stdout')
    .action(async (o: { db: string; format: ExportFormat; story?: string; q?: string; out?: string }) => {
      if (o.story && o.q) throw new DossierError('E_OPTION', 'give --story or --q, not both');
      if (!isPostgresUrl(o.db) && !existsSync(o.db)) throw new DossierError('E_DB', `no dossier at ${o.db}`);
      const store = await openStore(o.db, { readonly: true });
      const sink = o.out ? createWriteStream(o.out) : process.stdout;
      try {
        for await (const chunk of exportDossier(store, o.format, { story: o.story, q: o.q })) {
          if (!sink.write(chunk)) await once(sink, 'drain');
        }
      } finally {
        await store.close();
        if (o.out)
          await new Promise<void>((resolve, reject) => (sink as NodeJS.WritableStream).end(() => resolve()) ?? reject);
      }
      setStatus(EXIT.ok);
    });
}
