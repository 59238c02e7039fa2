/**
 * The generated corpus of the analyze benchmarks (`bench/analyze.ts`,
 * `bench/analyze-compare.ts`): paragraphs of the five seed articles and of
 * GUM's news documents (read in place), shuffled into articles of eight
 * paragraphs by a seeded generator until `target` tokens (our tokenizer's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../src/analyze/tokenize.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const shared = join(root, '..', 'shared');

function paragraphs(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(shared, 'seeds')).sort()) {
    out.push(...readFileSync(join(shared, 'seeds', f), 'utf8').split(/\n\s*\n/));
  }
  const gum = join(shared, 'data', 'gum', 'conllu');
  for (const f of readdirSync(gum).sort()) {
    if (!f.includes('_news_')) continue;
    for (const line of readFileSync(join(gum, f), 'utf8').split('\n'))
      if (line.startsWith('# text = ')) out.push(line.slice(9));
  }
  return out.map((p) => p.trim()).filter((p) => p.length > 40);
}

/** Articles until `target` tokens, the same ones on every call; `tokens` counts them. */
export function benchArticles(target: number): { articles: string[]; tokens: number } {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pool = paragraphs();
  const articles: string[] = [];
  let tokens = 0;
  while (tokens < target) {
    const parts: string[] = [];
    for (let k = 0; k < 8; k++) parts.push(pool[Math.floor(random() * pool.length)] as string);
    const body = parts.join('\n\n');
    articles.push(body);
    tokens += tokenize(body).length;
  }
  return { articles, tokens };
}
