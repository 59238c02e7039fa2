/**
 * `npx tsc -p tsconfig.json && node dist/scripts/compare-places.js`: writes
 * `models/compare-places.json`, the capitals of the sovereign states of the
 * `world-countries` package (the package the NER gazetteer is built from)
 * with each state's English demonym. The compare stage reads it to join a
 * capital used for its government (`Damascus said`) to the referent of the
 * state's demonym (`Syrian regime`, `Syrian forces`), and writes a speaker's
 * country as one demonym (`Turkey`, `Ankara`, `Turkish` are `Turkish`). Deterministic: sorted,
 * no timestamps.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import countries from 'world-countries/countries.json' with { type: 'json' };
import { REPO_ROOT as root } from './paths.js';

/** The fields of a `world-countries` record read here. */
interface CountryRecord {
  name: { common: string; official?: string };
  altSpellings?: string[];
  independent?: boolean | null;
  capital?: string[];
  demonyms?: { eng?: { m?: string } };
}

const pkg = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('world-countries/package.json'), 'utf8'),
) as { version: string };

/**
 * A state's names as news writes them: its common and official names and the package's other spellings
 * (`US`, `USA`, `UK`), `Republic of Turkey` also as `Turkey`; the two-letter codes only in capitals (`US`, not `us`).
 */
const names = (c: CountryRecord) =>
  [
    ...new Set(
      [c.name.common, c.name.official ?? '', ...(c.altSpellings ?? [])]
        .flatMap((n) => [n, n.replace(/^(?:Republic|Kingdom|State|Commonwealth|Federation) of (?:the )?/, '')])
        .filter((n) => n.length > 1 && /^\p{Lu}/u.test(n)),
    ),
  ].sort();

/** A capital as the package writes it and as news does: `Washington D.C.` is also `Washington`. */
const spellings = (capital: string) => [capital, capital.replace(/\s+(?:[A-Z]\.)+$/, '')];

const states = (countries as CountryRecord[])
  // a dependency's capital does not stand for a government of its own (Oranjestad, Kingston of Norfolk Island)
  .filter((c) => c.independent && c.demonyms?.eng?.m && (c.capital ?? []).length > 0)
  .map((c) => ({
    country: c.name.common,
    demonym: c.demonyms?.eng?.m as string,
    names: names(c),
    capitals: [...new Set((c.capital ?? []).flatMap(spellings))].sort(),
  }))
  .sort((a, b) => (a.country < b.country ? -1 : 1));

const model = {
  version: `compare-places-world-countries-${pkg.version}`,
  source: `world-countries@${pkg.version}`,
  states,
};
writeFileSync(join(root, 'models', 'compare-places.json'), `${JSON.stringify(model)}\n`);
console.log(
  `models/compare-places.json: ${states.length} states, ${states.reduce((n, s) => n + s.capitals.length, 0)} capitals`,
);
