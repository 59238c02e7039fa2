import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

interface Ev {
  article: string;
  start: number;
  end: number;
}

/** `dossier compare` over the demo corpus in examples/: the Aldport ceasefire told by four outlets. */
describe('dossier compare on the demo corpus', () => {
  const db = join(tempDir('dossier-compare-'), 'demo.db');
  let story = '';

  beforeAll(async () => {
    const r = await runCli(['ingest', join(ROOT, 'examples'), '--db', db, '--no-fetch', '-q']);
    expect([0, 2], r.stderr).toContain(r.status);
    const list = await runCli(['stories', '--db', db, '--json', '--min-articles', '4']);
    const stories = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; label: string; outlets: string[] });
    story = stories.find((s) => /ceasefire/.test(s.label))?.id ?? '';
    expect(story).not.toBe('');
  });

  it('prints JSON whose every cell, term, label and voice points at a sentence of a stored article', async () => {
    const r = await runCli(['compare', story, '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.outlets.length).toBeGreaterThanOrEqual(3);
    const evidence: Ev[] = [
      ...c.facts.flatMap((f: { cells: Record<string, { evidence: Ev[] }> }) =>
        Object.values(f.cells).flatMap((x) => x.evidence),
      ),
      ...c.byOutlet.flatMap((o: { framing: Array<{ evidence: Ev[] }>; voices: Array<{ evidence: Ev[] }> }) => [
        ...o.framing.flatMap((t) => t.evidence),
        ...o.voices.flatMap((v) => v.evidence),
      ]),
    ];
    expect(evidence.length).toBeGreaterThan(20);
    const bodies = new Map<string, string>();
    for (const id of new Set(evidence.map((e) => e.article))) {
      const show = await runCli(['show', id, '--db', db, '--json']);
      bodies.set(id, (JSON.parse(show.stdout) as { body: string }).body);
    }
    for (const e of evidence) {
      const body = bodies.get(e.article) as string;
      expect(e.end).toBeLessThanOrEqual(body.length);
      expect(body.slice(e.start, e.end).trim().length).toBeGreaterThan(0);
    }
    // the Foreign Minister spelt Yıldırım by one outlet and Yildirim by others is one voice
    const yildirim = c.facts.find((f: { id: string }) => f.id === 'quote:kerem yildirim');
    expect(yildirim?.outlets.length).toBeGreaterThanOrEqual(3);
  });

  it('prints a terminal view and keeps to the outlets asked for', async () => {
    const text = await runCli(['compare', story, '--db', db, '--outlets', 'Continental Wire,Valdara Today']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^coverage/m);
    expect(text.stdout).toMatch(/tone \(lexicon-based\)/);
    expect(text.stdout).not.toMatch(/Frontline Truth/);
    const none = await runCli(['compare', story, '--db', db, '--outlets', 'No Such Outlet']);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/DOSSIER_E_NOT_FOUND/);
    const missing = await runCli(['compare', 'ffffffffffff', '--db', db]);
    expect(missing.status).not.toBe(0);
  });

  it('profiles one outlet over its shared stories and sets two outlets side by side', async () => {
    const profile = await runCli(['outlet', 'continental wire', '--db', db, '--json']);
    expect(profile.status, profile.stderr).toBe(0);
    const p = JSON.parse(profile.stdout);
    expect(p.outlet).toBe('Continental Wire');
    expect(p.stories).toContain(story);
    expect(p.voices.length).toBeGreaterThan(0);
    for (const v of p.voices) for (const e of v.evidence) expect(p.stories).toContain(e.story);
    const vs = await runCli(['outlets', '--vs', 'Continental Wire', 'The Daily Klaxon', '--db', db, '--json']);
    expect(vs.status, vs.stderr).toBe(0);
    const v = JSON.parse(vs.stdout);
    expect(v.a.stories).toEqual(v.b.stories);
    expect(v.a.stories).toContain(story);
    expect(v.facts.both + v.facts.onlyA + v.facts.onlyB).toBeGreaterThan(0);
    const none = await runCli(['outlet', 'No Such Outlet', '--db', db]);
    expect(none.stderr).toMatch(/DOSSIER_E_NOT_FOUND/);
  });
});
