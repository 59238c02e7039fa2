import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, SEEDS, tempDir } from './helpers/cli.js';

describe('the seeds, end to end through the CLI', () => {
  const db = join(tempDir(), 'seeds.db');

  it('stores the five seed articles, then none again', async () => {
    const first = await runCli(['ingest', SEEDS, '--db', db, '--json']);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ read: 5, new: 5, present: 0, failed: 0 });
    const again = await runCli(['ingest', SEEDS, '--db', db, '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 5, new: 0, present: 5, failed: 0 });
  });

  it('ranks the articles that mention Patriot missiles, as JSON lines', async () => {
    const { status, stdout } = await runCli(['search', 'Patriot', '--db', db, '--json']);
    expect(status).toBe(0);
    const hits = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // seeds 000, 002 and 004 mention Patriot; 001 and 003 do not
    expect(hits).toHaveLength(3);
    for (const hit of hits) {
      const [s, e] = hit.highlights[0];
      expect(hit.snippet.slice(s, e).toLowerCase()).toBe('patriot');
    }
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[2].score);
  });

  it('lists articles and shows one with its body', async () => {
    const list = await runCli(['articles', '--db', db, '--json']);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(5);
    // 002 says `Also on rt.com`: stored under RT, the outlet of that host, beside 000's `Source: RT`
    expect(rows.filter((r) => r.outlet === 'RT')).toHaveLength(2);
    const rt = rows.find((r) => r.outlet === 'RT' && /^US offered Ankara intelligence on Idlib/.test(r.title));
    const shown = await runCli(['show', rt.id, '--db', db, '--json']);
    const article = JSON.parse(shown.stdout);
    expect(article.body).toContain('Foreign Minister Mevlut Cavusoglu has claimed');
    expect(article.body).not.toContain('Please enter your comment');
    expect(article.removed.map((r: { reason: string }) => r.reason)).toContain('comment-prompt');
  });
});

describe('ingest --no-link', () => {
  it('stores articles without computing stories, and dossier link computes them later', async () => {
    const db = join(tempDir(), 'nolink.db');
    const ingest = await runCli(['ingest', SEEDS, '--db', db, '--no-link', '--quiet']);
    expect(ingest.status).toBe(0);
    expect(ingest.stdout).not.toMatch(/stories/);
    const before = await runCli(['stories', '--db', db, '--json']);
    expect(before.stdout.trim()).toBe('');
    expect(before.stderr).toContain('dossier link');
    expect((await runCli(['link', '--db', db])).status).toBe(0);
    const after = await runCli(['stories', '--db', db, '--json']);
    expect(after.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });
});
