import { describe, expect, it } from 'vitest';
import type { Article, OutletAlias } from '../types.js';
import {
  articleOutletPairs,
  lettersMatch,
  looselyMatch,
  outletAliases,
  outletNamer,
  outletSpelling,
  unqualified,
} from './outlet-names.js';

const named = (aliases: OutletAlias[]) => Object.fromEntries(aliases.map((a) => [a.alias, a.outlet]));

describe('one outlet, many spellings', () => {
  it('spells a host without www. in lower case, and reads a name before its qualifier', () => {
    expect(outletSpelling(' WWW.RT.com ')).toBe('rt.com');
    expect(outletSpelling('Middle  East Monitor')).toBe('Middle East Monitor');
    expect(unqualified('RT (Russia Today)')).toBe('RT');
    expect(unqualified('Fox News (Online News)')).toBe('Fox News');
    expect(unqualified('RT')).toBeNull();
  });

  it('joins a host to the name of its letters, with or without a leading The, and never by the suffix alone', () => {
    expect(lettersMatch('rt.com', 'RT')).toBe(true);
    expect(lettersMatch('www.middleeastmonitor.com', 'Middle East Monitor')).toBe(true);
    expect(lettersMatch('bbc.co.uk', 'BBC')).toBe(true);
    expect(lettersMatch('guardian.co.uk', 'The Guardian')).toBe(true);
    expect(lettersMatch('rt.com', 'Com')).toBe(false);
    expect(lettersMatch('rt.com', 'rt.com')).toBe(false);
    expect(lettersMatch('msn.com', 'CNN')).toBe(false);
    // looser, for a name and a host one article gives: its initials or first word start the host
    expect(looselyMatch('nytimes.com', 'The New York Times')).toBe(true);
    expect(looselyMatch('foxnews.com', 'Fox News Channel')).toBe(true);
    expect(looselyMatch('msn.com', 'CNN')).toBe(false);
    expect(looselyMatch('t.co', 'The Times')).toBe(false);
  });

  it('maps each spelling to one name: a name over a host, unqualified, shortest; whatever the order', () => {
    const known = [
      'rt.com',
      'RT (Russia Today)',
      'RT',
      'www.middleeastmonitor.com',
      'Middle East Monitor',
      'SouthFront',
    ];
    const aliases = outletAliases(known, [], []);
    expect(named(aliases)).toEqual({
      'rt.com': 'RT',
      'RT (Russia Today)': 'RT',
      'middleeastmonitor.com': 'Middle East Monitor',
    });
    expect(aliases.every((a) => a.by === 'text')).toBe(true);
    expect(named(outletAliases([...known].reverse(), [], []))).toEqual(named(aliases));
    // `Fox News (Online News)` alone still goes by `Fox News`, a name no article wrote yet
    expect(named(outletAliases(['Fox News (Online News)', 'foxnews.com'], [], []))).toEqual({
      'Fox News (Online News)': 'Fox News',
      'foxnews.com': 'Fox News',
    });
    // stored rows that already say so are not put again
    expect(outletAliases(known, aliases, [])).toEqual([]);
  });

  it("keeps a user's choice of name, the latest one first, and joins the pairs one article gives", () => {
    const user = outletAliases(['RT', 'rt.com'], [], [['RT', 'Russia Today', 'user']]);
    expect(named(user)).toEqual({ RT: 'Russia Today', 'rt.com': 'Russia Today' });
    expect(user.find((a) => a.alias === 'RT')?.by).toBe('user');
    // later evidence keeps the user's name
    expect(named(outletAliases(['RT', 'rt.com', 'russiatoday.com'], user, []))).toEqual({
      'russiatoday.com': 'Russia Today',
    });
    // the user turns it round: the latest choice wins
    expect(named(outletAliases(['RT', 'rt.com'], user, [['Russia Today', 'RT', 'user']]))).toEqual({
      'Russia Today': 'RT',
      'rt.com': 'RT',
    });
    // a pair one article gives joins what letters alone do not
    expect(
      named(outletAliases(['nytimes.com', 'The New York Times'], [], [['nytimes.com', 'The New York Times']])),
    ).toEqual({ 'nytimes.com': 'The New York Times' });
    expect(outletAliases(['nytimes.com', 'The New York Times'], [], [])).toEqual([]);
  });

  it("reads the pairs from an article's named outlet and its own addresses and furniture, not its body", () => {
    const article = (outlet: string | null, canonicalUrl: string | null, removed: Article['removed'] = []) =>
      ({
        outlet: outlet ? { value: outlet, via: 'test', confidence: 1 } : null,
        canonicalUrl,
        removed,
        sources: [
          { source: 'a.html', url: null, rawHash: 'x', charset: 'utf-8', outlet, title: null, published: null },
        ],
      }) as Pick<Article, 'outlet' | 'sources' | 'removed' | 'canonicalUrl'>;
    expect(articleOutletPairs(article('The New York Times', 'https://www.nytimes.com/2020/a.html'))).toEqual([
      ['nytimes.com', 'The New York Times'],
    ]);
    expect(articleOutletPairs(article('CNN', 'https://www.msn.com/en-us/news/a'))).toEqual([]);
    expect(
      articleOutletPairs(article('RT', null, [{ text: 'Also on rt.com Some headline', reason: 'cross-promotion' }])),
    ).toEqual([['rt.com', 'RT']]);
  });

  it('names the spellings in view as the stored aliases and the same rules would', () => {
    const name = outletNamer(
      ['middleeastmonitor.com', 'Middle East Monitor'],
      [{ alias: 'rt.com', outlet: 'RT', by: 'text' }],
    );
    expect(name('www.rt.com')).toBe('RT');
    expect(name('middleeastmonitor.com')).toBe('Middle East Monitor');
    expect(name('SouthFront')).toBe('SouthFront');
  });
});
