import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { ingestOptions } from '../ingest/options.js';
import { DEFAULT_DB, isPostgresUrl, openStore } from '../store/index.js';
import type { Analysis } from '../types.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';

/** `dossier analyze FILE|ID`: entities, times and amounts of one input or stored article. */
export function registerAnalyzeCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('analyze')
    .description(
      'show the sentences, entities, quotes, time expressions and amounts of a file (not stored) or a stored article; or analyse the stored articles that need it',
    )
    .argument('[file-or-id]', 'a file, folder or URL to read, or a stored article id (a unique prefix is enough)')
    .option('--db <path>', 'dossier database, for an id or --pending', process.env.DOSSIER_DB ?? DEFAULT_DB)
    .option(
      '--pending',
      'analyse the stored articles with no analysis of this version (dossier ingest does this itself)',
    )
    .option('--json', 'print one JSON object a line')
    .option('-q, --quiet', 'with --pending: no progress output')
    .action(
      async (target: string | undefined, o: { db: string; json?: boolean; pending?: boolean; quiet?: boolean }) => {
        if (o.pending) {
          if (target) throw new DossierError('E_OPTION', '--pending analyses the stored articles: give no file or id');
          setStatus(await analyzePending(o));
          return;
        }
        if (!target) throw new DossierError('E_OPTION', 'give a file, folder, URL or article id, or --pending');
        // the models load with the stage, when a command analyzes
        const { analyze } = await import('../analyze/index.js');
        if (!existsSync(target) && /^[0-9a-f]{4,16}$/.test(target)) {
          if (!isPostgresUrl(o.db) && !existsSync(o.db))
            throw new DossierError('E_DB', `no dossier at ${o.db} to look up article ${target}`);
          const store = await openStore(o.db, { readonly: true });
          try {
            const article = await store.getArticle(target);
            if (!article) throw new DossierError('E_NOT_FOUND', `no article with id ${target}`);
            const { currentAnalysis } = await import('../analyzing.js');
            print(article.id, article.body, await currentAnalysis(store, article), o.json);
          } finally {
            await store.close();
          }
          setStatus(EXIT.ok);
          return;
        }
        const { extract } = await import('../extract/index.js');
        const { readInputs } = await import('../ingest/index.js');
        let failed = 0;
        for await (const item of readInputs([target], ingestOptions({}))) {
          if ('code' in item) {
            failed++;
            process.stderr.write(`error: ${item.source}: ${item.message} [${item.code}]\n`);
            continue;
          }
          const x = extract(item);
          print(item.source, x.body, analyze(x.body, { published: x.published?.value }), o.json);
        }
        setStatus(failed ? EXIT.someFailed : EXIT.ok);
      },
    );
}

/** `dossier analyze --pending`: the analyze pass `dossier ingest` runs, on its own (after a model upgrade, or `--no-analyze`). */
async function analyzePending(o: { db: string; json?: boolean; quiet?: boolean }): Promise<number> {
  if (!isPostgresUrl(o.db) && !existsSync(o.db)) throw new DossierError('E_DB', `no dossier at ${o.db}`);
  const { runAnalyzeStored } = await import('./analyze-run.js');
  const store = await openStore(o.db);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const summary = await runAnalyzeStored(store, { json: o.json, quiet: o.quiet }, controller.signal);
    if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (summary.analyzed === 0)
      process.stdout.write(`every article has a current analysis (${summary.version})\n`);
    return summary.interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
    await store.close();
  }
}

function print(source: string, body: string, a: Analysis, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ source, body, ...a })}\n`);
    return;
  }
  const ref = a.reference.value
    ? `${a.reference.value}${a.reference.estimated ? ' (estimated from the latest date in the text: no published date)' : ''}`
    : '- (no published date and no explicit date: relative dates left unresolved)';
  const at = (s: { start: number; end: number }) => `${s.start}-${s.end}`.padEnd(12);
  const lines = [
    `== ${inert(source)}`,
    `analysis   ${a.version}`,
    `reference  ${ref}`,
    `tokens     ${a.tokens}, sentences ${a.sentences.length}`,
    '',
    `entities (${a.entities.length}):`,
    ...a.entities.map(
      (e) => `  ${at(e)}${e.type.padEnd(9)}${inert(e.text)}${e.role ? `  (${inert(e.role)})` : ''}  [${e.via}]`,
    ),
    '',
    `times (${a.times.length}):`,
    ...a.times.map(
      (t) =>
        `  ${at(t)}${t.type.padEnd(9)}${inert(t.text)} -> ${t.value} (${t.granularity}, ${t.range.start}..${t.range.end}${t.relative ? ', relative' : ''})`,
    ),
    '',
    `amounts (${a.amounts.length}):`,
    ...a.amounts.map(
      (m) =>
        `  ${at(m)}${m.type.padEnd(9)}${inert(m.text)} -> ${m.value}${m.currency ? ` ${m.currency}` : ''}${m.unit ? ` (${inert(m.unit)})` : ''}`,
    ),
    '',
    `quotes (${a.quotes?.length ?? 0}):`,
    ...(a.quotes ?? []).map((q) => {
      const who = q.speaker.resolved?.text ?? q.speaker.mention?.text ?? '?';
      const as = q.speaker.mention && q.speaker.mention.text !== who ? ` (as "${inert(q.speaker.mention.text)}")` : '';
      return `  ${at(q)}${q.kind.padEnd(9)}${inert(who)}${as} ${inert(q.cue?.text ?? '—')}: ${inert(clip(q.text, 160))}`;
    }),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
