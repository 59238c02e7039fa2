import { describe, expect, it } from 'vitest';
import { analyze } from './index.js';

const BODY =
  'Lavrov said on Tuesday that the talks would go on.\n\n' +
  'In February, Turkey’s defense minister Hulusi Akar suggested that the country would be willing to talk.\n\n' +
  '“We will stay,” Erdogan said on Wednesday.\n\n“Nothing has changed.”\n\n' +
  'The minister said the attack on Monday killed 33 soldiers.';

const dates = (published: string | null) =>
  (analyze(BODY, { published }).quotes ?? []).map((q) => [q.text.slice(0, 12), q.date.value, q.date.from]);

describe('quote dates', () => {
  it('a time expression of the attribution, resolved against the article date; else the article date', () => {
    expect(dates('2020-03-12')).toEqual([
      ['that the tal', '2020-03-10', 'text'],
      ['that the cou', '2020-02', 'text'],
      ['“We will sta', '2020-03-11', 'text'],
      // a quotation continuing its speaker keeps the date of the quote it continues
      ['“Nothing has', '2020-03-11', 'text'],
      // a date inside the content is what the statement is about, not when it was made
      ['the attack o', '2020-03-12', 'published'],
    ]);
  });
  it('keeps the time expression that decided, and says when no date is known', () => {
    const q = analyze(BODY, { published: '2020-03-12' }).quotes![0]!;
    expect(q.date.span?.text).toBe('on Tuesday');
    expect(BODY.slice(q.date.span!.start, q.date.span!.end)).toBe('on Tuesday');
    const undated = analyze('“We will stay,” Erdogan said.', { published: null }).quotes![0]!;
    expect(undated.date).toEqual({ value: null, from: 'published', span: null });
  });
});
