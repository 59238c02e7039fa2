import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import { tempDir } from './helpers/cli.js';
import { articleText, writeCorpus } from './helpers/corpus.js';
import { buildWarc } from './helpers/warc.js';

const page = (marker: string, extra = '') => `<!doctype html><html lang="en"><head>
<title>${marker} report | The Velmora Courier</title>
<meta property="og:title" content="${marker} talks resume">
<meta property="og:site_name" content="The Velmora Courier">
<meta property="article:published_time" content="2021-05-04T09:30:00+03:00">
<meta property="article:modified_time" content="2021-05-05T08:00:00+03:00">
<meta property="article:section" content="Economy">
<meta property="article:tag" content="ports"><meta property="article:tag" content="trade">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${marker} talks resume</h1>
<p>Delegates from the ${marker} commission met on Tuesday to discuss the port dispute, officials said.</p>
<p>The talks covered shipping quotas and a schedule for inspectors.</p>${extra}</article>
<footer>Copyright The Velmora Courier</footer></body></html>`;

describe('ingest reads every format, sniffed by content', async () => {
  const dir = tempDir();
  const root = writeCorpus(join(dir, 'in'), {
    'plain.txt': articleText('alpha'),
    'no-extension': articleText('bravo'),
    'page.html': page('charlie'),
    'page-named.txt': page('delta'),
    'one.json': JSON.stringify({
      url: 'https://example.org/e',
      title: 'Echo title',
      text: articleText('echo'),
      published: '2021-05-01',
      outlet: 'Echo Wire',
      author: 'Ana Lee',
    }),
    'list.json': JSON.stringify({
      articles: [
        { title: 'Foxtrot', body: articleText('foxtrot') },
        { title: 'Golf', html: page('golf') },
      ],
    }),
    'export.jsonl': [
      JSON.stringify({
        title: 'Hotel',
        text: articleText('hotel'),
        outlet: 'Hotel News',
        published: 'Tue, 04 May 2021 14:05:00 GMT',
      }),
      '',
      JSON.stringify({
        title: 'India',
        content: articleText('india'),
        source: 'India Times',
        authors: ['Rui Costa', 'Mei Lin'],
      }),
    ].join('\n'),
    'export.csv': `title,content,date,site\n"Juliet","${articleText('juliet').replace(/"/g, '""')}",2021-05-06,Juliet Daily\nKilo,"${articleText('kilo')}",2021-05-07,Kilo Post\n`,
    'export.tsv': `title\ttext\toutlet\nLima\t${articleText('lima').replace(/\n/g, ' ')}\tLima Ledger\n`,
    'zipped.txt.gz': articleText('mike'),
    'zipped.jsonl.gz': `${JSON.stringify({ text: articleText('november') })}\n${JSON.stringify({ text: articleText('oscar') })}\n`,
    'archive.warc': await buildWarc([
      { url: 'https://papa.example/a', html: page('papa') },
      { url: 'https://papa.example/logo.png', html: 'PNG', contentType: 'image/png' },
    ]),
    'archive.warc.gz': await buildWarc(
      [
        { url: 'https://quebec.example/a', html: page('quebec') },
        { url: 'https://quebec.example/gone', html: page('gone'), status: 404 },
      ],
      true,
    ),
  });
  const store = new SqliteStore(join(dir, 'd.db'));
  const summary = await ingest([root, '-'], store, ingestOptions(), {
    stdin: (async function* () {
      yield Buffer.from(articleText('romeo'));
    })(),
  });
  afterAll(() => store.close());

  it('stores one article per record with no failures', () => {
    expect(summary.problems).toEqual([]);
    // 18 records: the WARC's image and 404 records are not articles
    expect(summary).toMatchObject({ read: 18, new: 18, present: 0, failed: 0 });
  });

  it.each([
    'alpha',
    'bravo',
    'charlie',
    'delta',
    'echo',
    'foxtrot',
    'golf',
    'hotel',
    'india',
    'juliet',
    'kilo',
    'lima',
    'mike',
    'november',
    'oscar',
    'papa',
    'quebec',
  ])('finds the %s article by its marker word', async (marker) => {
    const hits = await store.search(marker, {}, 5);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.highlights.length).toBeGreaterThan(0);
  });

  it('reads HTML metadata, given JSON/CSV fields and WARC target URLs', async () => {
    const [charlie] = await store.search('charlie', {}, 1);
    const article = await store.getArticle(charlie!.id);
    expect(article?.title?.value).toBe('charlie talks resume');
    expect(article?.outlet?.value).toBe('The Velmora Courier');
    expect(article?.published?.value).toBe('2021-05-04T09:30:00+03:00');
    expect(article?.modified?.value).toBe('2021-05-05T08:00:00+03:00');
    expect(article?.section?.value).toBe('Economy');
    expect(article?.tags).toEqual(['ports', 'trade']);
    expect(article?.body).not.toContain('Home');
    expect(article?.body).not.toContain('Copyright');

    const [echo] = await store.search('echo', {}, 1);
    const e = await store.getArticle(echo!.id);
    expect(e).toMatchObject({
      authors: ['Ana Lee'],
      title: { value: 'Echo title', via: 'given:title' },
      outlet: { value: 'Echo Wire' },
    });
    expect(e?.sources[0]?.url).toBe('https://example.org/e');

    const [hotel] = await store.search('hotel', {}, 1);
    expect((await store.getArticle(hotel!.id))?.published?.value).toBe('2021-05-04T14:05:00Z');
    const [india] = await store.search('india', {}, 1);
    expect((await store.getArticle(india!.id))?.authors).toEqual(['Rui Costa', 'Mei Lin']);
    const [juliet] = await store.search('juliet', {}, 1);
    expect(juliet).toMatchObject({ outlet: 'Juliet Daily', published: '2021-05-06' });
    const [papa] = await store.search('papa', {}, 1);
    const p = await store.getArticle(papa!.id);
    expect(p?.sources[0]).toMatchObject({
      url: 'https://papa.example/a',
      source: expect.stringMatching(/archive\.warc#record=\d+$/),
    });
  });

  it('names records inside a file by number', async () => {
    const [india] = await store.search('india', {}, 1);
    expect((await store.getArticle(india!.id))?.sources[0]?.source).toMatch(/export\.jsonl#record=3$/);
    const [kilo] = await store.search('kilo', {}, 1);
    expect((await store.getArticle(kilo!.id))?.sources[0]?.source).toMatch(/export\.csv#record=2$/);
  });

  it('reads stdin as the input -', async () => {
    const [romeo] = await store.search('romeo', {}, 1);
    expect((await store.getArticle(romeo!.id))?.sources[0]?.source).toBe('-');
  });

  it('filters listings by outlet and date', async () => {
    expect((await store.listArticles({ outlet: 'kilo post' }, 10)).map((a) => a.title)).toEqual(['Kilo']);
    const may = await store.listArticles({ since: '2021-05-05', until: '2021-05-06' }, 10);
    expect(may.map((a) => a.title)).toEqual(['Juliet']);
  });
});

describe('--map reads fields under other names', () => {
  it('maps text and title to custom fields and reports records without them', async () => {
    const dir = tempDir();
    const root = writeCorpus(join(dir, 'in'), {
      'custom.jsonl': `${JSON.stringify({ headline_txt: 'Sierra', story: articleText('sierra') })}\n${JSON.stringify({ headline_txt: 'Tango', text: articleText('tango') })}\n`,
    });
    const store = new SqliteStore(join(dir, 'd.db'));
    const summary = await ingest([root], store, ingestOptions({ fieldMap: { text: 'story', title: 'headline_txt' } }));
    expect(summary).toMatchObject({ new: 1, failed: 1 });
    expect(summary.problems[0]).toMatchObject({
      code: 'DOSSIER_E_NO_TEXT',
      source: expect.stringMatching(/custom\.jsonl#record=2$/),
    });
    expect(summary.problems[0]?.message).toContain('"story"');
    const [hit] = await store.search('sierra', {}, 1);
    expect(hit?.title).toBe('Sierra');
    await store.close();
  });
});
