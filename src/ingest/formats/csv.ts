import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { messageOf, problem } from '../../errors.js';
import type { InputProblem, RawRecord } from '../../types.js';
import { peek } from '../bytes.js';
import { decode } from '../decode.js';
import { recordFromFields } from '../fields.js';
import type { FormatReader } from './reader.js';

/** A parsed row, or the problem with a malformed one, numbered from 1 after the header. */
type Row = { n: number; record: Record<string, string> } | { n: number; error: string };

/**
 * CSV (or TSV) with a header row. A malformed row is reported with its record
 * number and skipped; the rest is read. A legacy charset is detected from the
 * first 64 KiB and the whole stream decoded with it.
 */
export const readCsv: FormatReader = async function* (input, opts) {
  const { head, all } = await peek(input.chunks, 64 * 1024);
  const charset = decode(head)?.charset.value ?? 'utf-8';
  const firstLine = head.toString('latin1').split('\n', 1)[0] ?? '';
  const delimiter = count(firstLine, '\t') > count(firstLine, ',') ? '\t' : ',';
  const text = charset === 'utf-8' ? Readable.from(all) : Readable.from(all).pipe(iconv.decodeStream(charset));
  // rows and skips are numbered in one sequence, in parse order
  let n = 0;
  const parser = text.pipe(
    parse({
      columns: true,
      delimiter,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: opts.maxArticleBytes,
      on_record: (record: Record<string, string>): Row => ({ n: ++n, record }),
      on_skip: (err) => {
        parser.push({ n: ++n, error: err?.message ?? 'malformed row' } satisfies Row);
        return undefined;
      },
    }),
  );
  try {
    for await (const row of parser as AsyncIterable<Row>) {
      const source = `${input.source}#record=${row.n}`;
      if ('error' in row) yield problem('E_CSV', source, row.error);
      else yield recordFromFields(row.record, source, JSON.stringify(row.record), opts) as RawRecord | InputProblem;
    }
  } catch (err) {
    yield problem('E_CSV', `${input.source}#record=${n + 1}`, messageOf(err));
  }
};

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
