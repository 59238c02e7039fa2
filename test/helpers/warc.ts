import { WARCRecord, WARCSerializer } from 'warcio';

/** One HTTP response to put in a test WARC. */
export interface WarcPage {
  url: string;
  html: string | Buffer;
  contentType?: string;
  status?: number;
}

/** Builds a WARC file (each record gzipped as its own member, as CC-NEWS does, when `gzip`) with a warcinfo, request and response records. */
export async function buildWarc(pages: readonly WarcPage[], gzip = false): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const date = '2020-03-03T10:00:00Z';
  parts.push(
    await WARCSerializer.serialize(
      WARCRecord.createWARCInfo({ filename: 'test.warc', warcVersion: 'WARC/1.1' }, { software: 'dossier-test' }),
      { gzip },
    ),
  );
  for (const page of pages) {
    const request = WARCRecord.create(
      {
        url: page.url,
        date,
        type: 'request',
        httpHeaders: { Host: new URL(page.url).host },
        statusline: `GET ${new URL(page.url).pathname} HTTP/1.1`,
      },
      [new Uint8Array()],
    );
    parts.push(await WARCSerializer.serialize(request, { gzip }));
    const body = typeof page.html === 'string' ? new TextEncoder().encode(page.html) : new Uint8Array(page.html);
    const response = WARCRecord.create(
      {
        url: page.url,
        date,
        type: 'response',
        httpHeaders: { 'Content-Type': page.contentType ?? 'text/html; charset=utf-8' },
        statusline: `HTTP/1.1 ${page.status ?? 200} OK`,
      },
      [body],
    );
    parts.push(await WARCSerializer.serialize(response, { gzip }));
  }
  return Buffer.concat(parts);
}
