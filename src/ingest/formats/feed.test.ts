import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../test/helpers/cli.js';
import type { InputProblem, RawRecord } from '../../types.js';
import { ingestOptions, readInputs } from '../index.js';
import { sniffFormat } from '../sniff.js';
import { readFeed } from './feed.js';

const FEEDS = join(ROOT, 'test', 'fixtures', 'feeds');
const offline = ingestOptions({ fetchLinks: false });

async function readBytes(bytes: Buffer, extra: { url?: string; charsetHeader?: string } = {}, opts = offline) {
  const out: Array<RawRecord | InputProblem> = [];
  const input = {
    source: 'feed.xml',
    chunks: (async function* () {
      yield bytes;
    })(),
    ...extra,
  };
  for await (const item of readFeed(input, opts)) out.push(item);
  return out;
}

const fixture = (name: string) => readFileSync(join(FEEDS, name));
const records = (items: Array<RawRecord | InputProblem>) => items.filter((i): i is RawRecord => !('code' in i));
const problems = (items: Array<RawRecord | InputProblem>) => items.filter((i): i is InputProblem => 'code' in i);

describe('readFeed, RSS 2.0', () => {
  it('makes a record of each item with its own HTML and the given fields', async () => {
    const items = await readBytes(fixture('rss2.xml'), { url: 'https://harbour-gazette.example/feed.xml' });
    const [first, second] = records(items);
    expect(first).toMatchObject({
      source: 'feed.xml#item=1',
      url: 'https://harbour-gazette.example/2024/03/ferry-terminal',
      kind: 'html',
      given: {
        title: 'Saltmere council approves new ferry terminal',
        published: 'Tue, 12 Mar 2024 09:30:00 +0000',
        authors: ['Marta Quillon'],
        outlet: 'Harbour Gazette',
      },
    });
    // content:encoded (the full article) wins over the description teaser
    expect(first?.content).toContain('council leader Ivo Brandt');
    expect(first?.content).not.toContain('voted 7 to 2');
    // an escaped-HTML description, a relative link, an e-mail author with the name in parentheses
    expect(second).toMatchObject({
      source: 'feed.xml#item=2',
      url: 'https://harbour-gazette.example/2024/03/storm-fleet',
      given: { title: 'Fishing fleet returns early as storm & swell build', authors: ['Tomas Reyl'] },
    });
    expect(second?.content).toMatch(/^<article><p>Skippers brought the Saltmere fleet home/);
  });

  it('reports an item with neither content nor link as E_NO_TEXT, and goes on', async () => {
    const items = await readBytes(fixture('rss2.xml'));
    expect(items).toHaveLength(3);
    expect(problems(items)).toEqual([
      {
        code: 'DOSSIER_E_NO_TEXT',
        source: 'feed.xml#item=3',
        message: 'no article text found: item has no content and no link',
      },
    ]);
  });

  it('is sniffed as a feed and read from a file', async () => {
    expect(sniffFormat(fixture('rss2.xml'))).toBe('feed');
    const out: Array<RawRecord | InputProblem> = [];
    for await (const item of readInputs([join(FEEDS, 'rss2.xml')], offline)) out.push(item);
    expect(records(out).map((r) => r.source)).toEqual([
      `${join(FEEDS, 'rss2.xml')}#item=1`,
      `${join(FEEDS, 'rss2.xml')}#item=2`,
    ]);
  });

  it('decodes with the charset the XML declaration names', async () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Вечерний вестник</title>
      <item><title>Мост открыли после ремонта</title><link>https://vestnik.example/most</link>
      <description>Старый мост через реку открыли в четверг после двух лет ремонта.</description></item></channel></rss>`;
    const [record] = records(await readBytes(iconv.encode(xml, 'windows-1251')));
    expect(record?.given).toMatchObject({ title: 'Мост открыли после ремонта', outlet: 'Вечерний вестник' });
    expect(record?.content).toContain('Старый мост через реку');
    expect(record?.charset).toMatchObject({ value: 'windows-1251', via: 'xml-declaration' });
  });
});

describe('readFeed, Atom and RSS 1.0', () => {
  it('reads Atom html, xhtml and text content, several authors, and published before updated', async () => {
    const [a, b, c] = records(await readBytes(fixture('atom.xml')));
    expect(a).toMatchObject({
      url: 'https://valley-ledger.example/news/frost-aid',
      kind: 'html',
      given: {
        title: 'Orchard growers welcome late frost aid',
        published: '2024-05-01T08:00:00+02:00',
        authors: ['Lena Sorvik', 'Paul Emberly'],
        outlet: 'Valley Ledger',
      },
    });
    expect(a?.content).toMatch(/^<article><p>Apple and pear growers/);
    expect(b).toMatchObject({ kind: 'html', given: { published: '2024-05-02T07:45:00Z' } });
    expect(b?.content).toContain('<p>Repairs to the old stone bridge at Kessling');
    expect(b?.content).not.toContain('<div');
    expect(c).toMatchObject({ source: 'feed.xml#item=3', kind: 'text', given: { title: 'Weather notes' } });
    expect(c?.url).toBeUndefined();
  });

  it('reads RSS 1.0 items beside the channel, with Dublin Core fields', async () => {
    const items = await readBytes(fixture('rss1.rdf'));
    expect(items).toEqual([
      expect.objectContaining({
        source: 'feed.xml#item=1',
        url: 'https://northwind-courier.example/a/1',
        given: {
          title: 'Library reopens after flood repairs',
          published: '2024-02-20T12:00:00Z',
          authors: ['Ada Fenwick'],
          outlet: 'Northwind Courier',
        },
      }),
    ]);
  });
});

describe('readFeed, hostile and broken feeds', () => {
  it('never expands entities declared in the DTD (billion laughs)', async () => {
    const started = performance.now();
    const items = await readBytes(fixture('billion-laughs.xml'));
    const [record] = records(items);
    expect(record?.content).toBe('<article><p>Before the entity. &lol9; After the entity.</p></article>');
    expect(record?.given?.title).toBe('Entity test &lol9;');
    expect(JSON.stringify(items).length).toBeLessThan(2000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never reads external entities (XXE)', async () => {
    const items = await readBytes(fixture('xxe.xml'));
    const [record] = records(items);
    expect(record?.content).toBe('<article><p>Start &xxe; middle &remote; end of the item text.</p></article>');
    expect(JSON.stringify(items)).not.toMatch(/root:|\/bin\/|daemon/);
  });

  it('reports a truncated feed as E_FEED', async () => {
    expect(await readBytes(fixture('truncated.xml'))).toEqual([
      {
        code: 'DOSSIER_E_FEED',
        source: 'feed.xml',
        message: 'malformed RSS/Atom feed: <rss> is never closed (truncated?)',
      },
    ]);
  });

  it('reports XML that is no feed, and RSS without a channel, as E_FEED', async () => {
    const [notFeed] = await readBytes(Buffer.from('<?xml version="1.0"?><sitemap><url/></sitemap>'));
    expect(notFeed).toMatchObject({ code: 'DOSSIER_E_FEED', message: expect.stringContaining('no <rss>, <feed>') });
    const [noChannel] = await readBytes(Buffer.from('<rss version="2.0"><item><title>x</title></item></rss>'));
    expect(noChannel).toMatchObject({ code: 'DOSSIER_E_FEED', message: expect.stringContaining('no <channel>') });
  });

  it('reports a feed without items as E_EMPTY', async () => {
    const items = await readBytes(Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>'));
    expect(items).toEqual([
      { code: 'DOSSIER_E_EMPTY', source: 'feed.xml', message: 'input is empty: the feed has no items' },
    ]);
  });

  it('refuses a feed over the size cap', async () => {
    const items: Array<RawRecord | InputProblem> = [];
    try {
      items.push(
        ...(await readBytes(fixture('rss2.xml'), {}, ingestOptions({ fetchLinks: false, maxArticleBytes: 500 }))),
      );
    } catch (err) {
      expect((err as { problem: InputProblem }).problem.code).toBe('DOSSIER_E_TOO_LARGE');
      return;
    }
    throw new Error(`expected E_TOO_LARGE, got ${JSON.stringify(items)}`);
  });

  it('does not fetch javascript: or relative links without a feed URL', async () => {
    const xml = `<rss version="2.0"><channel><title>T</title>
      <item><title>a</title><link>javascript:alert(1)</link><description>Alpha text of the item.</description></item>
      <item><title>b</title><link>/relative/only</link><description>Beta text of the item.</description></item>
      </channel></rss>`;
    const items = await readBytes(Buffer.from(xml), {}, ingestOptions({ fetchLinks: true }));
    expect(records(items).map((r) => [r.url, r.content])).toEqual([
      [undefined, '<article><p>Alpha text of the item.</p></article>'],
      [undefined, '<article><p>Beta text of the item.</p></article>'],
    ]);
  });
});
