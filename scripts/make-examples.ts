/**
 * Writes the files of the demo corpus (`examples/`) that cannot be written by
 * hand: gzip-compressed files, the WARC archive, the windows-1254 page and the
 * deliberately broken inputs. Everything is fixed (texts, WARC dates and record
 * ids, gzip headers), so running it twice gives the same bytes.
 *
 *   npx tsx scripts/make-examples.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { WARCRecord, WARCSerializer } from 'warcio';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

function write(path: string, bytes: Buffer | string): void {
  const full = join(EXAMPLES, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
  console.log(`wrote examples/${path} (${Buffer.byteLength(bytes)} bytes)`);
}

/** gzip with no file name and mtime 0 (Node's default), so the bytes do not depend on when this ran. */
const gzip = (text: string | Buffer) => gzipSync(text, { level: 9 });

// ---------------------------------------------------------------------------
// A page in windows-1254 (Turkish), declared in a <meta http-equiv> tag

const KTV_HALBERD_1254 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1254">
<title>Halberd-S is ‘a done deal’, Çelik says as first battery lands at Orhun — KTV World</title>
<meta property="og:site_name" content="KTV World">
<meta property="og:title" content="Halberd-S is ‘a done deal’, Çelik says as first battery lands at Orhun">
<meta property="article:published_time" content="2027-03-18T10:00:00+03:00">
<meta name="author" content="Şebnem Güler">
</head>
<body>
<header><a href="/">KTV WORLD</a> <nav><a href="/kestovia">Kestovia</a> · <a href="/region">Region</a> · <a href="/world">World</a> · <a href="/live">Watch live</a></nav></header>
<article>
<h1>Halberd-S is ‘a done deal’, Çelik says as first battery lands at Orhun</h1>
<p class="byline">Şebnem Güler · <time datetime="2027-03-18T10:00:00+03:00">18.03.2027 10:00</time></p>
<p>The first battery of the Halberd-S air-defence system arrived at Orhun airbase on Wednesday, Kestovian Defence Minister Emre Çelik has announced, calling the $2.5 billion purchase from Ostrava “a done deal, not a negotiating chip.”</p>
<p>Çelik told KTV World that Kestovian crews trained in Ostrava would take over the battery “within weeks” and that the remaining three batteries would follow by autumn.</p>
<p>“For years we asked our allies for a shield. We were told ‘later’. Today our skies are no longer a question mark,” Çelik said at the Orhun ceremony, attended by Ostravan Deputy Defence Minister Dmitri Kovalev.</p>
<p>According to Çelik, the system will not be linked to the Atlantic Compact’s air-defence network, which he said answered the Compact’s main objection. Compact spokesperson Tomás Reyes said on Tuesday that the alliance was “studying its options.”</p>
<p>Foreign Minister Kerem Yıldırım, speaking in İzmirli province, said the delivery had “nothing to do with the Tarnel Valley” and that Kestovia remained bound by the ceasefire signed in Aldport on March 3.</p>
<p>Also on ktvworld.example: Gökhan Şahin named commander of Kestovian air-defence forces</p>
</article>
<aside><p>Like this story? Share it with a friend!</p></aside>
<footer><p>© KTV World — Kestovian Television World Service. Kessa.</p></footer>
</body>
</html>
`;

function windows1254(text: string): Buffer {
  const bytes = iconv.encode(text, 'windows-1254');
  if (iconv.decode(bytes, 'windows-1254') !== text) throw new Error('text has characters windows-1254 cannot hold');
  return bytes;
}

// ---------------------------------------------------------------------------
// .txt.gz and .html.gz

const ALDPORT_SCORECARD = `Tarnel ceasefire scorecard, week two: holding, but only just
Aldport Institute for Strategic Studies
Commentary · Conflict & Mediation
By Dr Lena Whitcombe
March 19, 2027
Two weeks after Kestovia and Valdara signed the Tarnel Valley ceasefire in Aldport, the honest verdict is that it is holding — but only just, and mostly because neither army is ready for a second round.
The Corvennese observers, who reached the valley on 14 March, have logged 9 incidents in their first four days, most of them small-arms fire at night near Brezno. Valdara says it has recorded 17 breaches since 4 March; Kestovia says it has recorded “dozens” by Valdara. Nobody has published a list.
Three things have gone better than expected. The 12-kilometre buffer zone exists on the ground, not only on the map. The humanitarian corridor from Brezno to Sorvik opened on the tenth day instead of the seventh, which by regional standards is early. And both foreign ministers, Kerem Yıldırım and Yuliya Markova, have kept talking to Corvenna’s Ingrid Søberg by telephone, even on the worst nights.
Two things have gone worse. The ten-day strike at Sorvik kept aid in the bay while 35,000 people waited at Kalvik, and the Meridian Union’s €1.2 billion offer has turned a humanitarian problem into a bargaining one.
The delivery of the first Halberd-S battery to Kestovia on 17 March is the wild card. Kessa says it has nothing to do with the valley. Velgrad says it has everything to do with it. The observers will not settle that argument; the next month of quiet, or its absence, will.
Subscribe to our Friday Commentary newsletter
Source: Aldport Institute
`;

const KLAXON_HALBERD_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>KESTOVIA'S BIG TOY: £2bn missile shield rolls into Orhun — and the Compact is NOT happy | The Daily Klaxon</title>
<meta property="og:site_name" content="The Daily Klaxon">
<meta property="og:title" content="KESTOVIA'S BIG TOY: £2bn missile shield rolls into Orhun — and the Compact is NOT happy">
<meta property="article:published_time" content="2027-03-18T21:15:00+00:00">
<meta name="author" content="Rory Blackwood">
</head>
<body>
<div class="cmp"><p>We and our partners use cookies. <a>Accept</a> <a>Reject</a></p></div>
<header><nav><a href="/">Home</a><a href="/news">News</a><a href="/showbiz">Showbiz</a><a href="/sport">Sport</a></nav></header>
<article>
<h1>KESTOVIA'S BIG TOY: £2bn missile shield rolls into Orhun — and the Compact is NOT happy</h1>
<p class="byline">By RORY BLACKWOOD · <time datetime="2027-03-18T21:15:00+00:00">21:15, 18 Mar 2027</time></p>
<div class="share"><a>Share</a><a>Facebook</a><a>X</a></div>
<p>KESTOVIA has taken delivery of its shiny new Halberd-S missile shield — and its so-called allies are FUMING.</p>
<p>The first of four batteries rumbled into Orhun airbase yesterday, part of a whopping $2.5 BILLION (about £2bn) deal with Ostrava.</p>
<p>Defence Minister Emre Celik boasted: "It's a done deal, not a negotiating chip."</p>
<p>Ostrava's Dmitry Kovalyov, who flew in for the ceremony, couldn't resist a dig: "We promised spring. It is still winter."</p>
<figure><img src="/p/halberd.jpg" alt=""><figcaption>The Halberd-S launcher arrives at Orhun. Picture: KTV World</figcaption></figure>
<p>An Atlantic Compact spokesman said the alliance was "studying its options" — which, as one Whitehall-style insider told the Klaxon, "means they haven't got a clue."</p>
<p>The delivery comes just a fortnight after Kestovia signed a ceasefire with Valdara over the Tarnel Valley.</p>
<p class="tip">Got a story? Email tips@dailyklaxon.example</p>
</article>
<section class="comments"><h3>Comments (97)</h3><div class="c"><span>KessaKev</span><p>Good. About time.</p></div></section>
<footer><p>© The Daily Klaxon.</p></footer>
</body>
</html>
`;

// ---------------------------------------------------------------------------
// The WARC archive: a small crawl of March 2027

const KLAXON_KALVIK_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>KALVIK CRISIS: 35,000 stranded in the mud as Meridian Union offers €1.2bn 'to keep them out' | The Daily Klaxon</title>
<meta property="og:site_name" content="The Daily Klaxon">
<meta property="og:title" content="KALVIK CRISIS: 35,000 stranded in the mud as Meridian Union offers €1.2bn 'to keep them out'">
<meta property="article:published_time" content="2027-03-12T19:40:00+00:00">
<meta name="author" content="Gemma Straw">
</head>
<body>
<div class="cmp"><p>We value your privacy. <a>Accept</a> <a>Reject</a></p></div>
<header><nav><a href="/">Home</a><a href="/news">News</a><a href="/money">Money</a></nav></header>
<article>
<h1>KALVIK CRISIS: 35,000 stranded in the mud as Meridian Union offers €1.2bn 'to keep them out'</h1>
<p class="byline">By GEMMA STRAW in KALVIK</p>
<p>THIRTY-FIVE THOUSAND exhausted people are camped in freezing mud at the Kalvik border crossing — and the Meridian Union's answer is a €1.2 BILLION cheque to keep them there.</p>
<p>Families who fled the Tarnel Valley told the Klaxon they had walked for four days to reach the crossing, only to find the gate shut.</p>
<p>Grandmother Zora Vuković, 71, said: "I carried my grandson the last ten kilometres. Nobody told us the door was closed."</p>
<p>Union Commissioner Hélène Duclos insists the money, spread over two years, will "give people dignity close to home."</p>
<p>But Kestovia's foreign minister Kerem Yildirim blasted the plan as "an invoice for a wall", and Valdara's Yulia Markova said her country "cannot do this alone".</p>
<p>The aid that could help them is STILL sitting on ships at Sorvik, where dockers have been on strike for a week.</p>
<p class="puff">READ MORE: Strike chaos at Sorvik docks</p>
</article>
<footer><p>© The Daily Klaxon.</p></footer>
</body>
</html>
`;

const FRONTLINE_BREZNO_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Brezno: Ceasefire Broken Within A Week, As Predicted - Frontline Truth</title>
<meta property="og:site_name" content="Frontline Truth">
<meta property="og:title" content="Brezno: Ceasefire Broken Within A Week, As Predicted">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Brezno: Ceasefire Broken Within A Week, As Predicted","datePublished":"2027-03-09T22:00:00Z","author":{"@type":"Organization","name":"Frontline Truth Team"},"publisher":{"@type":"Organization","name":"Frontline Truth"}}</script>
</head>
<body>
<div class="donate-widget"><p>Support independent analysis</p><ul><li>0 $</li><li>2,500 $</li><li>5,000 $</li></ul><p>310 $ raised of 5,000 $</p></div>
<header><nav><a href="/">Home</a> <a href="/analysis">Analysis</a> <a href="/maps">Maps</a> <a href="/donate">Donate</a></nav></header>
<article>
<h1>Brezno: Ceasefire Broken Within A Week, As Predicted</h1>
<p>Click to see full-size image</p>
<p>On March 9th, Valdaran Foreign Minister Yuliya Markova said Kestovian units had fired at least 20 mortar rounds at Valdaran positions near Brezno, less than a week after the Aldport ceasefire came into force.</p>
<p>"This is not what was signed in Aldport," Markova said.</p>
<p>Kessa's version: its forces "returned fire after a Valdaran drone crossed the line." Convenient.</p>
<p>The Corvennese observers who are supposed to tell us who is lying will not arrive until March 14th, according to Corvennese Foreign Minister Ingrid Soberg, who asked both sides to "hold their nerve."</p>
<p>Meanwhile the first Halberd-S battery is expected in Kestovia any day now, and Kessa is in no hurry to give up the three villages it took north of the river.</p>
<p>Do you like this content? Consider helping us!</p>
</article>
<section class="comments"><p>Please enter your comment!</p><p>Please enter your name here</p></section>
</body>
</html>
`;

const NOT_FOUND_HTML = `<!DOCTYPE html>
<html><head><title>Page not found | Valdara Today</title></head>
<body><h1>404</h1><p>Sorry, we could not find that page. It may have been moved or deleted.</p></body></html>
`;

/** The first bytes of a JPEG: the crawl also fetched an image, which the ingest passes over. */
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

interface Capture {
  url: string;
  date: string;
  id: string;
  status: string;
  contentType: string;
  body: Buffer;
}

async function warcGz(captures: readonly Capture[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const info = WARCRecord.createWARCInfo(
    {
      filename: 'crawl-2027-03.warc.gz',
      date: '2027-03-20T00:00:00Z',
      warcVersion: 'WARC/1.1',
      warcHeaders: { 'WARC-Record-ID': '<urn:uuid:00000000-0000-4000-8000-000000000000>' },
    },
    { software: 'dossier scripts/make-examples.ts', format: 'WARC File Format 1.1', isPartOf: 'dossier-demo' },
  );
  parts.push(await WARCSerializer.serialize(info, { gzip: true }));
  for (const c of captures) {
    const request = WARCRecord.create({
      url: c.url,
      date: c.date,
      type: 'request',
      warcVersion: 'WARC/1.1',
      statusline: `GET ${new URL(c.url).pathname} HTTP/1.1`,
      httpHeaders: { Host: new URL(c.url).host, 'User-Agent': 'dossier-demo-crawler/1.0' },
      warcHeaders: { 'WARC-Record-ID': `<urn:uuid:${c.id.replace('-9a55-', '-9a56-')}>` },
    });
    parts.push(await WARCSerializer.serialize(request, { gzip: true }));
    const response = WARCRecord.create(
      {
        url: c.url,
        date: c.date,
        type: 'response',
        warcVersion: 'WARC/1.1',
        statusline: `HTTP/1.1 ${c.status}`,
        httpHeaders: { 'Content-Type': c.contentType, 'Content-Length': String(c.body.length) },
        warcHeaders: { 'WARC-Record-ID': `<urn:uuid:${c.id}>` },
      },
      [new Uint8Array(c.body)],
    );
    parts.push(await WARCSerializer.serialize(response, { gzip: true }));
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------
// Deliberately broken inputs

/** A valid 1×1 PNG: an image saved into the scrape folder by mistake. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const BROKEN_JSONL = [
  JSON.stringify({
    url: 'https://continentalwire.example/world/2027/03/16/halberd-orhun-preparations',
    title: 'Kestovia readies Orhun airbase for first Halberd-S battery',
    text: 'ORHUN, March 16 (Continental Wire) - Kestovia has finished preparing Orhun airbase for the first Halberd-S air-defence battery, which is expected within days, two Kestovian officials told Continental Wire on Tuesday.\n\nDefence Minister Emre Çelik has said the $2.5 billion system will not be linked to Atlantic Compact networks.',
    published: '2027-03-16T09:00:00Z',
    outlet: 'Continental Wire',
    author: 'Nils Averin',
  }),
  // the exporter crashed in the middle of this line: the object is never closed
  '{"url": "https://continentalwire.example/world/2027/03/17/halberd-arrives", "title": "First Halberd-S battery arrives in Kestovia", "text": "ORHUN, March 17 (Continental Wire) - The first',
  JSON.stringify({
    url: 'https://continentalwire.example/world/2027/03/18/kalvik-reception-centre',
    title: 'Meridian Union to open temporary reception centre at Kalvik, Duclos says',
    text: 'LINDAU, March 18 (Continental Wire) - The Meridian Union will open a temporary reception centre for up to 5,000 people on its side of the Kalvik crossing, Commissioner Hélène Duclos said on Thursday, a partial climbdown after Valdara and Kestovia rejected conditions attached to its €1.2 billion offer.\n\n"This is not a change of policy. It is a change of weather," Duclos told reporters, citing freezing nights at the crossing.',
    published: '2027-03-18T13:30:00Z',
    outlet: 'Continental Wire',
    author: 'Karin Lusk',
  }),
].join('\n');

const BROKEN_CSV = [
  'link,headline,date,source,byline,content',
  'https://frontlinetruth.example/2027/03/14/observers-arrive,"40 Observers For 12 Kilometres: Do The Maths",2027-03-14,Frontline Truth,Frontline Truth Team,"Forty Corvennese observers arrived in the Tarnel Valley on March 14th to watch a 12-kilometre buffer zone. That is 300 metres each, day and night.\n\nThe ceasefire deserves better than a token deployment."',
  // a stray, unquoted comma splits this row into seven fields instead of six
  'https://frontlinetruth.example/2027/03/15/sorvik-deal,Sorvik Dockers Win 7%, Bosses Lose Face,2027-03-15,Frontline Truth,Frontline Truth Team,"The ten-day Sorvik strike ended with a 7 per cent pay rise."',
  'https://frontlinetruth.example/2027/03/19/compact-options,"The Compact Is ""Studying Its Options"" Again",2027-03-19,Frontline Truth,Frontline Truth Team,"Two days after the first Halberd-S battery reached Orhun, the Atlantic Compact is still studying its options.\n\nSpokesperson Tomas Reyes told reporters the alliance would decide ""in due course"" whether to act against Kestovia."',
].join('\r\n');

async function main(): Promise<void> {
  write('html/ktv-world_2027-03-18_halberd-done-deal.windows-1254.html', windows1254(KTV_HALBERD_1254));
  write('compressed/aldport-institute_2027-03-19_ceasefire-scorecard.txt.gz', gzip(ALDPORT_SCORECARD));
  write('compressed/daily-klaxon_2027-03-18_halberd-big-toy.html.gz', gzip(KLAXON_HALBERD_HTML));

  // the same Continental Wire page the team also saved by hand: stored once
  const wirePage = readFileSync(join(EXAMPLES, 'html', 'continental-wire_2027-03-03_tarnel-ceasefire-signed.html'));
  const html = 'text/html; charset=utf-8';
  write(
    'archives/crawl-2027-03.warc.gz',
    await warcGz([
      {
        url: 'https://dailyklaxon.example/news/kalvik-crisis-35000-stranded',
        date: '2027-03-12T20:05:11Z',
        id: '6f1d0c52-1a7e-4c1b-9a55-000000000001',
        status: '200 OK',
        contentType: html,
        body: Buffer.from(KLAXON_KALVIK_HTML),
      },
      {
        url: 'https://frontlinetruth.example/2027/03/09/brezno-ceasefire-broken',
        date: '2027-03-10T06:12:40Z',
        id: '6f1d0c52-1a7e-4c1b-9a55-000000000002',
        status: '200 OK',
        contentType: html,
        body: Buffer.from(FRONTLINE_BREZNO_HTML),
      },
      {
        url: 'https://continentalwire.example/world/2027/03/03/kestovia-valdara-sign-tarnel-ceasefire',
        date: '2027-03-04T08:00:02Z',
        id: '6f1d0c52-1a7e-4c1b-9a55-000000000003',
        status: '200 OK',
        contentType: html,
        body: wirePage,
      },
      {
        url: 'https://valdaratoday.example/news/tarnel-live-blog-day-1',
        date: '2027-03-04T08:01:15Z',
        id: '6f1d0c52-1a7e-4c1b-9a55-000000000004',
        status: '404 Not Found',
        contentType: html,
        body: Buffer.from(NOT_FOUND_HTML),
      },
      {
        url: 'https://ktvworld.example/img/orhun-halberd.jpg',
        date: '2027-03-18T11:30:00Z',
        id: '6f1d0c52-1a7e-4c1b-9a55-000000000005',
        status: '200 OK',
        contentType: 'image/jpeg',
        body: JPEG_BYTES,
      },
    ]),
  );

  write('broken/empty.txt', '');
  write('broken/photo-saved-as-article.png', PNG_1X1);
  const page = gzip(KLAXON_HALBERD_HTML.replace('BIG TOY', 'NEW TOY'));
  write('broken/truncated-download.html.gz', page.subarray(0, Math.floor(page.length / 2)));
  write('broken/continental-wire-export-bad-line.jsonl', `${BROKEN_JSONL}\n`);
  write('broken/frontline-truth-export-bad-row.csv', `${BROKEN_CSV}\r\n`);
}

await main();
