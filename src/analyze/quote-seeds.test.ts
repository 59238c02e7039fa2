/**
 * Who said what on the five seeds (/work/shared/seeds, read in place): every
 * direct quote and every clearly attributed statement, as (start of its
 * content, speaker's canonical name) pairs decided by hand from the text.
 *
 * The canonical name is the fullest name the article gives its referent
 * (`Cavusoglu`, `the minister`, `the senior Turkish diplomat` and `he` are all
 * `Mevlut Cavusoglu`). Countries, capitals and organisations speak under their
 * own name (`Ankara stated` is `Ankara`, `Turkey dismissed` is `Turkey`).
 *
 * Left out of the gold, neither required nor forbidden: statements with two
 * speakers (`The Turkish president and his Russian counterpart Vladimir Putin
 * announced a ceasefire`, `The two men discussed ...`), and acts that are not
 * speech but PolNeAR annotates as attributions (`Cavusoglu made the comments`).
 * A gold pair is matched by the quote covering where its content starts; its
 * span boundaries are the boundary model's business, measured on PolNeAR.
 * `NOT_QUOTES` lists text that must not be read as a quote: scare quotes.
 * `NOT_SPEAKERS` lists names no quote may resolve to. Known and not yet fixed:
 * the PolNeAR-trained cue scorer reads events as statements (`The situation in
 * Idlib reached boiling point`, `the previous White House administration
 * imposed sanctions`, `the US administration approved a $259 million
 * modernization program`): PolNeAR annotates such events as attributions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../types.js';
import { analyze } from './index.js';

const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

/** Per seed file prefix: [how the quote's content starts, its speaker's canonical name]. */
const GOLD: Record<string, Array<[string, string]>> = {
  '000_': [
    // the headline: `FM Cavusoglu claims, says ...` before the body gives his full name
    ['US offered Ankara intelligence', 'Mevlut Cavusoglu'],
    ['S-400 won’t stop Turkey', 'Mevlut Cavusoglu'],
    ['The US was willing', 'Mevlut Cavusoglu'],
    ['that the purchase of Russian', 'Mevlut Cavusoglu'],
    ['that Washington had offered', 'Mevlut Cavusoglu'], // the senior Turkish diplomat
    ['Turkey and Russia will begin', 'Mevlut Cavusoglu'], // according to Cavusoglu
    ['that Turkey would retaliate', 'Mevlut Cavusoglu'], // He warned
    ['that Ankara’s refusal', 'Mevlut Cavusoglu'],
    ['that the S-400 batteries cannot', 'Washington'],
    ['Ankara to drop the Russian', 'Donald Trump'],
    ['the US to deploy Patriot', 'Turkey'],
    ['that Washington has “softened”', 'Recep Tayyip Erdogan'],
    ['the 2016 migration deal', 'Mevlut Cavusoglu'], // The foreign minister also spoke of
    ['it will have to be revised', 'Mevlut Cavusoglu'],
    ['Brussels to loosen visa', 'Mevlut Cavusoglu'], // He called on
    ['that the bloc should work', 'Mevlut Cavusoglu'],
    ['to pull out from the arrangement', 'Ankara'],
    ['Brussels of placing an unfair burden', 'Ankara'],
    ['that he would be “opening the doors”', 'Recep Tayyip Erdogan'],
  ],
  '001_': [
    // the headline: `Turkey’s Foreign Minister says ...` before the body names him
    ['row with Russia will not affect', 'Mevlut Cavusoglu'],
    ['that the diplomatic spat', 'Mevlut Cavusoglu'],
    ['“They’re two different issues,”', 'Mevlut Cavusoglu'],
    ['that the S-400 will not be integrated', 'Turkey'],
    ['Russia must end support', 'Trump'],
  ],
  '002_': [
    ['US purchase of Russian S-400', 'Turkey'],
    ['that the two countries needed a roadmap', 'Mevlut Cavusoglu'],
    ['America’s request for them to cancel', 'Turkey'],
    ["that it's a “done deal”", 'Turkey'],
    ['NATO to create a roadmap', 'Turkey'],
    ['optimism about future relations', 'Antony Blinken'], // the US Secretary of State
    ['“I look forward', 'Antony Blinken'],
    ['its willingness to engage', 'Turkey'],
    ['that the S-400s are not compatible', 'US'],
    ['that Russia could use the technology', 'US'],
    ["EU must stop 'playing for time'", 'Turkey'],
    ['bloc to expand customs union', 'Turkey'],
    ['that the country would be willing', 'Hulusi Akar'], // Turkey’s defense minister, Hulusi Akar,
    ['that its position on the matter', 'US'],
  ],
  '003_': [
    // the headline twice, in headline case (curly and straight apostrophe)
    ['It Won’t Do Anything To Support Ankara', 'NATO'],
    ["It Won't Do Anything To Support Ankara", 'NATO'],
    ['On February 28th, Russian President', 'Sergey Lavrov'],
    ['“Today, a phone call', 'Sergey Lavrov'], // he said
    ['“A possibility was discussed', 'Sergey Lavrov'],
    ['that any truce with the militants', 'Sergey Lavrov'],
    ['“Otherwise it is hard', 'Sergey Lavrov'],
    ['“It has nothing to do', 'Sergey Lavrov'], // he explained
    ['that religion is being used', 'Sergey Lavrov'], // He also expressed concern
    ['“Religious divisions', 'Sergey Lavrov'],
    ['Currently there are presumably talks', 'Recep Tayyip Erdogan'], // according to
    ['“There is a process underway', 'Recep Tayyip Erdogan'], // he asked
    ['“Even if they deny it', 'Recep Tayyip Erdogan'], // no attribution: continues him
    ['that Russia and Turkey are preparing', 'Sergey Lavrov'], // Russian foreign minister
    ['“Now we are preparing', 'Sergey Lavrov'],
    ['“I hope that the ongoing', 'Sergey Lavrov'],
    ['a ceasefire and words of encouragement', 'NATO'], // the alliance offered
    ['“Allies offer their deepest condolences', 'NATO'], // the block-quoted statement
    ['that it would do nothing', 'NATO'],
  ],
  '004_': [
    ['The United States asked Turkey', 'Mevlut Cavusoglu'],
    ['“The US asked for access', 'Mevlut Cavusoglu'], // the minister said
    ['“We were even offered', 'Mevlut Cavusoglu'], // the politician added
    ['if Turkey “was accommodating”', 'Mevlut Cavusoglu'],
    ['that there was no threat', 'Hulusi Akar'],
    ['Turkey turned to Russia', 'Hulusi Akar'], // According to him
    ['“At present, the system', 'Hulusi Akar'], // the Minister of Defense said
    ['that the country is considering', 'Hulusi Akar'], // He added
    ['that Ankara is still ready', 'Hulusi Akar'], // The minister also indicated
    ['that the country calls for united efforts', 'Ibrahim Kalin'],
    ['long-term peace in Ukraine', 'Ibrahim Kalin'], // According to him
    ['“to bet on peace”', 'Ibrahim Kalin'], // Erdogan’s representative urged
    ['that Turkey and its President', 'Ibrahim Kalin'],
    ['that it had fulfilled the contract', 'Rosoboronexport'],
    ['that the United States was persuading', 'Reuters'],
    ['that it would not abandon', 'Ankara'],
    ['that Turkey is working on', 'Haluk Gorgun'],
    ['that a rapprochement between', 'Defense One'],
    ['“If Turkish voters elect', 'Defense One'], // the article states
  ],
};

/** Text that no quote may start with, per seed: scare quotes, and a quoted word in an event. */
const NOT_QUOTES: Array<[string, string]> = [
  ['000_', '“global ramifications'],
  ['000_', '“frank”'],
  ['004_', 'sanctions against Turkey'],
];

/** Names no quote may resolve to, per seed: a common-noun subject is nobody (`The two men`, `The situation in Idlib`). */
const NOT_SPEAKERS: Array<[string, string]> = [
  ['001_', 'two men'],
  ['000_', 'Idlib'],
];

const norm = (s: string) => s.replace(/\u00a0/g, ' ');

describe.each(Object.keys(GOLD))('who said what on seed %s', (prefix) => {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
  const quotes: readonly Quote[] = analyze(readFileSync(join(SEEDS, file), 'utf8')).quotes;
  const body = norm(readFileSync(join(SEEDS, file), 'utf8'));
  it.each(GOLD[prefix]!)('%s … → %s', (start, speaker) => {
    // the quote covering where the statement starts (its boundaries are the boundary model's business)
    const at = body.indexOf(start);
    expect(at, `the seed has no ${start}`).toBeGreaterThanOrEqual(0);
    const q = quotes.find((x) => x.parts.some((p) => p.start <= at && at < p.end));
    expect(q, `no quote covers ${start}`).toBeDefined();
    expect(q!.speaker.resolved?.text).toBe(speaker);
  });
});

describe('not speakers on the seeds', () => {
  it.each(NOT_SPEAKERS)('seed %s: %s', (prefix, name) => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
    const quotes = analyze(readFileSync(join(SEEDS, file), 'utf8')).quotes;
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.map((q) => q.speaker.resolved?.text)).not.toContain(name);
  });
});

describe('not quotes on the seeds', () => {
  it.each(NOT_QUOTES)('seed %s: %s', (prefix, not) => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
    const quotes = analyze(readFileSync(join(SEEDS, file), 'utf8')).quotes;
    expect(quotes.filter((x) => norm(x.text).startsWith(not))).toEqual([]);
  });
});
