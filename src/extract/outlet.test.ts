import { describe, expect, it } from 'vitest';
import type { RemovedPart } from '../types.js';
import { extract } from './index.js';
import { isOutletOfText, outletOfText } from './outlet.js';

const read = (removed: RemovedPart[], canonicalUrl: string | null = null) => outletOfText({ removed, canonicalUrl });

describe('outletOfText', () => {
  it('reads the site of a cross-promotion line, without www', () => {
    expect(read([{ text: 'Also on www.rt.com EU must stop playing for time', reason: 'cross-promotion' }])).toEqual({
      value: 'rt.com',
      via: 'furniture:cross-promotion',
      confidence: 0.45,
    });
  });

  it('prefers the stated canonical address to furniture', () => {
    const found = read(
      [{ text: 'Also on rt.com Headline', reason: 'cross-promotion' }],
      'https://www.tidewater.example/news/1',
    );
    expect(found).toMatchObject({ value: 'tidewater.example', via: 'url:canonical' });
  });

  it('reads a follow prompt and a byline outlet, not "us"', () => {
    expect(read([{ text: 'Follow Meridian Wire on Telegram', reason: 'follow-prompt' }])?.value).toBe('Meridian Wire');
    expect(read([{ text: 'Follow us on Twitter', reason: 'follow-prompt' }])).toBeNull();
    expect(read([{ text: 'By Jane Doe | The Daily Planet', reason: 'byline' }])).toMatchObject({
      value: 'The Daily Planet',
      via: 'furniture:byline',
    });
  });

  it('reads a printed address only when it is the one host printed', () => {
    const own = { text: 'https://www.ctpost.example/news/article/x-1.php', reason: 'url' };
    expect(read([own])?.value).toBe('ctpost.example');
    expect(read([own, { text: 'https://other.example/a', reason: 'url' }])).toBeNull();
    // a platform is never the page's site
    expect(read([{ text: 'https://twitter.com/someone/status/1', reason: 'url' }])).toBeNull();
  });

  it('reads a host only when two furniture parts write it, never from the body', () => {
    const a = { text: 'Read more at dailyplanet.example', reason: 'related' };
    const b = { text: 'Contact: desk@dailyplanet.example', reason: 'footer' };
    expect(read([a])).toBeNull();
    expect(read([a, b])).toMatchObject({ value: 'dailyplanet.example', via: 'furniture:host' });
    expect(
      read([
        { text: 'photo.jpg photo.jpg', reason: 'caption' },
        { text: 'photo.jpg', reason: 'caption' },
      ]),
    ).toBeNull();
  });

  it('stays fast on hostile furniture (a 400 kB run of host-like pieces)', () => {
    const text = 'a-'.repeat(200_000);
    const t = performance.now();
    expect(
      read([
        { text, reason: 'aside' },
        { text, reason: 'footer' },
        { text: `Also on ${text}`, reason: 'x' },
      ]),
    ).toBeNull();
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('names nothing from captions or copyright credits of photos', () => {
    expect(read([{ text: 'Image copyright Getty Images', reason: 'caption' }])).toBeNull();
    expect(read([])).toBeNull();
  });
});

describe('extract: outlet from the text when no field gives it', () => {
  const record = (content: string, outlet?: string) => ({
    source: 'x.txt',
    kind: 'text' as const,
    content,
    rawHash: '',
    ...(outlet ? { given: { outlet } } : {}),
  });
  const body =
    'Turkey has refused to give up its S-400 systems, the foreign minister said on Tuesday.Also on rt.com EU must stop playing for time, Turkey saysAnkara has repeatedly refused to abandon its deal with Russia.';

  it('sets the outlet of a scraped text from its cross-promotion line', () => {
    const x = extract(record(body));
    expect(x.outlet).toMatchObject({ value: 'rt.com', via: 'furniture:cross-promotion' });
    expect(isOutletOfText(x.outlet!.via)).toBe(true);
  });

  it('a source line and a given outlet win over it', () => {
    expect(extract(record(`${body}\n\nSource: Meridian Wire`)).outlet).toMatchObject({ value: 'Meridian Wire' });
    expect(extract(record(body, 'The Daily Planet')).outlet).toMatchObject({ value: 'The Daily Planet' });
  });
});
