import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, SEEDS, tempDir } from './helpers/cli.js';

/** A `dossier stories --json` line (issue 6). */
interface StoryLine {
  id: string;
  label: string;
  first: string | null;
  last: string | null;
  articles: Array<{ id: string; source: string; outlet: string | null; published: string | null }>;
  duplicates: string[][];
  entities: Array<{ name: string; type: string; articles: number }>;
}

const EXAMPLES = join(ROOT, 'examples');
/** The demo corpus folders, as `dossier demo` reads them (broken/ included: its good records are articles too). */
const FOLDERS = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(EXAMPLES, e.name))
  .sort();

/**
 * The four events of examples/README.md, told from an article's title. Checked
 * in this order: a strike headline may name the Tarnel displaced, a Kalvik one
 * the Meridian Union.
 */
const EVENTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['strike', /strike|dock|wharfie|backlog/i],
  ['kalvik', /kalvik|waiting room|meridian|reception/i],
  ['halberd', /halberd|orhun|compact|missile shield|big toy/i],
  ['ceasefire', /ceasefire|truce|tarnel|brezno|observer|peace|fire first|markova/i],
];

function lines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Ingests (exit 2 is expected: broken/ holds broken files on purpose). */
async function ingest(db: string, inputs: readonly string[]): Promise<string> {
  const r = await runCli(['ingest', ...inputs, '--db', db, '--no-fetch', '-q']);
  expect([0, 2], r.stderr).toContain(r.status);
  return r.stdout;
}

describe('dossier stories on the demo corpus', () => {
  const db = join(tempDir('dossier-stories-'), 'demo.db');
  let stories: StoryLine[];
  const titles = new Map<string, string>();

  beforeAll(async () => {
    const out = await ingest(db, FOLDERS);
    expect(out).toMatch(
      /stories {2}\d+ stories \(\d+ of two or more articles\), 2 duplicate groups, \d+ claims, linked 33 articles/,
    );
    stories = lines<StoryLine>(await ok(['stories', '--db', db, '--json', '--limit', '1000']));
    for (const a of lines<{ id: string; title: string }>(
      await ok(['articles', '--db', db, '--json', '--limit', '1000']),
    ))
      titles.set(a.id, a.title);
  });

  const eventOf = (id: string): string => {
    const title = titles.get(id) ?? '';
    const hit = EVENTS.find(([, re]) => re.test(title));
    if (!hit) throw new Error(`no event for "${title}"`);
    return hit[0];
  };

  it("names the entities most of a story's articles name", () => {
    const big = stories.filter((s) => new Set(s.articles.map((a) => a.id)).size >= 3);
    expect(big.length).toBeGreaterThan(0);
    for (const s of big) {
      const size = new Set(s.articles.map((a) => a.id)).size;
      expect(s.entities.length).toBeGreaterThan(0);
      const counts = s.entities.map((e) => e.articles);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(Math.max(...counts)).toBeLessThanOrEqual(size);
    }
  });

  it('covers every article exactly once', () => {
    const ids = stories.flatMap((s) => [...new Set(s.articles.map((a) => a.id))]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(titles.size);
  });

  it('never puts two events in one story, and gathers each event from several outlets', () => {
    for (const s of stories) {
      const events = new Set(s.articles.map((a) => eventOf(a.id)));
      expect([...events], s.label).toHaveLength(1);
    }
    for (const [event] of EVENTS) {
      const biggest = stories
        .filter((s) => eventOf(s.articles[0]?.id ?? '') === event)
        .map((s) => ({
          articles: new Set(s.articles.map((a) => a.id)).size,
          outlets: new Set(s.articles.map((a) => a.outlet)).size,
        }))
        .sort((a, b) => b.articles - a.articles || b.outlets - a.outlets)[0];
      expect(biggest?.articles, event).toBeGreaterThanOrEqual(2);
      expect(biggest?.outlets, event).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps the syndicated wire copies together as duplicate groups, naming who was first', async () => {
    const storyWith = (pattern: RegExp) =>
      stories.find((s) => s.articles.some((a) => pattern.test(a.source))) as StoryLine;
    // html/valdara-today pause-not-peace copies html/continental-wire tarnel-ceasefire-signed
    const signed = storyWith(/html\/continental-wire_2027-03-03_tarnel-ceasefire-signed/);
    const wire = signed.articles.find((a) => /continental-wire_2027-03-03/.test(a.source))?.id;
    const copy = signed.articles.find((a) => /valdara-today_2027-03-03_pause-not-peace/.test(a.source))?.id;
    expect(signed.duplicates).toContainEqual([wire, copy]);
    const detail = JSON.parse(await ok(['story', signed.id, '--db', db, '--json']));
    const group = detail.duplicateGroups.find((g: { members: Array<{ id: string }> }) => g.members[0]?.id === wire);
    expect(group).toMatchObject({ first: wire, copiedBy: ['Valdara Today'] });

    // text/sorvik-courier ceasefire-violations-wire copies text/continental-wire ceasefire-violations
    const violations = storyWith(/text\/continental-wire_2027-03-09_ceasefire-violations/);
    const ids = (p: RegExp) => violations.articles.find((a) => p.test(a.source))?.id;
    const pair = [ids(/continental-wire_2027-03-09/), ids(/sorvik-courier_2027-03-09/)].sort();
    expect(violations.duplicates.map((g) => [...g].sort())).toContainEqual(pair);

    // the Valdara Today export's copy of the wire's strike story is the same article, listed under both outlets
    const verbatim = stories.flatMap((st) =>
      st.articles
        .filter((a) => /valdara-today-export\.json/.test(a.source))
        .filter((a) => st.articles.some((b) => b.id === a.id && /continental-wire-export\.jsonl/.test(b.source)))
        .map((a) => ({ story: st, id: a.id })),
    );
    expect(verbatim).toHaveLength(1);
    const { story: strike, id: exported } = verbatim[0] as { story: StoryLine; id: string };
    expect(
      strike.articles
        .filter((a) => a.id === exported)
        .map((a) => a.outlet)
        .sort(),
    ).toEqual(['Continental Wire', 'Valdara Today']);
    expect(eventOf(exported)).toBe('strike');
  });

  it('prints a story by outlet and date, and answers a wrong id with exit 1', async () => {
    const big = stories[0] as StoryLine;
    const text = await ok(['story', big.id.slice(0, 6), '--db', db]);
    expect(text).toContain(`story     ${big.id}`);
    for (const outlet of new Set(big.articles.map((a) => a.outlet))) expect(text).toContain(`\n${outlet}\n`);
    const list = await ok(['stories', '--db', db, '--min-articles', '2']);
    expect(list.trim().split('\n').length).toBe(
      stories.filter((s) => new Set(s.articles.map((a) => a.id)).size >= 2).length,
    );
    const missing = await runCli(['story', 'ffffffffffffffff', '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('DOSSIER_E_NOT_FOUND');
  });

  it('does not link again when an ingest stores nothing new', async () => {
    const again = await ingest(db, FOLDERS);
    expect(again).toMatch(/stories {2}\d+ stories .*\(up to date\)/);
  });
});

describe('dossier stories on the seeds', () => {
  it('does not merge the 2021 and 2023 articles with the early-2020 ones', async () => {
    const db = join(tempDir('dossier-stories-seeds-'), 'seeds.db');
    await ok(['ingest', SEEDS, '--db', db, '-q']);
    const stories = lines<StoryLine>(await ok(['stories', '--db', db, '--json']));
    const storyOf = (seed: string) => stories.findIndex((s) => s.articles.some((a) => a.source.includes(`/${seed}_`)));
    for (const seed of ['000', '001', '002', '003', '004']) expect(storyOf(seed), seed).toBeGreaterThanOrEqual(0);
    for (const later of ['002', '004']) {
      for (const early of ['000', '001', '003'])
        expect(storyOf(later), `${later} vs ${early}`).not.toBe(storyOf(early));
    }
  });
});

describe('determinism', () => {
  it('gives the same stories whatever order the files were ingested in, in one run or two', async () => {
    const one = join(tempDir('dossier-order-a-'), 'a.db');
    await ingest(one, FOLDERS);
    const two = join(tempDir('dossier-order-b-'), 'b.db');
    const reversed = [...FOLDERS].reverse();
    // two runs, later folders first: the second run links the corpus again
    await ingest(two, reversed.slice(0, 3));
    await ingest(two, reversed.slice(3));
    const a = await ok(['stories', '--db', one, '--json', '--limit', '1000']);
    const b = await ok(['stories', '--db', two, '--json', '--limit', '1000']);
    expect(b).toBe(a);
    expect(lines(a).length).toBeGreaterThan(4);
  });
});
