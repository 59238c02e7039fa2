import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { problem } from '../../errors.js';
import type { InputProblem, RawRecord } from '../../types.js';
import { peek } from '../bytes.js';
import { decode } from '../decode.js';
import { recordFromFields } from '../fields.js';
import type { FormatReader } from './reader.js';

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
  const skipped: InputProblem[] = [];
  const text = charset === 'utf-8' ? Readable.from(all) : Readable.from(all).pipe(iconv.decodeStream(charset));
  const parser = text.pipe(
    parse({
      columns: true,
      delimiter,
      bom: true,
      relax_column_count: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: opts.maxArticleBytes,
      info: true,
    }),
  );
  parser.on('skip', (err: Error & { lines?: number; records?: number }) => {
    skipped.push(problem('E_CSV', `${input.source}#record=${(err.records ?? 0) + 1}`, err.message));
  });
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { records: number } }>) {
      while (skipped.length) yield skipped.shift() as InputProblem;
      const source = `${input.source}#record=${row.info.records}`;
      yield recordFromFields(row.record, source, JSON.stringify(row.record), opts) as RawRecord | InputProblem;
    }
  } catch (err) {
    yield problem('E_CSV', input.source, (err as Error).message);
  }
  yield* skipped;
};

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
