import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DossierError } from '../errors.js';
import { ingestOptions, parseByteSize, parseFieldMap } from '../ingest/options.js';
import { DEFAULT_DB, isPostgresUrl, openStore, type Store } from '../store/index.js';
import { registerAnalyzeCommand } from './analyze.js';
import { registerClaimCommands } from './claims.js';
import { registerCompareCommands } from './compare.js';
import { registerOutletCommands } from './outlets.js';
import { registerEntityCommands } from './entities.js';
import { registerEvalCommands } from './eval.js';
import { registerExportCommand } from './export.js';
import { describeError, EXIT } from './exit.js';
import { nonNegativeInt, positiveInt } from './parse.js';
import { registerExtractCommand } from './extract.js';
import { printArticle, printHits, printSummaries } from './format.js';
import { registerServeCommand } from './serve.js';
import { registerStoryCommands } from './stories.js';
import { registerWorkerCommands } from './worker.js';

/** Runs the CLI with the given arguments; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  // `dossier articles | head` closes the pipe early: that is the reader's choice, not an error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  let status: number = EXIT.ok;
  const program = new Command('dossier')
    .description('News coverage intelligence: ingest articles, search them, see who said what.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run dossier --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const dbOption = () =>
    new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
      .env('DOSSIER_DB')
      .default(DEFAULT_DB);
  const filterOptions = (cmd: Command) =>
    cmd
      .option('--outlet <name>', 'only this outlet')
      .option('--since <date>', 'published on or after this date (YYYY-MM-DD)')
      .option('--until <date>', 'published on or before this date (YYYY-MM-DD)')
      .option('--limit <n>', 'at most this many', positiveInt, 20)
      .option('--json', 'print JSON lines');

  program
    .command('ingest')
    .description('ingest files, folders, http(s) URLs or - (stdin) into the dossier')
    .argument('<inputs...>', 'paths, URLs or -')
    .addOption(dbOption())
    .option(
      '--map <field=name...>',
      'read a field from another record field name, e.g. --map text=content',
      collectValues,
      [],
    )
    .option('--max-article-size <size>', 'largest article-sized input, e.g. 20MB', '20MB')
    .option('--max-stream-size <size>', 'largest file or decompressed stream (JSONL, CSV, WARC, .gz), e.g. 8GB', '8GB')
    .option('--max-gzip-ratio <n>', 'largest decompressed/compressed ratio once past 64 MiB (bomb guard)', '200')
    .option('--allow-private', 'allow fetching from loopback, private and link-local addresses')
    .option('--no-fetch', "use feed items' own content instead of fetching their pages")
    .option('--no-analyze', 'do not analyse the new articles (run dossier analyze --pending later)')
    .option('--no-link', 'do not update stories after ingesting (run dossier link later)')
    .option('--json', 'print the summary as one JSON line')
    .option('-q, --quiet', 'no progress output, only errors and the summary')
    .option('--no-queue', 'with a postgres:// --db: ingest in this process instead of queueing jobs for workers')
    .option(
      '--job-timeout <seconds>',
      'with a queue: seconds before a job whose worker died is retried',
      positiveInt,
      900,
    )
    .option(
      '--warc-split <size>',
      'with a queue: split WARC files larger than this into jobs of about this size',
      '64MB',
    )
    .action(async (inputs: string[], o) => {
      const opts = ingestOptions({
        fieldMap: parseFieldMap(o.map),
        maxArticleBytes: parseByteSize(o.maxArticleSize),
        maxStreamBytes: parseByteSize(o.maxStreamSize),
        maxGzipRatio: Number(o.maxGzipRatio),
        allowPrivate: Boolean(o.allowPrivate),
        fetchLinks: o.fetch !== false,
      });
      if (isPostgresUrl(o.db) && o.queue !== false) {
        const { enqueueIngest } = await import('./worker.js');
        const enqueue = { jobTimeoutSeconds: o.jobTimeout, warcSplitBytes: parseByteSize(o.warcSplit) };
        status = await enqueueIngest(o.db, inputs, opts, enqueue, Boolean(o.json));
        return;
      }
      // the pipeline (extraction, language models) is loaded only by the commands that run it
      const { runIngest } = await import('./ingest.js');
      status = await withStore(o.db, false, (store) =>
        runIngest(inputs, store, opts, {
          json: o.json,
          quiet: o.quiet,
          analyze: o.analyze !== false,
          link: o.link !== false,
        }),
      );
    });

  filterOptions(program.command('articles').description('list stored articles, newest first').addOption(dbOption()))
    .option('--offset <n>', 'skip this many', nonNegativeInt, 0)
    .action(async (o) => {
      status = await withStore(o.db, true, async (store) => {
        printSummaries(await store.listArticles(o, o.limit, o.offset), Boolean(o.json));
        return EXIT.ok;
      });
    });

  program
    .command('show')
    .description('show one article: metadata, body and removed parts')
    .argument('<id>', 'article id (a unique prefix is enough)')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (id: string, o) => {
      status = await withStore(o.db, true, async (store) => {
        const article = await store.getArticle(id);
        if (!article)
          throw new DossierError('E_NOT_FOUND', `no article with id ${id} (list ids with: dossier articles)`);
        printArticle(article, Boolean(o.json));
        return EXIT.ok;
      });
    });

  filterOptions(
    program
      .command('search')
      .description('full-text search, BM25-ranked, with highlighted snippets')
      .argument('<query>', 'words and "phrases" (all must match); OR between terms; -word excludes')
      .addOption(dbOption()),
  ).action(async (query: string, o) => {
    status = await withStore(o.db, true, async (store) => {
      printHits(await store.search(query, o, o.limit), Boolean(o.json));
      return EXIT.ok;
    });
  });

  program
    .command('upgrade')
    .description(
      "bring a dossier made by an older version to this version's schema (the commands that only read need it)",
    )
    .addOption(dbOption())
    .action(async (o) => {
      if (!isPostgresUrl(o.db) && !existsSync(o.db))
        throw new DossierError('E_DB', `${o.db}: no such dossier (create one with: dossier ingest PATH --db ${o.db})`);
      const started = performance.now();
      // opening for writing applies the migrations not yet applied, each in its own transaction
      status = await withStore(o.db, false, async () => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const shown = isPostgresUrl(o.db) ? (await import('../store/postgres-db.js')).redact(o.db) : o.db;
        process.stdout.write(`${shown}: up to date (${seconds} s)\n`);
        return EXIT.ok;
      });
    });

  registerExtractCommand(program, (s) => {
    status = s;
  });
  registerAnalyzeCommand(program, (s) => {
    status = s;
  });
  registerEvalCommands(program, (s) => {
    status = s;
  });
  registerServeCommand(program, (s) => {
    status = s;
  });
  registerStoryCommands(program, (s) => {
    status = s;
  });
  registerEntityCommands(program, (s) => {
    status = s;
  });
  registerCompareCommands(program, (s) => {
    status = s;
  });
  registerOutletCommands(program, (s) => {
    status = s;
  });
  registerExportCommand(program, (s) => {
    status = s;
  });
  registerClaimCommands(program, (s) => {
    status = s;
  });
  registerWorkerCommands(program, (s) => {
    status = s;
  });

  program
    .command('demo')
    .description('ingest the demo corpus in examples/, show what dossier found, then serve the web UI on it')
    .option('--db <path>', 'where to build the demo dossier', './demo.db')
    .option('--no-serve', 'stop after printing instead of serving the web UI')
    .option('--port <n>', 'port for the web UI (a free one when taken)', '5173')
    .action(async (o) => {
      const { runDemo } = await import('./demo.js');
      status = await runDemo(o.db, { serve: o.serve !== false, port: Number(o.port) });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.fatal;
    }
    process.stderr.write(`${describeError(err)}\n`);
    return EXIT.fatal;
  }
  return status;
}

/** Opens the store, runs `work`, and always closes the store. */
async function withStore(path: string, readonly: boolean, work: (store: Store) => Promise<number>): Promise<number> {
  if (readonly && !/^postgres/i.test(path) && !existsSync(path)) {
    throw new DossierError('E_DB', `no dossier at ${path}; create one with: dossier ingest PATH --db ${path}`);
  }
  const store = await openStore(path, { readonly });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}
