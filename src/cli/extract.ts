import type { Command } from 'commander';
import { ingestOptions, parseFieldMap } from '../ingest/options.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';

/** `dossier extract FILE...`: what extraction finds in each input, without storing anything. */
export function registerExtractCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('extract')
    .description('print title, outlet, date, authors, language, body and removed parts of each input, storing nothing')
    .argument('<inputs...>', 'files, folders, URLs or -')
    .option(
      '--map <field=name...>',
      'read a field from another record field name',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--allow-private', 'allow fetching from loopback, private and link-local addresses')
    .option('--json', 'print one JSON object a line')
    .action(async (inputs: string[], o) => {
      const opts = ingestOptions({ fieldMap: parseFieldMap(o.map), allowPrivate: Boolean(o.allowPrivate) });
      const { extract } = await import('../extract/index.js');
      const { readInputs } = await import('../ingest/index.js');
      let failed = 0;
      for await (const item of readInputs(inputs, opts)) {
        if ('code' in item) {
          failed++;
          process.stderr.write(`error: ${item.source}: ${item.message} [${item.code}]\n`);
          continue;
        }
        const x = extract(item);
        const record = {
          source: item.source,
          title: x.title?.value ?? null,
          outlet: x.outlet?.value ?? null,
          published: x.published?.value ?? null,
          authors: x.authors,
          language: x.language?.value ?? null,
          body: x.body,
          removed: x.removed,
        };
        if (o.json) {
          process.stdout.write(`${JSON.stringify(record)}\n`);
          continue;
        }
        const lines = [
          `== ${inert(item.source)}`,
          `title      ${inert(record.title ?? '-')}${x.title ? `  (${x.title.via})` : ''}`,
          `outlet     ${inert(record.outlet ?? '-')}${x.outlet ? `  (${x.outlet.via})` : ''}`,
          `published  ${record.published ?? '-'}${x.published ? `  (${x.published.via})` : ''}`,
          `authors    ${inert(record.authors.join('; ') || '-')}`,
          `language   ${record.language ?? '-'}`,
          '',
          inert(record.body),
          '',
          `removed (${record.removed.length}):`,
          ...record.removed.map((r) => `  [${r.reason}] ${inert(r.text).slice(0, 160)}`),
          '',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      setStatus(failed ? EXIT.someFailed : EXIT.ok);
    });
}
