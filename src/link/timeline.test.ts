import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import { extract } from '../extract/index.js';
import type { Analysis } from '../types.js';
import { type StoryArticle, storyLabel, storySummary, storyTimeline, timelineOptions } from './timeline.js';

const SEEDS = new URL('../../../shared/seeds/', import.meta.url);
/** Dates the seed pages state (see cluster.test.ts). */
const SEED_DATES: Record<string, string> = {
  '000': '2020-02-18',
  '001': '2020-02-17',
  '002': '2021-03-24',
  '003': '2020-02-28',
  '004': '2023-01-06',
};

function seedArticles(keys: readonly string[]): StoryArticle[] {
  return readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt') && keys.includes(f.slice(0, 3)))
    .sort()
    .map((f) => {
      const e = extract({ source: f, kind: 'text', content: readFileSync(new URL(f, SEEDS), 'utf8'), rawHash: f });
      const id = f.slice(0, 3);
      const published = SEED_DATES[id] as string;
      return {
        id,
        title: e.title?.value ?? '',
        body: e.body,
        outlet: `outlet-${id}`,
        published,
        analysis: analyze(e.body, { published }),
      };
    });
}

function article(id: string, outlet: string, published: string, title: string, body: string): StoryArticle {
  return { id, title, body, outlet, published, analysis: analyze(body, { published }) };
}

describe('storyTimeline on the early-2020 Idlib seeds', () => {
  const arts = seedArticles(['000', '001', '003']);
  const events = storyTimeline(arts);

  it('orders dated events and cites the sentence that dates each', () => {
    const starts = events.map((e) => e.range.start);
    expect([...starts].sort()).toEqual(starts);
    for (const e of events) {
      expect(['day', 'month', 'season']).toContain(e.granularity);
      const first = e.citations[0];
      const body = arts.find((a) => a.id === first?.articleId)?.body ?? '';
      expect(body.slice(first?.start, first?.end)).toBe(e.text);
      expect(e.citations.every((c) => c.end > c.start)).toBe(true);
    }
    const phoneCall = events.find((e) => e.text.startsWith('On February 28th, Russian President Vladimir Putin'));
    expect(phoneCall?.date).toBe('2020-02-28');
    expect(phoneCall?.citations[0]?.articleId).toBe('003');
    // the 2018 de-escalation agreement comes first, the March 5th summit last
    expect(events[0]?.date).toBe('2018-09');
    expect(events.at(-1)?.date).toBe('2020-03-05');
  });

  it('gives the same timeline whatever the order of the articles', () => {
    expect(JSON.stringify(storyTimeline([...arts].reverse()))).toBe(JSON.stringify(events));
  });
});

describe('storyTimeline across outlets', () => {
  it('tells one dated event once, citing every outlet that reports it', () => {
    const a = article(
      'a',
      'Outlet A',
      '2020-03-06',
      'Ceasefire in Idlib',
      'Russia and Turkey agreed a ceasefire in Idlib on Thursday after talks in Moscow. Markets were calm.',
    );
    const b = article(
      'b',
      'Outlet B',
      '2020-03-06',
      'Idlib truce',
      'On Thursday, Turkey and Russia agreed to a ceasefire in Syria’s Idlib province following Moscow talks.',
    );
    const events = storyTimeline([a, b]);
    const day = events.filter((e) => e.date === '2020-03-05');
    expect(day).toHaveLength(1);
    expect(day[0]?.citations.map((c) => c.outlet).sort()).toEqual(['Outlet A', 'Outlet B']);
  });

  it('skips analyses with spans outside the body and bad time ranges without throwing', () => {
    const odd: Analysis = {
      version: 'x',
      reference: { value: null, estimated: false },
      tokens: 0,
      sentences: [{ start: 0, end: 500 }],
      entities: [],
      times: [
        {
          start: 0,
          end: 4,
          type: 'DATE',
          text: 'x',
          value: '2020-01-01',
          granularity: 'day',
          range: { start: '2020-01-01', end: '2020-01-02' },
          relative: false,
        },
      ],
      amounts: [],
    };
    const bad = { id: 'x', title: '', body: 'tiny', outlet: null, published: null, analysis: odd };
    expect(storyTimeline([bad])).toEqual([]);
    expect(storySummary([bad]).sentences).toEqual([]);
    expect(() => timelineOptions({ summarySentences: 0 })).toThrow(RangeError);
  });
});

describe('storySummary', () => {
  const arts = seedArticles(['000', '001', '002', '003', '004']);

  it('labels the story with the terms its articles share', () => {
    const label = storyLabel(arts);
    expect(label).toContain('s-400');
    expect(label).toHaveLength(4);
  });

  it('picks distinct sentences, each citing its source spans', () => {
    const s = storySummary(arts, { summarySentences: 4 });
    expect(s.sentences).toHaveLength(4);
    expect(new Set(s.sentences.map((x) => x.text)).size).toBe(4);
    for (const x of s.sentences) {
      const c = x.citations[0];
      const body = arts.find((a) => a.id === c?.articleId)?.body ?? '';
      expect(body.slice(c?.start, c?.end)).toBe(x.text);
    }
  });

  it('merges a sentence several outlets carry into one line citing them all', () => {
    const lead =
      'Turkey will not abandon its S-400 deal with Russia despite American sanctions, its defence minister said.';
    const a = article('a', 'Outlet A', '2021-01-02', 'Turkey keeps S-400', `${lead} Other news followed here today.`);
    const b = article(
      'b',
      'Outlet B',
      '2021-01-03',
      'S-400 stays',
      'Turkey will not abandon the S-400 deal with Russia despite US sanctions, the defence minister said on Sunday. Weather was fine.',
    );
    const s = storySummary([a, b], { summarySentences: 3 });
    const line = s.sentences.find((x) => x.text.includes('S-400'));
    expect(line?.citations.map((c) => c.articleId).sort()).toEqual(['a', 'b']);
    expect(s.sentences.filter((x) => x.text.includes('S-400'))).toHaveLength(1);
  });
});
