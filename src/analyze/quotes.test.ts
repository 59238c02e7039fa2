import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../types.js';
import { analyze } from './index.js';
import { findMarkSpans } from './quote-marks.js';
import { findQuotes } from './quotes.js';
import { tokenize } from './tokenize.js';

/** The seeds are read in place, never copied into the repository. */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seed = (prefix: string) => {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
  return readFileSync(join(SEEDS, file), 'utf8');
};
const quotesOf = (body: string) => {
  const a = analyze(body);
  return findQuotes(body, tokenize(body), { entities: a.entities, times: a.times });
};
/** The quote whose content starts with `prefix` (quotation mark included; no-break spaces read as spaces). */
const find = (qs: readonly Quote[], prefix: string) => {
  const q = qs.find((x) => x.text.replace(/\u00a0/g, ' ').startsWith(prefix));
  if (!q) throw new Error(`no quote starting ${prefix}`);
  return q;
};
/** Expects a quote's kind, speaker mention and resolved name. */
const expectSpeaker = (q: Quote, kind: string, mention: string | null, resolved: string) => {
  expect(q.kind).toBe(kind);
  if (mention !== null) expect(q.speaker.mention?.text).toBe(mention);
  expect(q.speaker.resolved?.text).toBe(resolved);
};

describe('quotes on seed 000 (RT: Cavusoglu, Erdogan)', () => {
  const body = seed('000_');
  const qs = quotesOf(body);
  it('attributes reported speech before and after its speaker, participles and according to', () => {
    expectSpeaker(find(qs, 'The US was willing'), 'indirect', 'Foreign Minister Mevlut Cavusoglu', 'Mevlut Cavusoglu');
    expect(find(qs, 'The US was willing').cue?.text).toBe('has claimed');
    expectSpeaker(
      find(qs, 'that the purchase of Russian'),
      'indirect',
      'Foreign Minister Mevlut Cavusoglu',
      'Mevlut Cavusoglu',
    );
    expectSpeaker(find(qs, 'Turkey and Russia will begin'), 'indirect', 'Cavusoglu', 'Mevlut Cavusoglu');
    expectSpeaker(find(qs, 'that Turkey would retaliate'), 'indirect', 'He', 'Mevlut Cavusoglu');
    expectSpeaker(find(qs, 'that Ankara’s refusal'), 'indirect', 'Cavusoglu', 'Mevlut Cavusoglu');
  });
  it('"The senior Turkish diplomat told state-owned Anadolu Agency on Tuesday that": role speaker and addressee', () => {
    const q = find(qs, 'that Washington had offered');
    expectSpeaker(q, 'indirect', 'The senior Turkish diplomat', 'Mevlut Cavusoglu');
    expect(q.addressee?.text).toBe('state-owned Anadolu Agency');
    expect(q.cue?.text).toBe('told');
  });
  it('mixed quotes inside reported speech; the foreign minister', () => {
    expectSpeaker(
      find(qs, 'that Washington has “softened”'),
      'mixed',
      'Turkish President Recep Tayyip Erdogan',
      'Recep Tayyip Erdogan',
    );
    expectSpeaker(find(qs, 'that he would be “opening the doors”'), 'mixed', 'Erdogan', 'Recep Tayyip Erdogan');
    expectSpeaker(find(qs, 'it will have to be revised'), 'indirect', 'The foreign minister', 'Mevlut Cavusoglu');
  });
  it('a "frank" discussion and "global ramifications" are not quotes', () => {
    expect(qs.some((q) => q.text.includes('“frank”'))).toBe(false);
    expect(qs.some((q) => q.text.startsWith('“global'))).toBe(false);
  });
});

describe('quotes on seed 001 (Middle East Monitor)', () => {
  const qs = quotesOf(seed('001_'));
  it('joins a quote split around its attribution into one quote of two parts', () => {
    const q = find(qs, '“They’re two different issues,”');
    expectSpeaker(q, 'direct', 'Cavusoglu', 'Mevlut Cavusoglu');
    expect(q.parts).toHaveLength(2);
    expect(q.text).toContain('“We can’t change our principal stance');
  });
  it('that-clause with a titled name', () => {
    expectSpeaker(
      find(qs, 'that the diplomatic spat'),
      'indirect',
      'Turkey’s Foreign Minister Mevlut Cavusoglu',
      'Mevlut Cavusoglu',
    );
  });
});

describe('quotes on seed 002 (RT: Blinken)', () => {
  const qs = quotesOf(seed('002_'));
  it('the US Secretary of State declaring on Twitter', () => {
    const q = find(qs, '“I look forward');
    expectSpeaker(q, 'direct', 'the US Secretary of State', 'Antony Blinken');
    expect(q.channel?.text).toBe('on Twitter');
  });
  it('an opening participle is not a cue of its own (regression: the speaker was "Swiftly")', () => {
    expect(qs.some((q) => q.speaker.mention?.text === 'Swiftly')).toBe(false);
    expect(find(qs, 'that its position on the matter').speaker.mention?.text).toBe('the US');
  });
  it('told X that / suggested in February that', () => {
    const q = find(qs, 'that the two countries needed a roadmap');
    expectSpeaker(q, 'indirect', null, 'Mevlut Cavusoglu');
    expect(q.addressee?.text).toBe('America’s Secretary of State Antony Blinken');
    // the boundary model follows PolNeAR: a source in apposition runs to the comma before the cue
    expectSpeaker(find(qs, 'that the country would be willing'), 'indirect', 'Hulusi Akar,', 'Hulusi Akar');
  });
});

describe('quotes on seed 003 (SouthFront: Lavrov, Erdogan, NATO)', () => {
  const qs = quotesOf(seed('003_'));
  it('multi-sentence quotes with he said resolve to the previous speaker', () => {
    expectSpeaker(find(qs, '“Today, a phone call'), 'direct', 'he', 'Sergey Lavrov');
    expectSpeaker(find(qs, '“A possibility was discussed'), 'direct', 'Lavrov', 'Sergey Lavrov');
    expectSpeaker(find(qs, '“Otherwise it is hard'), 'direct', 'Lavrov', 'Sergey Lavrov');
    expect(find(qs, '“Otherwise it is hard').cue?.text).toBe('pointed out');
    expectSpeaker(find(qs, '“It has nothing to do'), 'direct', 'he', 'Sergey Lavrov');
    expectSpeaker(find(qs, '“Religious divisions'), 'direct', 'Lavrov', 'Sergey Lavrov');
    expectSpeaker(find(qs, '“Now we are preparing'), 'direct', 'Sergey Lavrov', 'Sergey Lavrov');
    expectSpeaker(find(qs, '“I hope that the ongoing'), 'direct', 'he', 'Sergey Lavrov');
  });
  it('according to Erdogan, then his quote, then a quote with no attribution continuing him', () => {
    expectSpeaker(
      find(qs, 'Currently there are presumably talks'),
      'indirect',
      'Turkish President Recep Tayyip Erdogan',
      'Recep Tayyip Erdogan',
    );
    expectSpeaker(find(qs, '“There is a process underway'), 'direct', 'he', 'Recep Tayyip Erdogan');
    const cont = find(qs, '“Even if they deny it');
    expect(cont.via).toBe('continuation');
    expect(cont.speaker.resolved?.text).toBe('Recep Tayyip Erdogan');
  });
  it('a role noun with a nationality: Russian foreign minister -> Lavrov', () => {
    expectSpeaker(
      find(qs, 'that Russia and Turkey are preparing'),
      'indirect',
      'Russian foreign minister on Feb. 24',
      'Sergey Lavrov',
    );
  });
  it("NATO's block-quoted statement over six paragraphs is one quote of the alliance", () => {
    const q = find(qs, '“Allies offer their deepest condolences');
    expect(q.text).toContain('We urge an immediate return to the 2018 ceasefire.”');
    expect(q.speaker.resolved?.text).toBe('NATO');
  });
});

describe('quotes on seed 004 (TASS-style: Cavusoglu, Akar, Kalin)', () => {
  const qs = quotesOf(seed('004_'));
  it('the minister, the politician, the Minister of Defense, he, the minister', () => {
    expectSpeaker(
      find(qs, 'The United States asked Turkey'),
      'indirect',
      'Turkish Foreign Minister Mevlut Cavusoglu',
      'Mevlut Cavusoglu',
    );
    expect(find(qs, 'The United States asked Turkey').addressee?.text).toBe('Haberturk TV channel');
    expectSpeaker(find(qs, '“The US asked for access'), 'direct', 'the minister', 'Mevlut Cavusoglu');
    expectSpeaker(find(qs, '“We were even offered'), 'direct', 'the politician', 'Mevlut Cavusoglu');
    expectSpeaker(find(qs, 'if Turkey “was accommodating”'), 'mixed', 'Cavusoglu', 'Mevlut Cavusoglu');
    expectSpeaker(
      find(qs, 'that there was no threat'),
      'indirect',
      'Turkish Defense Minister Hulusi Akar',
      'Hulusi Akar',
    );
    expectSpeaker(find(qs, 'Turkey turned to Russia'), 'indirect', 'him', 'Hulusi Akar');
    expectSpeaker(find(qs, '“At present, the system'), 'direct', 'the Minister of Defense', 'Hulusi Akar');
    expectSpeaker(find(qs, 'that the country is considering'), 'indirect', 'He', 'Hulusi Akar');
    expectSpeaker(find(qs, 'that Ankara is still ready'), 'indirect', 'The minister', 'Hulusi Akar');
  });
  it("Erdogan's representative urged “to bet on peace”: a mixed quote of Ibrahim Kalin", () => {
    expectSpeaker(find(qs, 'that the country calls for united efforts'), 'indirect', 'Ibrahim Kalin,', 'Ibrahim Kalin');
    expectSpeaker(find(qs, 'long-term peace in Ukraine'), 'indirect', 'him', 'Ibrahim Kalin');
    const q = find(qs, '“to bet on peace”');
    expectSpeaker(q, 'mixed', 'Erdogan’s representative', 'Ibrahim Kalin');
    expect(q.cue?.text).toBe('urged');
    expectSpeaker(find(qs, 'that Turkey and its President'), 'indirect', 'Kalin', 'Ibrahim Kalin');
  });
  it('organisations and publications speak: Reuters, Ankara, the article -> Defense One', () => {
    expectSpeaker(find(qs, 'that the United States was persuading'), 'indirect', 'Reuters', 'Reuters');
    expectSpeaker(find(qs, 'that it would not abandon'), 'indirect', 'Ankara', 'Ankara');
    expectSpeaker(find(qs, 'that Turkey is working on'), 'indirect', 'Haluk Gorgun,', 'Haluk Gorgun');
    expectSpeaker(find(qs, '“If Turkish voters elect'), 'direct', 'the article', 'Defense One');
  });
});

describe('quotation marks', () => {
  it('pairs straight, curly, guillemet and single marks; apostrophes are not marks', () => {
    const body = `He said "yes." She said “no.” « oui » and ‘maybe’ — it's Turks' view.`;
    const spans = findMarkSpans(body).map((s) => body.slice(s.start, s.end));
    expect(spans).toEqual(['"yes."', '“no.”', '« oui »', '‘maybe’']);
  });
  it('a quote open at paragraph end continues into a paragraph that opens with a mark', () => {
    const body = '“First paragraph of the quote.\n\n“Second paragraph,” he said.';
    const [s] = findMarkSpans(body);
    expect(body.slice(s!.start, s!.end)).toBe('“First paragraph of the quote.\n\n“Second paragraph,”');
  });
  it("doubled apostrophes are double quotation marks, within and across paragraphs (regression: ''We need Chapter 9,'' said Ms. Acosta was missed)", () => {
    const body = "''We need Chapter 9,'' said Ms. Acosta. ''Give us the tool.\n\n''And we will finish it.'' It's done.";
    const spans = findMarkSpans(body).map((s) => body.slice(s.start, s.end));
    expect(spans).toEqual(["''We need Chapter 9,''", "''Give us the tool.\n\n''And we will finish it.''"]);
    const [q] = findQuotes(body);
    expect(q).toMatchObject({ kind: 'direct', via: 'quote:cue-before-speaker' });
    expect(q!.speaker.mention?.text).toBe('Ms. Acosta');
    expect(q!.parts).toHaveLength(2);
  });
  it('scare quotes and titles are not quotes', () => {
    const body =
      'The decision prompted a "frank" discussion. She watched "The Godfather" on Monday. He called it a “done deal” later.';
    expect(findQuotes(body, tokenize(body), { model: null })).toEqual([]);
    // with the cue model, `He called it a “done deal”` is his characterisation (PolNeAR annotates it): a mixed quote
    expect(findQuotes(body).map((q) => [q.kind, q.cue?.text, q.speaker.mention?.text, q.text])).toEqual([
      ['mixed', 'called', 'He', 'it a “done deal” later'],
    ]);
  });
  it('straight quotes split around attribution, said X inverted, guillemets', () => {
    const body = '"We will not back down," said Prime Minister Jane Doe. "Never."\n\n«C’est fini», a déclaré.';
    const qs = findQuotes(body);
    expect(qs[0]).toMatchObject({ kind: 'direct', via: 'quote:cue-before-speaker' });
    expect(qs[0]!.speaker.mention?.text).toBe('Prime Minister Jane Doe');
    expect(qs[0]!.parts.map((p) => body.slice(p.start, p.end))).toEqual(['"We will not back down,"', '"Never."']);
  });
});

describe('PolNeAR-style forms', () => {
  it('a speaker with an apposition after a quotation, a speaker with a parenthesis, according to a phrase', () => {
    const body =
      '“We are not there yet,” Amy Pope, deputy homeland security advisor, said on a call.\n\n“There is energy,” Rep. Earl Blumenauer (D-Ore.) said.\n\nAccording to a just-released poll from the university, Trump leads by 32 points.';
    const qs = findQuotes(body, tokenize(body), { model: null });
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text, q.text])).toEqual([
      ['Amy Pope, deputy homeland security advisor,', 'said', '“We are not there yet,”'],
      ['Rep. Earl Blumenauer (D-Ore.)', 'said', '“There is energy,”'],
      ['a just-released poll from the university', 'According to', 'Trump leads by 32 points'],
    ]);
  });
  it('a common-noun speaker when the content follows the cue; never a phrase holding a verb of saying', () => {
    const body =
      'Many reporters noted that the slogan had changed.\n\nMajorities in all five states say they want a wall.\n\nGorab called the show a success.';
    const qs = findQuotes(body, tokenize(body), { model: null });
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text, q.text])).toEqual([
      ['Many reporters', 'noted', 'that the slogan had changed'],
      ['Majorities in all five states', 'say', 'they want a wall'],
    ]);
  });
  it('regression: a common-noun subject names nobody (`The two men` was a name, `The situation in Idlib` was Idlib)', () => {
    const body =
      'Erdogan met Putin in Moscow. The two men said that the ceasefire would hold.\n\nThe situation in Idlib said everything about the war, and officials in Ankara said that talks would go on.';
    const qs = quotesOf(body);
    expect(qs.map((q) => [q.text, q.speaker.resolved?.text ?? null])).toEqual([
      ['that the ceasefire would hold', null],
      ['everything about the war', null],
      ['that talks would go on', 'Ankara'],
    ]);
    expect(qs[1]!.speaker.mention?.text).not.toBe('Idlib');
  });
  it('the cue holds the auxiliaries and adverbs before it; an apposition stays in the speaker mention', () => {
    const body =
      'Chris Cox, who runs the lobbying arm of the group, has also repeatedly said that the actions would not work.';
    const [q] = findQuotes(body, tokenize(body), { model: null });
    expect(q!.cue?.text).toBe('has also repeatedly said');
    expect(q!.speaker.mention?.text).toBe('Chris Cox, who runs the lobbying arm of the group,');
    expect(q!.text).toBe('that the actions would not work');
  });
  it('a line opening with a name and a colon; a day after the cue; percentages speak', () => {
    const body =
      'Graham: Trump’s rhetoric is destroying the party.\n\n“I won’t just talk like a conservative,” Espinoza said Friday.\n\nSixty-six percent said it made no difference.';
    const qs = findQuotes(body);
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text])).toEqual([
      ['Graham', ':'],
      ['Espinoza', 'said'],
      ['Sixty-six percent', 'said'],
    ]);
  });
  it('regression: a transcript line keeps its cue words inside its content (`FALLIN: I think ...`)', () => {
    const body = 'Intro.\n\nFALLIN: I think he is trying to campaign as a racial healer.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text, q.text])).toEqual([
      ['FALLIN', ':', 'I think he is trying to campaign as a racial healer'],
    ]);
  });
  it('regression: after a quotation, `said` opens the speaker whatever its words, up to a stop', () => {
    const body =
      '“The framers would agree,” said Cruz constituent Dan Golvach when asked about Graham. “Now he will go to work,” said the 46-year-old.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.text, q.cue?.text, q.speaker.mention?.text])).toEqual([
      ['“The framers would agree,”', 'said', 'Cruz constituent Dan Golvach'],
      ['“Now he will go to work,”', 'said', 'the 46-year-old'],
    ]);
  });
  it('a cue opening its content with a colon holds the colon; closing a paragraph, the next paragraph is the content', () => {
    const body =
      'Mr. Smith said in a statement: “We will win.”\n\nThe New York Times reports:\n\n"Just 24 percent of the contributors have given $200 or less."\n\nThat was all.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text, q.text])).toEqual([
      ['Mr. Smith', 'said in a statement:', '“We will win.”'],
      ['The New York Times', 'reports:', '"Just 24 percent of the contributors have given $200 or less."'],
    ]);
  });
  it('a quotation ending its own sentence is the content of the attribution right after it', () => {
    const body = '“Is she poor?” Trump said Friday. “She is a liar!” said Trump.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.text, q.cue?.text, q.speaker.mention?.text])).toEqual([
      ['“Is she poor?”', 'said', 'Trump'],
      ['“She is a liar!”', 'said', 'Trump'],
    ]);
  });
  it('a clause of circumstance after the attribution of a quotation leaves the quotation its content', () => {
    const body = '“It was nice,” Trump said as he left the hall.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.text, q.cue?.text, q.speaker.mention?.text])).toEqual([
      ['“It was nice,”', 'said', 'Trump'],
    ]);
  });
  it('an -ing cue after a form of be has a subject of its own; a participle takes the earlier speaker', () => {
    const body =
      'His team is suggesting that the finish in Nevada helped. He said the race was close, adding that it helped.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.cue?.text, q.speaker.mention?.text])).toEqual([
      ['is suggesting', 'His team'],
      ['said', 'He'],
      ['adding', 'He'],
    ]);
  });
  it('a relative who or which speaks (PolNeAR) and resolves to the phrase right before it', () => {
    const body =
      'Reporters called the Chicago Police Department, which reported that 2,521 shootings happened. They met Senator John Smith, who said he votes Republican.';
    const a = analyze(body);
    const qs = findQuotes(body, tokenize(body), { entities: a.entities, times: a.times, model: null, bounds: null });
    expect(qs.map((q) => [q.speaker.mention?.text, q.cue?.text, q.speaker.resolved?.text, q.speaker.via])).toEqual([
      ['which', 'reported', 'Chicago Police', 'relative:name'],
      ['who', 'said', 'John Smith', 'relative:name'],
    ]);
  });
  it('a sentence opening with `asked` and a question word reports the question, with no source', () => {
    const body = 'Asked whether Clinton “has the integrity to serve as president,” 75 percent said no.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.text, q.cue?.text, q.speaker.mention])).toEqual([
      ['whether Clinton “has the integrity to serve as president,”', 'Asked', null],
    ]);
  });
  it('a quotation after a name and a colon is that name’s', () => {
    const body =
      'The poll surprised nobody, least of all Republican pollster Daron Shaw: “Lesser-known candidates win early.”';
    const [q] = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect([q!.text, q!.cue?.text, q!.speaker.mention?.text, q!.via]).toEqual([
      '“Lesser-known candidates win early.”',
      ':',
      'Republican pollster Daron Shaw',
      'quote:name-colon',
    ]);
  });
  it('a statement opening a clause of an earlier content stays inside it; a coordinated one starts its own', () => {
    const body =
      'He notes that the commission announced on Friday that there was an issue with the microphone. ' +
      'Figueroa said the campaign planned a protest, but she added that it was unlikely to work.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.cue?.text, q.text])).toEqual([
      ['notes', 'that the commission announced on Friday that there was an issue with the microphone'],
      ['said', 'the campaign planned a protest'],
      ['added', 'that it was unlikely to work'],
    ]);
  });
  it('the apposition after an inverted speaker or an `according to` source is part of its mention', () => {
    const body =
      '“It was destined to fail,” said Jim Smith, a lawyer for the Sierra Club who has been challenging the rule. ' +
      '“We will see,” said Ann Lee, the top Democrat on the committee, in a statement. ' +
      'The agency needs to move faster, according to Phillip Carter, head of the veterans center. ' +
      '“Fine,” said Bob Ray, speaking of the plan.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => [q.text, q.speaker.mention?.text])).toEqual([
      ['“It was destined to fail,”', 'Jim Smith, a lawyer for the Sierra Club who has been challenging the rule'],
      ['“We will see,”', 'Ann Lee, the top Democrat on the committee,'],
      ['The agency needs to move faster', 'Phillip Carter, head of the veterans center'],
      ['“Fine,”', 'Bob Ray'],
    ]);
  });
  it('regression: a mark, a paragraph break and `, According to` give no inverted span', () => {
    expect(findQuotes('“\n\n, According to #')).toEqual([]);
  });
  it('reported speech stops before a contrast the reporter adds, not before `but that`', () => {
    const body =
      'Trump said he would release the returns, though he refused to say when. ' +
      'Clinton said the plan would raise taxes, but that it would add complexity.';
    const qs = findQuotes(body, tokenize(body), { model: null, bounds: null });
    expect(qs.map((q) => q.text)).toEqual([
      'he would release the returns',
      'the plan would raise taxes, but that it would add complexity',
    ]);
  });
});

describe('headlines', () => {
  it('a headline-case line reads its cue words, pronouns and function words in lower case; acronyms stay names', () => {
    const qs = quotesOf(
      'Putin And Erdogan Talk Over Phone, As NATO Says It Won’t Do Anything To Support Ankara In Idlib',
    );
    expect(qs).toHaveLength(1);
    expectSpeaker(qs[0]!, 'indirect', 'NATO', 'NATO');
    expect(qs[0]!.text).toBe('It Won’t Do Anything To Support Ankara In Idlib');
    // all capitals stay a name: `US` is the speaker, not the pronoun `us`
    const us = quotesOf('Ankara Holds Firm As US Says Turkey Will Not Drop The S-400 Deal');
    expect(us.map((q) => q.speaker.mention?.text)).toEqual(['US']);
    expect(us[0]!.text).toBe('Turkey Will Not Drop The S-400 Deal');
  });
  it('a headline speaker before the body names them resolves forward: a surname to the full name, a role to its title', () => {
    const qs = quotesOf(
      'Turkey’s Foreign Minister says row will not affect deal\n\nCavusoglu: talks go on\n\n' +
        'Turkey’s Foreign Minister Mevlut Cavusoglu has said that the spat will not affect the deal.',
    );
    expectSpeaker(find(qs, 'row will not affect'), 'indirect', 'Turkey’s Foreign Minister', 'Mevlut Cavusoglu');
    expect(find(qs, 'row will not affect').speaker.via).toBe('role:later-title');
    expectSpeaker(find(qs, 'talks go on'), 'indirect', 'Cavusoglu', 'Mevlut Cavusoglu');
  });
});

describe('never throws, offsets inside the body, linear time', () => {
  const pieces = [
    '“',
    '”',
    '"',
    "'",
    '‘',
    '’',
    '«',
    '»',
    ' said ',
    ' he ',
    ', ',
    '. ',
    '\n\n',
    'that ',
    'According to ',
    'Lavrov',
    'the minister',
    ' told reporters ',
    'x',
  ];
  it('any mix of marks, cues and names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.string({ maxLength: 30 }),
        (parts, noise) => {
          const body = parts.join('') + noise;
          for (const q of findQuotes(body)) {
            for (const s of [q, ...q.parts, q.cue, q.speaker.mention, q.speaker.resolved, q.addressee, q.channel]) {
              if (!s) continue;
              expect(s.start).toBeGreaterThanOrEqual(0);
              expect(s.end).toBeLessThanOrEqual(body.length);
              expect(s.start).toBeLessThanOrEqual(s.end);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('10,000 quotation marks in one paragraph, and 10,000 single ones, stay fast', () => {
    for (const mark of ['“', '"', '‘', '”']) {
      const body = `${`${mark}a b, `.repeat(10_000)}he said.`;
      const started = performance.now();
      findQuotes(body);
      expect(performance.now() - started).toBeLessThan(3000);
    }
    const paras = Array.from({ length: 5000 }, (_, i) => `“Quote ${i} opens and never closes, he said`).join('\n\n');
    const started = performance.now();
    findQuotes(paras);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
