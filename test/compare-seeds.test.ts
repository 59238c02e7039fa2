import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, SEEDS, tempDir } from './helpers/cli.js';

interface Ev {
  article: string;
  start: number;
  end: number;
}
interface Voice {
  speaker: string;
  type: string;
  country: string | null;
  direct: number;
  paraphrased: number;
  evidence: Ev[];
}
interface Label {
  label: string;
  count: number;
  evidence: Ev[];
}

/**
 * The seeds through the CLI: five articles the link stage keeps apart (each its own story),
 * compared by choosing them with `--articles`. Seed 000 names its outlet (`Source: RT`); 002 is RT's
 * too and says so in its furniture (`Also on rt.com`), which the extractor reads as `rt.com` and ingest
 * stores under RT (a host of the name's letters is that outlet); 001 is Middle East Monitor's and 003
 * SouthFront's, which their text does not say (given as `=OUTLET`), and 004 names none.
 */
describe('dossier compare --articles on the seeds', () => {
  const db = join(tempDir('dossier-compare-seeds-'), 'seeds.db');
  const ids = new Map<string, string>();
  const bodies = new Map<string, string>();
  const sentence = (e: Ev) => (bodies.get(e.article) ?? '').slice(e.start, e.end);
  const outlets = new Map<string, string | null>();
  const storyOf = new Map<string, string>();
  let picks = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let c: any;

  beforeAll(async () => {
    const r = await runCli(['ingest', SEEDS, '--db', db, '-q']);
    expect(r.status, r.stderr).toBe(0);
    const list = await runCli(['stories', '--db', db, '--json']);
    for (const line of list.stdout.split('\n').filter(Boolean)) {
      const s = JSON.parse(line) as { id: string; articles: Array<{ id: string; source: string }> };
      for (const a of s.articles) {
        const seed = /(\d{3})_[^/]*$/.exec(a.source)?.[1] ?? '';
        ids.set(seed, a.id);
        storyOf.set(seed, s.id);
      }
    }
    expect([...ids.keys()].sort()).toEqual(['000', '001', '002', '003', '004']);
    for (const [seed, id] of ids) {
      const show = await runCli(['show', id, '--db', db, '--json']);
      const article = JSON.parse(show.stdout) as { body: string; outlet: string | null };
      bodies.set(id, article.body);
      outlets.set(seed, article.outlet);
    }
    const id = (seed: string) => (ids.get(seed) as string).slice(0, 10);
    // 002 names no outlet but carries `Also on rt.com`: it joins 000's RT without being told
    picks = `${id('000')},${id('002')},${id('001')}=Middle East Monitor,${id('003')}=SouthFront,${id('004')}`;
    const json = await runCli(['compare', '--articles', picks, '--db', db, '--json']);
    expect(json.status, json.stderr).toBe(0);
    c = JSON.parse(json.stdout);
  }, 60_000);

  it('stores the outlet each text names, from a source line or its furniture, and none it does not name', () => {
    expect(Object.fromEntries(outlets)).toEqual({
      '000': 'RT',
      '001': null,
      '002': 'rt.com',
      '003': null,
      '004': null,
    });
  });

  it('lists RT once with both its articles, and takes either spelling as the outlet filter', async () => {
    const listed = await runCli(['outlets', '--db', db, '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(
      listed.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toEqual([expect.objectContaining({ name: 'RT', articles: 2, aliases: ['rt.com'] })]);
    const by = async (outlet: string) =>
      (await runCli(['articles', '--outlet', outlet, '--db', db, '--json'])).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string; outlet: string });
    const rt = await by('RT');
    expect(rt.map((a) => a.id).sort()).toEqual([ids.get('000'), ids.get('002')].sort());
    expect(rt.every((a) => a.outlet === 'RT')).toBe(true);
    expect(await by('rt.com')).toEqual(rt);
    expect(await by('www.RT.com')).toEqual(rt);
  });

  it('shows RT saying "Syrian forces" where Middle East Monitor says "Syrian regime", each label pointing at its sentences', () => {
    expect(c.story).toBeNull();
    expect(c.outlets).toEqual([
      'RT',
      'Middle East Monitor',
      'SouthFront',
      `unknown outlet ${ids.get('004')?.slice(0, 8)}`,
    ]);
    const rt = c.byOutlet.find((o: { outlet: string }) => o.outlet === 'RT');
    expect(rt.articles).toEqual([ids.get('000'), ids.get('002')]);
    const syrian = c.referents.find((x: { key: string }) => x.key === 'syrian');
    const labels = (outlet: string) => (syrian?.labels[outlet] ?? []) as Label[];
    expect(labels('RT').map((l) => l.label)).toContain('Syrian forces');
    expect(labels('RT').map((l) => l.label)).not.toContain('Syrian regime');
    // RT's `considered by Damascus and Moscow`: the capital for the government, under the same referent
    expect(labels('RT').map((l) => l.label)).toContain('Damascus');
    expect(labels('Middle East Monitor').map((l) => l.label)).not.toContain('Damascus');
    expect(labels('Middle East Monitor')[0]?.label).toBe('Syrian regime');
    expect(labels('Middle East Monitor')[0]?.count).toBeGreaterThanOrEqual(3);
    for (const outlet of ['RT', 'Middle East Monitor']) {
      const articles = c.byOutlet.find((o: { outlet: string }) => o.outlet === outlet).articles as string[];
      for (const l of labels(outlet)) {
        expect(l.evidence.length).toBe(l.count);
        for (const e of l.evidence) {
          expect(articles).toContain(e.article);
          expect(sentence(e)).toContain(l.label);
        }
      }
    }
  });

  it('puts a capital used for its government under its state, not a capital used as a place', () => {
    const russian = c.referents.find((x: { key: string }) => x.key === 'russian');
    const moscow = (russian?.labels.RT ?? []).find((l: Label) => l.label === 'Moscow') as Label;
    // `considered by Damascus and Moscow` counts; `a meeting in Moscow` does not
    const sentences = moscow.evidence.map(sentence);
    expect(sentences).toContainEqual(expect.stringContaining('considered by Damascus and Moscow'));
    expect(sentences.some((x) => x.includes('meeting in Moscow'))).toBe(false);
    expect(c.referents.some((x: { key: string }) => x.key === 'moscow')).toBe(false);
  });

  it("shows which side's officials each outlet quotes: Turkish ones in RT and Middle East Monitor, Russia's Lavrov in SouthFront", () => {
    const voices = (outlet: string) =>
      c.byOutlet.find((o: { outlet: string }) => o.outlet === outlet).voices as Voice[];
    const officials = (outlet: string) =>
      voices(outlet)
        .filter((v) => v.type === 'government' && v.country)
        .map((v) => `${v.speaker} (${v.country})`);
    expect(officials('RT').slice(0, 1)).toEqual(['Mevlut Cavusoglu (Turkish)']);
    expect(officials('RT')).toContain('Recep Tayyip Erdogan (Turkish)');
    expect(officials('Middle East Monitor')[0]).toBe('Mevlut Cavusoglu (Turkish)');
    expect(officials('Middle East Monitor').some((o) => /Lavrov|Russia/.test(o))).toBe(false);
    expect(officials('SouthFront')[0]).toBe('Sergey Lavrov (Russian)');
    expect(officials('SouthFront').some((o) => /Cavusoglu/.test(o))).toBe(false);
    expect(officials('RT').some((o) => /Lavrov/.test(o))).toBe(false);
    const lavrov = voices('SouthFront')[0] as Voice;
    expect(lavrov.direct).toBeGreaterThan(0);
    // every voice cites sentences of its own outlet's articles; the first names the speaker
    for (const o of c.byOutlet as Array<{ articles: string[]; voices: Voice[] }>) {
      for (const v of o.voices) {
        expect(v.evidence.length).toBeGreaterThan(0);
        for (const e of v.evidence) expect(o.articles).toContain(e.article);
      }
      const top = o.voices[0] as Voice;
      expect(sentence(top.evidence[0] as Ev)).toContain(top.speaker.split(' ').pop());
    }
  });

  it("writes a speaker's country one way per state, whether the article wrote Turkish, Turkey's or Ankara", () => {
    const countries = (c.byOutlet as Array<{ voices: Voice[] }>).flatMap((o) => o.voices.map((v) => v.country));
    expect(countries).toContain('Turkish');
    for (const spelt of ['Turkey', 'Ankara', 'Russia', 'Moscow', 'Syria', 'Damascus'])
      expect(countries).not.toContain(spelt);
  });

  it('compares the story the link stage made of 000 (RT) and 001 (unnamed), and an outlet over its stories by any spelling', async () => {
    // the link stage puts RT's 000 and Middle East Monitor's 001 in one story; 001's text names no outlet
    const story = storyOf.get('000') as string;
    expect(storyOf.get('001')).toBe(story);
    const r = await runCli(['compare', story, '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.outlets).toEqual(['RT', 'unknown outlet']);
    const syrian = s.referents.find((x: { key: string }) => x.key === 'syrian');
    expect((syrian.labels.RT as Label[]).map((l) => l.label)).toContain('Syrian forces');
    expect((syrian.labels['unknown outlet'] as Label[])[0]?.label).toBe('Syrian regime');
    for (const l of syrian.labels['unknown outlet'] as Label[])
      for (const e of l.evidence) {
        expect(e.article).toBe(ids.get('001'));
        expect(sentence(e)).toContain(l.label);
      }
    // --outlets takes any spelling of an outlet
    const only = await runCli(['compare', story, '--db', db, '--outlets', 'rt.com', '--json']);
    expect(JSON.parse(only.stdout).outlets).toEqual(['RT']);
    const profile = await runCli(['outlet', 'www.rt.com', '--db', db, '--json']);
    expect(profile.status, profile.stderr).toBe(0);
    expect(JSON.parse(profile.stdout)).toMatchObject({ outlet: 'RT', stories: [story] });
    const vs = await runCli(['outlets', '--vs', 'rt.com', 'unknown outlet', '--db', db, '--json']);
    expect(vs.status, vs.stderr).toBe(0);
    const v = JSON.parse(vs.stdout);
    const label = v.labels.find((l: { key: string }) => l.key === 'syrian');
    expect(label.a).toContain('Syrian forces');
    expect(label.b).toContain('Syrian regime');
    // the text views count one story as one, and say when no dated report followed the first
    const profileText = await runCli(['outlet', 'rt.com', '--db', db]);
    expect(profileText.stdout).toMatch(/^RT: 1 story shared with other outlets$/m);
    expect(profileText.stdout).toMatch(/^ {2}first in 0 of 1; no dated report after the first$/m);
    const vsText = await runCli(['outlets', '--vs', 'rt.com', 'unknown outlet', '--db', db]);
    expect(vsText.stdout).toMatch(/^RT vs unknown outlet: 1 story shared$/m);
  });

  it('prints the differences with their sentences, keeps to --outlets, and refuses bad choices', async () => {
    const text = await runCli(['compare', '--articles', picks, '--db', db, '--outlets', 'RT,Middle East Monitor']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^outlets {2}RT, Middle East Monitor \(3 articles\)$/m);
    expect(text.stdout).toMatch(/^ {4}RT +Syrian forces ×2, .*\[[0-9a-f]{8}@\d+\] .*Syrian forces/m);
    expect(text.stdout).toMatch(/^ {4}Middle East Monitor +Syrian regime ×4.*\[[0-9a-f]{8}@\d+\] ….*Syrian regime/m);
    expect(text.stdout).not.toMatch(/SouthFront/);
    // the bias candidates cite their sentences and are labelled as a learned score
    expect(text.stdout).toMatch(/^ {4}bias\? {5}p 0\.\d\d {2}\[[0-9a-f]{8}@\d+\] /m);
    expect(text.stdout).toMatch(/^bias\?: learned: .*BASIL/m);
    const neither = await runCli(['compare', '--db', db]);
    expect(neither.status).not.toBe(0);
    expect(neither.stderr).toMatch(/a story id or --articles.*DOSSIER_E_USAGE/);
    const one = await runCli(['compare', '--articles', ids.get('000') as string, '--db', db]);
    expect(one.stderr).toMatch(/--articles: give two article ids or more.*DOSSIER_E_OPTION/);
    const unknown = await runCli(['compare', '--articles', `${ids.get('000')},ffffffffffff`, '--db', db]);
    expect(unknown.stderr).toMatch(/--articles: no article with id ffffffffffff.*DOSSIER_E_NOT_FOUND/);
    const empty = await runCli(['compare', '--articles', `${ids.get('000')}=,${ids.get('001')}`, '--db', db]);
    expect(empty.stderr).toMatch(/is not ID or ID=OUTLET.*DOSSIER_E_OPTION/);
  });
});
