import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractHtml } from './html.js';
import { limitDepth } from './html-depth.js';
import { extract } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'html');

interface Expected {
  url: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  modified: string | null;
  authors: string[];
  language: string | null;
  canonicalUrl: string | null;
  section: string | null;
  tags: string[] | null;
  body: string[];
  removedReasons: string[];
}

describe('golden pages', () => {
  for (const name of readdirSync(FIXTURES)) {
    it(name, () => {
      const html = readFileSync(join(FIXTURES, name, 'input.html'), 'utf8');
      const want = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const x = extractHtml(html, want.url);
      const e = extract({ source: name, url: want.url, kind: 'html', content: html, rawHash: '' });
      expect(e.body.split('\n\n')).toEqual(want.body);
      expect({
        title: x.title?.value ?? null,
        outlet: x.outlet?.value ?? null,
        published: x.published?.value ?? null,
        modified: x.modified?.value ?? null,
        authors: x.authors,
        language: e.language?.value ?? null,
        canonicalUrl: x.canonicalUrl,
        section: x.section?.value ?? null,
        tags: x.tags?.value ?? null,
      }).toEqual({
        title: want.title,
        outlet: want.outlet,
        published: want.published,
        modified: want.modified,
        authors: want.authors,
        language: want.language,
        canonicalUrl: want.canonicalUrl,
        section: want.section,
        tags: want.tags,
      });
      expect([...new Set(x.removed.map((r) => r.reason))].sort()).toEqual(want.removedReasons);
    });
  }
});

describe('furniture inside the article', () => {
  const page = (inner: string) =>
    `<html><body><article><div class="story-body">${inner}<p>${'The committee met again on Thursday to discuss the budget, the schedule and the venue. '.repeat(4)}</p><p>${'Members said they expected a decision before the end of the month, pending a review. '.repeat(4)}</p></div></article></body></html>`;

  it('keeps an embedded social post but drops a share bar', () => {
    const x = extractHtml(
      page(
        '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The vote is tonight, come early.</p></blockquote></div><div class="share-tools"><a href="#">Share on Facebook</a></div>',
      ),
    );
    expect(x.body).toContain('The vote is tonight, come early.');
    expect(x.body).not.toContain('Share on Facebook');
  });

  it('drops a camelCase caption class and a name hover card, keeps the name', () => {
    const x = extractHtml(
      page(
        '<div class="imageEmbedCredit">Photo by J. Example</div><p>Speaking for the group, <span class="rollover-people"><a href="/p">Ada Brennan</a><span class="rollover-block">Ada Brennan is a councillor since 2020</span></span> said the plan was sound.</p>',
      ),
    );
    expect(x.body).toContain('Speaking for the group, Ada Brennan said the plan was sound.');
    expect(x.body).not.toContain('Photo by');
    expect(x.body).not.toContain('councillor since');
  });

  it('drops a paragraph that is one link to another story', () => {
    const x = extractHtml(page('<p><a href="/other">Budget talks stall for a third week</a></p>'));
    expect(x.body).not.toContain('Budget talks stall');
    expect(x.removed.some((r) => r.reason === 'link-line')).toBe(true);
  });
});

describe('bad input', () => {
  it('an empty string gives an empty body and no metadata', () => {
    const x = extractHtml('');
    expect(x.body).toBe('');
    expect(x.title).toBeNull();
  });

  it('a page without <html> or <body> still yields its paragraphs', () => {
    const text = 'A page fragment with no body element at all, only paragraphs of text that make up the story.';
    const x = extractHtml(`<p>${text}</p><p>${text}</p>`);
    expect(x.body.split('\n\n')).toEqual([text, text]);
  });

  it('broken markup (unclosed tags, stray closers) is read, not thrown on', () => {
    const x = extractHtml(
      '<html><body><div><p>First paragraph of the story, long enough to count as prose here.<p>Second paragraph, also long enough to count as prose in the body.</span></div></td><b>',
    );
    expect(x.body).toContain('First paragraph');
    expect(x.body).toContain('Second paragraph');
  });

  it('binary bytes served as HTML give a value, not a crash', () => {
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
    const x = extract({ source: 'bin', kind: 'html', content: bytes.toString('latin1'), rawHash: '' });
    expect(typeof x.body).toBe('string');
  });

  it('50 MB of nested divs finishes quickly and says what it flattened', () => {
    const n = 4_600_000;
    const html = `<html><body>${'<div>'.repeat(n)}<p>deep text</p>${'</div>'.repeat(n)}</body></html>`;
    expect(html.length).toBeGreaterThan(50_000_000);
    const t0 = performance.now();
    const x = extractHtml(html, undefined, { maxChars: 64_000_000 });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(x.body).toBe('deep text');
    expect(x.removed.find((r) => r.reason === 'too-deep')).toBeDefined();
  });

  it('input beyond the size cap is cut and reported', () => {
    const x = extractHtml(`<p>${'word '.repeat(100)}</p>`, undefined, { maxChars: 100 });
    expect(x.removed[0]?.reason).toBe('too-large');
  });
});

describe('depth guard', () => {
  it('leaves ordinary pages untouched', () => {
    const html = '<div><p>one<p>two<ul><li>a<li>b</ul></div>';
    expect(limitDepth(html, 5)).toEqual({ html, removedTags: 0 });
  });
  it('removes tags opened beyond the limit and their end tags, keeping text', () => {
    expect(limitDepth('<a><b><c>x</c></b></a>', 2)).toEqual({ html: '<a><b>x</b></a>', removedTags: 1 });
  });
  it('reads a script as raw text up to its end tag, as the parser does', () => {
    // `</div>` inside an unclosed script is text: counted as an end tag, the estimate stayed shallow
    // while the parsed tree grew thousands deep (found by the property test below)
    const html = '<div><script></div><div><div><script></script></div>';
    expect(limitDepth(html, 2)).toEqual({ html, removedTags: 0 });
    const unit = '<div><script></div><div><div><div><div><script></script></div></div></div><table><ul><article></div>';
    const x = extractHtml(`<html><body>${'text, more text.'.repeat(3)}${unit.repeat(2000)}</body></html>`);
    expect(x.removed.some((r) => r.reason === 'too-deep')).toBe(true);
  });
});

/** Generated markup: nesting, unclosed and stray tags, attributes, text, comments. */
const markup: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'text, more text.',
      'Lorem ipsum dolor sit amet, consectetur.',
      '&amp; &lt;',
      '<!-- c -->',
      '<br>',
      '</p>',
      '<p>',
    ),
    fc
      .tuple(
        fc.constantFrom(
          'div',
          'p',
          'span',
          'a',
          'ul',
          'li',
          'article',
          'section',
          'table',
          'td',
          'script',
          'nav',
          'h2',
        ),
        fc.constantFrom('', ' class="share"', ' class="content"', ' id="comments"', ' hidden', ' style="display:none"'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.boolean(),
      )
      .map(([tag, attr, kids, close]) => `<${tag}${attr}>${kids.join('')}${close ? `</${tag}>` : ''}`),
  ),
})).node;

describe('property: any markup', () => {
  it('never throws and gives a string body', () => {
    fc.assert(
      fc.property(fc.array(markup, { maxLength: 20 }), (parts) => {
        const x = extractHtml(`<html><body>${parts.join('')}</body></html>`);
        expect(typeof x.body).toBe('string');
        expect(x.body).not.toMatch(/<script/);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the tree under the depth limit when stray end tags close what the parser already closed', () => {
    // found by the property below: `<p>` is closed by the `<div>` after it, so `</p>` must not pop the divs
    const unit = 'text, more text.<div><div><p><div><div><div></p></p><p>text, more text.text, more text.';
    const result = extractHtml(`<html><body>${unit.repeat(2000)}</body></html>`);
    expect(result.body).toContain('text, more text.');
    expect(result.removed.some((r) => r.reason === 'too-deep')).toBe(true);
  });

  it('time grows linearly with input size', () => {
    fc.assert(
      fc.property(fc.array(markup, { minLength: 5, maxLength: 10 }), (parts) => {
        const unit = parts.join('');
        const time = (copies: number) => {
          const html = `<html><body>${unit.repeat(copies)}</body></html>`;
          let best = Number.POSITIVE_INFINITY;
          for (let i = 0; i < 5; i++) {
            const t0 = performance.now();
            extractHtml(html);
            best = Math.min(best, performance.now() - t0);
          }
          return best;
        };
        // sizes past the depth limit and big enough that timer and JIT noise do not set the small figure (at 200
        // copies a run takes ~1 ms, and cache effects alone made 10x the input cost ~30x)
        const small = time(500);
        const large = time(5000);
        // 10x the input; quadratic work would show as ~100x. Generous bound for timer, cache and GC noise
        // on a loaded machine (the best of five runs at 30x still failed at load 8-18 on two cores)
        expect(large).toBeLessThan(Math.max(small, 1) * 50);
      }),
      { numRuns: 10 },
    );
  });
});
