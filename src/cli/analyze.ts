import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { ingestOptions } from '../ingest/options.js';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { Analysis } from '../types.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';

/** `dossier analyze FILE|ID`: entities, times and amounts of one input or stored article. */
export function registerAnalyzeCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('analyze')
    .description(
      'show the sentences, entities, time expressions and amounts of a file (not stored) or a stored article',
    )
    .argument('<file-or-id>', 'a file, folder or URL to read, or a stored article id (a unique prefix is enough)')
    .option('--db <path>', 'dossier database, for an id', process.env.DOSSIER_DB ?? DEFAULT_DB)
    .option('--json', 'print one JSON object a line')
    .action(async (target: string, o: { db: string; json?: boolean }) => {
      // the models load with the stage, when a command analyzes
      const { analyze } = await import('../analyze/index.js');
      if (!existsSync(target) && /^[0-9a-f]{4,16}$/.test(target)) {
        if (!existsSync(o.db)) throw new DossierError('E_DB', `no dossier at ${o.db} to look up article ${target}`);
        const store = openStore(o.db, { readonly: true });
        try {
          const article = await store.getArticle(target);
          if (!article) throw new DossierError('E_NOT_FOUND', `no article with id ${target}`);
          print(article.id, article.body, analyze(article.body, { published: article.published?.value }), o.json);
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
    });
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
    ...a.entities.map((e) => `  ${at(e)}${e.type.padEnd(9)}${inert(e.text)}  [${e.via}]`),
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
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
