/**
 * Writes a hostile corpus: every kind of input an analyst's scrape folder may
 * hold that could crash, hang, exhaust or leak, beside a few good articles.
 * `test/hostile.test.ts` ingests it with the built CLI; `docs/RELIABILITY.md`
 * lists each case with its cap or behaviour.
 *
 *   npm run hostile -- DIR        (DIR must not exist or be empty)
 *
 * Nothing large is ever written: the 30 GB file is sparse, the 2 GB gzips are
 * one small gzip member repeated (a gzip stream may hold many members), and
 * the biggest file really written is the 50 MB page. The case list, with what
 * each must come to, is written to `DIR/.cases.json` (dot-files are not
 * ingested).
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What ingesting a case must come to. */
export type Expectation =
  /** at least one article stored from this path (a file, or records inside it) */
  | 'stored'
  /** named on stderr with this error code; nothing stored from it */
  | 'refused'
  /** named on stderr with this code, and the records before the refusal stored */
  | 'refused-after-some';

/** One hostile (or good) input in the corpus. */
export interface HostileCase {
  /** Path relative to the corpus folder. */
  path: string;
  expect: Expectation;
  /** The catalogue code the refusal carries (`DOSSIER_E_...`), for refusals. */
  code?: string;
  /** What the case is, in a few words, for the docs and the test names. */
  what: string;
}

/** A word that must never appear in any stored article: it lives only in a file the corpus points entities at. */
export const SECRET_MARKER = 'HOSTILE-SECRET-7f3a91';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A short good article with a marker word, so a test can find it. */
function article(marker: string, paragraphs = 3): string {
  const lines = [`Ferry strike ends in Saltmere as ${marker} mediators sign deal`];
  for (let i = 0; i < paragraphs; i++) {
    lines.push(
      `Mediators from the ${marker} panel met union leaders for a ${['first', 'second', 'third', 'fourth'][i % 4]} day, officials said. ` +
        `The agreement covers pay, rest periods and the timetable of the ${marker} harbour crossings.`,
    );
  }
  return lines.join('\n\n');
}

/** The same article as an HTML page. */
function page(marker: string, head = '', bodyExtra = ''): string {
  const [title, ...paras] = article(marker).split('\n\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${bodyExtra}<article><h1>${title}</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

/** Options of the generator. */
export interface HostileOptions {
  /** Size of the nested-elements page refused by the article cap. @default 50 MiB */
  nestedBytes?: number;
  /** Logical size of the sparse file. @default 30 GiB */
  sparseBytes?: number;
  /** Decompressed size of the gzip bombs. @default 2 GiB */
  bombBytes?: number;
}

/** Writes the corpus into `dir` and returns its cases. */
export function makeHostileCorpus(dir: string, options: HostileOptions = {}): HostileCase[] {
  const { nestedBytes = 50 * MiB, sparseBytes = 30 * GiB, bombBytes = 2 * GiB } = options;
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  if (readdirSync(root).length > 0) throw new Error(`${root} is not empty; give a new or empty folder`);
  const cases: HostileCase[] = [];
  const write = (path: string, bytes: string | Buffer, c: Omit<HostileCase, 'path'>) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    cases.push({ path, ...c });
  };
  const special = (path: string, make: (full: string) => void, c: Omit<HostileCase, 'path'>) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    try {
      make(full);
      cases.push({ path, ...c });
    } catch {
      // not creatable here (no mknod rights, no mkfifo): the case is left out
    }
  };

  // ---- good articles: all stored
  for (let i = 1; i <= 3; i++)
    write(`good/article-${i}.txt`, article(`goodtext${i}`), { expect: 'stored', what: 'plain text article' });
  write('good/page.html', page('goodpage'), { expect: 'stored', what: 'HTML page' });
  write(
    'good/export.jsonl',
    `${[1, 2, 3].map((i) => JSON.stringify({ title: `Export ${i}`, text: article(`goodjson${i}`) })).join('\n')}\n`,
    { expect: 'stored', what: 'JSON Lines export' },
  );
  write('good/article.txt.gz', gzipSync(article('goodgzip')), { expect: 'stored', what: 'gzipped text' });

  // ---- XML: entity expansion and external entities (a secret the entities point at sits in a dot-file)
  writeFileSync(join(root, '.secret.txt'), `${SECRET_MARKER}\n`);
  const secretUrl = pathToFileURL(join(root, '.secret.txt')).href;
  const laughs = Array.from({ length: 9 }, (_, i) => {
    const prev =
      i === 0
        ? 'lol'
        : Array(10)
            .fill(`&lol${i - 1};`)
            .join('');
    return `<!ENTITY lol${i} "${prev}">`;
  }).join('\n');
  const feed = (doctype: string, ref: string, marker: string) =>
    `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${doctype}\n]>\n<rss version="2.0"><channel><title>Hostile Wire</title>
<item><title>Item ${ref}</title><link>https://hostile.example/${marker}</link>
<description><![CDATA[<p>${article(marker).replace(/\n\n/g, '</p><p>')}</p>]]> ${ref}</description></item></channel></rss>\n`;
  write('xml/billion-laughs.rss', feed(`<!ENTITY lol "lol">\n${laughs}`, '&lol8;', 'laughsfeed'), {
    expect: 'stored',
    what: 'RSS with nested entity definitions (billion laughs): never expanded',
  });
  write(
    'xml/xxe.rss',
    feed(`<!ENTITY xxe SYSTEM "${secretUrl}">\n<!ENTITY pw SYSTEM "file:///etc/passwd">`, '&xxe; &pw;', 'xxefeed'),
    { expect: 'stored', what: 'RSS with external entities (file:// secret, /etc/passwd): never read' },
  );
  write(
    'xml/xxe-page.html',
    page('xxepage')
      .replace('<!DOCTYPE html>', `<!DOCTYPE html [<!ENTITY xxe SYSTEM "${secretUrl}">]>`)
      .replace('</h1>', '</h1>&xxe;'),
    { expect: 'stored', what: 'HTML page with an external entity in its DOCTYPE' },
  );
  write(
    'xml/parameter-entities.rss',
    feed(
      `<!ENTITY % remote SYSTEM "${secretUrl}">\n%remote;\n<!ENTITY % x "<!ENTITY y '&#x25;remote;'>">`,
      '&y;',
      'paramfeed',
    ),
    { expect: 'stored', what: 'RSS with parameter entities pointing at a local file' },
  );

  // ---- the file system: nothing here may block, recurse forever or be read
  special('fs/fifo.txt', (p) => execFileSync('mkfifo', [p]), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'named pipe (would block a reader forever)',
  });
  special('fs/socket.sock', (p) => createServer().listen(p).unref(), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'Unix socket',
  });
  special('fs/device-null', (p) => execFileSync('mknod', [p, 'c', '1', '3'], { stdio: 'ignore' }), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'character device node',
  });
  special('fs/zero.txt', (p) => symlinkSync('/dev/zero', p), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'symlink to /dev/zero (endless)',
  });
  special('fs/urandom.html', (p) => symlinkSync('/dev/urandom', p), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'symlink to /dev/urandom (endless)',
  });
  special('fs/loop', (p) => symlinkSync('..', p), {
    expect: 'refused',
    code: 'DOSSIER_E_SKIPPED',
    what: 'symlink to its own parent folder (a loop)',
  });
  special('fs/self.txt', (p) => symlinkSync('self.txt', p), {
    expect: 'refused',
    code: 'DOSSIER_E_UNREADABLE',
    what: 'symlink to itself (ELOOP)',
  });
  special('fs/dangling.txt', (p) => symlinkSync('no-such-target.txt', p), {
    expect: 'refused',
    code: 'DOSSIER_E_UNREADABLE',
    what: 'dangling symlink',
  });
  // root reads anything: the expectation follows what this machine enforces
  {
    const folder = join(root, 'fs/denied-folder');
    const file = join(root, 'fs/unreadable.txt');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'inside.txt'), article('deniedinside'));
    writeFileSync(file, article('unreadable'));
    execFileSync('chmod', ['000', file, folder]);
    const enforced = !canRead(file);
    cases.push({
      path: 'fs/unreadable.txt',
      ...(enforced ? { expect: 'refused', code: 'DOSSIER_E_UNREADABLE' } : { expect: 'stored' }),
      what: `file without read permission${enforced ? '' : ' (read anyway: running as root)'}`,
    });
    cases.push({
      path: 'fs/denied-folder',
      ...(enforced ? { expect: 'refused', code: 'DOSSIER_E_UNREADABLE' } : { expect: 'stored' }),
      what: `folder without permission${enforced ? '' : ' (read anyway: running as root)'}`,
    });
  }
  write('fs/folder.html/inside.txt', article('folderlikefile'), {
    expect: 'stored',
    what: 'a folder named like a file (folder.html/) holding an article',
  });

  // ---- file names: legacy bytes, and a name that tries to forge an error line and drive the terminal
  {
    mkdirSync(join(root, 'names'), { recursive: true });
    const legacy = Buffer.concat([Buffer.from(join(root, 'names', 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]);
    writeFileSync(legacy, article('legacyname'));
    cases.push({
      path: 'names/caf\ufffd.txt',
      expect: 'stored',
      what: 'file name in Latin-1, not UTF-8 (opened by its bytes)',
    });
    const evil = 'names/evil\nerror: forged.txt: all good [DOSSIER_E_NONE]\x1b[2J\x1b]0;pwned\x07\u202Etxt.exe';
    writeFileSync(join(root, evil), `${article('evilname')}\0`);
    cases.push({
      path: evil,
      expect: 'refused',
      code: 'DOSSIER_E_BINARY',
      what: 'file name with a newline, terminal escapes and a bidi override (shown escaped, on one line)',
    });
  }

  // ---- size: caps refuse these fast
  {
    const path = 'size/sparse-30gb.txt';
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    const fd = openSync(full, 'w');
    writeSync(fd, article('sparse'));
    closeSync(fd);
    execFileSync('truncate', ['-s', String(sparseBytes), full]);
    cases.push({
      path,
      expect: 'refused',
      code: 'DOSSIER_E_TOO_LARGE',
      what: `sparse file of ${sparseBytes / GiB} GiB`,
    });
  }
  write('size/zeros-2gb.txt.gz', repeatedGzip(Buffer.alloc(16 * MiB), bombBytes), {
    expect: 'refused',
    code: 'DOSSIER_E_BINARY',
    what: `gzip of ${bombBytes / GiB} GiB of zero bytes`,
  });
  write('size/spaces-2gb.html.gz', repeatedGzip(Buffer.alloc(16 * MiB, 0x20), bombBytes), {
    expect: 'refused',
    code: 'DOSSIER_E_TOO_LARGE',
    what: `gzip of ${bombBytes / GiB} GiB of spaces (read as one page)`,
  });
  write(
    'size/padded-2gb.jsonl.gz',
    Buffer.concat([
      gzipSync(`${JSON.stringify({ text: article('beforebomb') })}\n`),
      repeatedGzip(Buffer.from(`${' '.repeat(1023)}\n`.repeat(16 * 1024)), bombBytes),
    ]),
    {
      expect: 'refused-after-some',
      code: 'DOSSIER_E_TOO_LARGE',
      what: `JSON Lines gzip: one record, then ${bombBytes / GiB} GiB of blank lines (ratio cap)`,
    },
  );
  writeNested(join(root, 'size/nested-50mb.html'), nestedBytes);
  cases.push({
    path: 'size/nested-50mb.html',
    expect: 'refused',
    code: 'DOSSIER_E_TOO_LARGE',
    what: `${Math.round(nestedBytes / MiB)} MiB page of nested elements`,
  });
  write(
    'size/nested-deep.html',
    page('deepnesting', '', `${'<div>'.repeat(200_000)}<p>${article('deepinner', 1)}</p>${'</div>'.repeat(200_000)}`),
    { expect: 'stored', what: '200,000 nested <div>s inside the cap (depth guard, linear)' },
  );
  write('size/wide-19mb.html', page('widepage', '', '<p>Short line.</p>'.repeat(1_100_000)), {
    expect: 'stored',
    what: '19 MB page of 1,100,000 sibling elements (cut after 100,000 tags)',
  });
  write('size/tiny-objects.json', `[${'{"a":[]},'.repeat(1_500_000)}{}]`, {
    expect: 'refused',
    code: 'DOSSIER_E_TOO_LARGE',
    what: '13 MB JSON document of 3,000,000 tiny objects and arrays',
  });
  write('size/long-title.html', page('longtitle').replace('<title>', `<title>${'Extraordinarily '.repeat(6250)}`), {
    expect: 'stored',
    what: '100,000-character <title>',
  });
  write('size/long-line.txt', `${article('longline')}\n\n${'word '.repeat(200 * 1024)}\n`, {
    expect: 'stored',
    what: '1 MiB line without punctuation',
  });
  write(
    'size/quotes.txt',
    `${article('manyquotes')}\n\n${'"“'.repeat(2500)}${'”"'.repeat(2500)}\n\n“${'«a» '.repeat(1000)}\n`,
    {
      expect: 'stored',
      what: '10,000 quotation marks, unbalanced',
    },
  );

  // ---- encodings and scripts
  write('text/nul-bytes.txt', `${article('nulbytes')}\0\0\0${'\0'.repeat(100)}tail`, {
    expect: 'refused',
    code: 'DOSSIER_E_BINARY',
    what: 'text with NUL bytes',
  });
  write(
    'text/utf16-bom.txt',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article('utfsixteen'), 'utf16le')]),
    {
      expect: 'stored',
      what: 'UTF-16LE with a byte order mark',
    },
  );
  write(
    'text/utf16be-bom.html',
    Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(page('utfsixteenbe'), 'utf16le').swap16()]),
    { expect: 'stored', what: 'UTF-16BE HTML with a byte order mark' },
  );
  write('text/bogus-charset.html', page('boguscharset').replace('charset="utf-8"', 'charset="x-klingon-9000"'), {
    expect: 'stored',
    what: '<meta charset> naming no real charset',
  });
  write(
    'text/rtl-mixed.html',
    page(
      'rtlmixed',
      '',
      '<p dir="rtl">قال المتحدث باسم الوزارة إن المحادثات ستستمر يوم الأحد. אמר הדובר כי השיחות יימשכו. \u202Egnp.exe\u202C 東京で会談 Москва заявила</p>',
    ),
    { expect: 'stored', what: 'right-to-left, bidi overrides and mixed scripts' },
  );

  // ---- active content: stored as inert text, never as markup
  write(
    'xss/active-content.html',
    page(
      'activecontent',
      '<script>alert("head")</script><style>body{background:url("javascript:alert(1)")} p{behavior:expression(alert(2))}</style><meta http-equiv="refresh" content="0;url=javascript:alert(3)"><base href="javascript:alert(4)//">',
      '<img src=x onerror="alert(5)"><svg onload="alert(6)"><script>alert(7)</script></svg><iframe srcdoc="<script>alert(8)</script>"></iframe><a href="javascript:alert(9)" onclick="alert(10)">click</a><div style="background:url(javascript:alert(11))" onmouseover="alert(12)"></div><object data="data:text/html,<script>alert(13)</script>"></object><noscript><p>alert(14) noscript</p></noscript><template><script>alert(15)</script></template>',
    ).replace('<p>Mediators', '<p onclick="alert(16)" style="x:expression(alert(17))">Mediators'),
    { expect: 'stored', what: '<script>, <style>, on*= handlers, javascript: URLs, CSS expressions' },
  );
  write(
    'xss/escaped-markup.txt',
    `${article('escapedmarkup')}\n\nA reader wrote <script>alert("text")</script> and <img src=x onerror=alert(1)> in the comments.\n`,
    { expect: 'stored', what: 'markup written as text in a plain-text article (kept as literal text)' },
  );

  writeFileSync(join(root, '.cases.json'), `${JSON.stringify(cases, null, 2)}\n`);
  return cases;
}

/** A gzip stream of `total` bytes made of one compressed member of `unit` repeated: a few MB for 2 GB of output. */
function repeatedGzip(unit: Buffer, total: number): Buffer {
  const member = gzipSync(unit, { level: 9 });
  return Buffer.concat(Array(Math.ceil(total / unit.length)).fill(member));
}

/** A page of `bytes` bytes of nested `<div>`s, written in pieces. */
function writeNested(path: string, bytes: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '<!DOCTYPE html><html><body>');
    const open = Buffer.from('<div><span><b>'.repeat(64 * 1024));
    const half = Math.floor(bytes / 2);
    for (let n = 0; n < half; n += open.length) writeSync(fd, open);
    const close = Buffer.from('</b></span></div>'.repeat(64 * 1024));
    for (let n = 0; n < half; n += close.length) writeSync(fd, close);
    writeSync(fd, '</body></html>');
  } finally {
    closeSync(fd);
  }
}

function canRead(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run hostile -- DIR\n');
    process.exit(1);
  }
  try {
    const cases = makeHostileCorpus(dir);
    const refused = cases.filter((c) => c.expect !== 'stored').length;
    process.stdout.write(
      `wrote ${cases.length} cases to ${resolve(dir)} (${refused} to refuse, ${cases.length - refused} to store); list in ${join(resolve(dir), '.cases.json')}\n`,
    );
    process.exit(0); // the socket case keeps a listener open
  } catch (err) {
    process.stderr.write(`hostile: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
