import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import { differences } from './groups.js';
import { compareStory } from './index.js';
import type { CompareArticle, Referent } from './types.js';

const article = (outlet: string, body: string): CompareArticle => ({
  id: outlet.toLowerCase(),
  outlet,
  published: '2020-02-20',
  title: null,
  body,
  analysis: analyze(body, { published: '2020-02-20' }),
});

const groups = (articles: CompareArticle[]): Referent[] =>
  compareStory({ articles }).referents.filter((r) => r.kind === 'group');

const labels = (r: Referent | undefined, outlet: string) => r?.labels[outlet]?.map((l) => l.label) ?? [];

describe('group labels', () => {
  it('finds the nouns outlets swap in sentences matched as one fact, citing the sentences (aligned)', () => {
    const tail = 'The ministry gave no figure for the dead.';
    const articles = [
      article('A', `Government troops fired on the militants near the border town of Saraqib on Tuesday. ${tail}`),
      article('B', `Government troops fired on the terrorists near the border town of Saraqib on Tuesday. ${tail}`),
      article('C', `Government troops fired on armed rebels near the border town of Saraqib on Tuesday. ${tail}`),
    ];
    const g = groups(articles);
    expect(g).toHaveLength(1);
    expect(labels(g[0], 'A')).toEqual(['militants']);
    expect(labels(g[0], 'B')).toEqual(['terrorists']);
    expect(labels(g[0], 'C')).toEqual(['armed rebels']);
    const e = g[0]?.labels.B?.[0]?.evidence[0];
    expect(articles[1]?.body.slice(e?.start, e?.end)).toContain('fired on the terrorists');
  });

  it('labels a named group with the plural nouns each outlet puts after its name (named)', () => {
    const g = groups([
      article('A', 'Tea Party protesters gathered outside the hall on Monday.'),
      article('B', 'Police said that Tea Party activists later marched to the capitol.'),
    ]);
    expect(g.map((r) => r.key)).toEqual(['tea party']);
    expect(labels(g[0], 'A')).toEqual(['Tea Party protesters']);
    expect(labels(g[0], 'B')).toEqual(['Tea Party activists']);
  });

  it('takes no verb for a group noun, nor a group every outlet names alike', () => {
    const g = groups([
      article('A', 'Trump claims the count was rigged, and Hamas militants fired rockets on Sunday.'),
      article('B', 'Trump says the count was rigged, and Hamas militants fired rockets on Sunday.'),
    ]);
    expect(g).toEqual([]);
  });

  it('aligns two word sequences on their common words and reports one- and two-word differences', () => {
    expect(differences(['troop', 'fire', 'militant', 'near'], ['troop', 'fire', 'terrorist', 'near'])).toEqual([
      [[2], [2]],
    ]);
    expect(differences(['a', 'b', 'c', 'd', 'e'], ['x', 'y', 'z', 'e'])).toEqual([]);
    expect(differences(['a'], ['b'])).toEqual([]);
  });
});
