import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, SEEDS, tempDir } from './helpers/cli.js';

/** `dossier ingest` analyses what it stored; the entity and quote commands read the stored analyses. */

interface QuoteLine {
  article: { id: string; outlet: string | null };
  kind: string;
  text: string;
  speaker: { name: string | null; entity: string | null; mention: string | null };
  start: number;
  end: number;
}

function lines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

describe('stored analyses on the seeds', () => {
  const db = join(tempDir(), 'seeds.db');
  let ingestOut = '';

  beforeAll(async () => {
    const run = await runCli(['ingest', SEEDS, '--db', db, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    ingestOut = run.stdout;
  }, 60_000);

  it('ingest analyses every new article once', async () => {
    expect(ingestOut).toMatch(/analyzed 5 articles/);
    const again = await runCli(['analyze', '--pending', '--db', db, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ analyzed: 0 });
  });

  it('lists quotes by a speaker named by surname, with offsets into the article body', async () => {
    const run = await runCli(['quotes', '--speaker', 'Çavuşoğlu', '--db', db, '--json', '--limit', '100']);
    expect(run.status, run.stderr).toBe(0);
    const quotes = lines<QuoteLine>(run.stdout);
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(quotes.map((q) => q.article.id)).size).toBeGreaterThanOrEqual(2);
    for (const q of quotes) expect(q.speaker.name).toMatch(/Cavusoglu/);
    const direct = quotes.find((q) => q.kind === 'direct' && q.text.includes('two different issues'));
    expect(direct).toBeDefined();
    const shown = await runCli(['show', direct?.article.id ?? '', '--db', db, '--json']);
    const body = (JSON.parse(shown.stdout) as { body: string }).body;
    expect(body.slice(direct?.start, direct?.end)).toContain('They’re two different issues');
  });

  it('finds an entity under another spelling and shows its outlets and quotes', async () => {
    const run = await runCli(['entity', 'mevlut çavuşoğlu', '--db', db, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const entity = JSON.parse(run.stdout) as {
      name: string;
      type: string;
      articles: number;
      aliases: Array<{ text: string }>;
      roles: Array<{ role: string; first: string | null }>;
      quotes: Array<{ article: { id: string } }>;
    };
    expect(entity).toMatchObject({ name: 'Mevlut Cavusoglu', type: 'PERSON' });
    // his surname alone belongs to him through the article's chain
    expect(entity.articles).toBeGreaterThanOrEqual(4);
    expect(entity.aliases.map((a) => a.text)).toContain('Cavusoglu');
    // roles from titles and appositions, dated by the article
    expect(entity.roles.find((r) => /Foreign Minister/.test(r.role) && r.first === '2020-02-17')).toBeDefined();
    const bySurname = await runCli(['entity', 'Çavuşoğlu', '--db', db, '--json']);
    expect(JSON.parse(bySurname.stdout)).toMatchObject({ name: 'Mevlut Cavusoglu' });
    // his words in four of the five seeds, whether he is named, `the minister` or `he` where they are
    expect(new Set(entity.quotes.map((q) => q.article.id)).size).toBeGreaterThanOrEqual(4);
    const text = await runCli(['entity', 'Mevlut Cavusoglu', '--db', db]);
    expect(text.stdout).toMatch(/^entity {4}Mevlut Cavusoglu {2}\(PERSON/);
    const missing = await runCli(['entity', 'Nobody Atall', '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no entity named Nobody Atall/);
  });

  it('lists entities by type, most articles first', async () => {
    const run = await runCli(['entities', '--type', 'PRODUCT', '--db', db, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const rows = lines<{ name: string; type: string; articles: number }>(run.stdout);
    expect(rows.map((r) => r.name)).toContain('S-400');
    expect(rows.every((r) => r.type === 'PRODUCT')).toBe(true);
    const counts = rows.map((r) => r.articles);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const bad = await runCli(['entities', '--type', 'PLANET', '--db', db]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/PLANET/);
  });

  it('leaves analysis to a later run with --no-analyze, and says so', async () => {
    const later = join(tempDir(), 'later.db');
    const run = await runCli(['ingest', SEEDS, '--db', later, '--quiet', '--no-analyze', '--no-link']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/analyzed/);
    const listed = await runCli(['quotes', '--db', later]);
    expect(listed.stderr).toMatch(/5 articles have no current analysis; run: dossier analyze --pending/);
    const pending = await runCli(['analyze', '--pending', '--db', later, '--json', '--quiet']);
    expect(pending.status, pending.stderr).toBe(0);
    expect(JSON.parse(pending.stdout)).toMatchObject({ analyzed: 5, interrupted: false });
  });

  it('links the articles that carry one claim, each statement pointing into its article', async () => {
    const run = await runCli(['claims', '--db', db, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const claims = lines<{ id: string; text: string; articles: number }>(run.stdout);
    const nato = claims.find((c) => /integrated into NATO/i.test(c.text));
    const patriot = claims.find((c) => /Patriot/.test(c.text));
    expect(nato?.articles).toBeGreaterThanOrEqual(3);
    expect(patriot?.articles).toBeGreaterThanOrEqual(2);
    const one = await runCli(['claim', nato?.id ?? '', '--db', db, '--json']);
    const claim = JSON.parse(one.stdout) as {
      statements: Array<{ article: string; start: number; end: number; text: string }>;
    };
    expect(new Set(claim.statements.map((st) => st.article)).size).toBe(nato?.articles);
    for (const st of claim.statements) {
      const body = (JSON.parse((await runCli(['show', st.article, '--db', db, '--json'])).stdout) as { body: string })
        .body;
      expect(body.slice(st.start, st.end)).toBe(st.text);
    }
    const byEntity = await runCli(['claims', '--entity', 'Patriot', '--db', db, '--json']);
    expect(lines<{ text: string }>(byEntity.stdout).every((c) => /patriot/i.test(JSON.stringify(c)))).toBe(true);
  });
});
