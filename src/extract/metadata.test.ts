import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { chooseLanguage, detectLanguage, primaryLanguage } from './language.js';
import { cleanAuthors, extractMetadata, stripSiteName } from './metadata.js';

const meta = (head: string, body = '', url?: string) =>
  extractMetadata(parseDocument(`<html><head>${head}</head><body>${body}</body></html>`), url);

describe('title', () => {
  it('takes the site name off either end of <title>', () => {
    expect(stripSiteName('Ferry fares rise again | The Tidewater Post', 'The Tidewater Post')).toBe(
      'Ferry fares rise again',
    );
    expect(stripSiteName('Tidewater Post - Ferry fares rise again', 'Tidewater Post')).toBe('Ferry fares rise again');
    expect(stripSiteName('Ferry fares rise again on the north route - Tidewater')).toBe(
      'Ferry fares rise again on the north route',
    );
  });
  it('keeps a colon headline whole', () => {
    expect(stripSiteName('Ferries: fares rise again', 'Tidewater Post')).toBe('Ferries: fares rise again');
  });
  it('says where the title came from, and that the site name was removed', () => {
    const m = meta(
      '<title>Ferry fares rise | Tidewater Post</title><meta property="og:site_name" content="Tidewater Post">',
    );
    expect(m.title).toEqual({ value: 'Ferry fares rise', via: 'html:title:site-name-removed', confidence: 0.6 });
  });
  it('decodes character references left in JSON-LD', () => {
    const m = meta(
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferries don&#39;t run"}</script>',
    );
    expect(m.title?.value).toBe("Ferries don't run");
  });
});

describe('dates', () => {
  it('prefers JSON-LD and keeps the timezone', () => {
    const m = meta(
      '<meta property="article:published_time" content="2030-05-01T10:00:00Z"><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2030-05-01T12:00:00+02:00","dateModified":"2030-05-02T08:30:00+02:00"}]}</script>',
    );
    expect(m.published).toEqual({ value: '2030-05-01T12:00:00+02:00', via: 'json-ld:datePublished', confidence: 0.95 });
    expect(m.modified?.value).toBe('2030-05-02T08:30:00+02:00');
  });
  it('falls back to <time>, then a visible date line, then the URL', () => {
    expect(meta('', '<time datetime="2030-06-07T09:00:00-04:00">June 7</time>').published).toMatchObject({
      value: '2030-06-07T09:00:00-04:00',
      via: 'html:time',
    });
    expect(meta('', '<div class="article-date">Updated June 8, 2030</div>').published).toMatchObject({
      value: '2030-06-08',
      via: 'text:date-line',
    });
    expect(meta('', '', 'https://x.example/2030/nov/09/story').published).toMatchObject({
      value: '2030-11-09',
      via: 'url:path',
    });
  });
});

describe('authors', () => {
  it('drops staff credits, agencies, the outlet and its desks; splits lists', () => {
    expect(cleanAuthors(['By Staff'], 'Tidewater Post')).toEqual([]);
    expect(cleanAuthors(['Reuters'], null)).toEqual([]);
    expect(cleanAuthors(['Tidewater Post', 'Tidewater Post Business'], 'Tidewater Post')).toEqual([]);
    expect(cleanAuthors(['By Lena Ostrova and Piet de Wit'], null)).toEqual(['Lena Ostrova', 'Piet de Wit']);
    expect(cleanAuthors(['Sarah E. Hollins'], null)).toEqual(['Sarah E. Hollins']);
  });
  it('skips Organization authors in JSON-LD', () => {
    const m = meta(
      '<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Organization","name":"Tidewater Post"},{"@type":"Person","name":"Lena Ostrova"}]}</script>',
    );
    expect(m.authors).toEqual({ value: ['Lena Ostrova'], via: 'json-ld:author', confidence: 0.9 });
  });
  it('reads a byline element when nothing structured is there', () => {
    expect(
      meta('', '<span class="byline"><b>By LENA OSTROVA</b><i>Associated Press</i></span>').authors?.value,
    ).toEqual(['LENA OSTROVA']);
  });
});

describe('outlet, canonical URL, section, tags', () => {
  it('uses og:site_name, else the JSON-LD publisher, else the host', () => {
    expect(meta('<meta property="og:site_name" content="@tidewater">').outlet?.value).toBe('tidewater');
    expect(
      meta('<script type="application/ld+json">{"@type":"Article","publisher":{"name":"Tidewater Post"}}</script>')
        .outlet,
    ).toMatchObject({ value: 'Tidewater Post', via: 'json-ld:publisher' });
    expect(meta('', '', 'https://www.tidewater.example/a').outlet).toEqual({
      value: 'tidewater.example',
      via: 'url:host',
      confidence: 0.5,
    });
  });
  it('resolves a relative canonical link against the page URL', () => {
    expect(meta('<link rel="canonical" href="/news/a">', '', 'https://t.example/x?y=1').canonicalUrl?.value).toBe(
      'https://t.example/news/a',
    );
  });
  it('reads section and tags', () => {
    const m = meta(
      '<meta property="article:section" content="Transport"><meta property="article:tag" content="ferries"><meta property="article:tag" content="fares">',
    );
    expect(m.section?.value).toBe('Transport');
    expect(m.tags?.value).toEqual(['ferries', 'fares']);
  });
});

describe('language', () => {
  it('normalises declared tags', () => {
    expect(primaryLanguage('pt-BR')).toBe('pt');
    expect(primaryLanguage('EN_gb')).toBe('en');
    expect(primaryLanguage('not a tag')).toBeNull();
  });
  it('detects the body language and raises confidence when the page agrees', () => {
    const text = 'Die Fähre fährt ab Montag wieder nach dem alten Fahrplan, teilte die Reederei am Freitag mit.';
    expect(detectLanguage(text)?.value).toBe('de');
    const declared = { value: 'de', via: 'html:lang', confidence: 0.7 };
    expect(chooseLanguage(text, declared)).toMatchObject({
      value: 'de',
      via: 'detect:eld+html:lang',
      confidence: 0.95,
    });
  });
  it('keeps the declared language when the body is too short to detect', () => {
    const declared = { value: 'fr', via: 'html:lang', confidence: 0.7 };
    expect(chooseLanguage('Oui.', declared)).toBe(declared);
  });
});
