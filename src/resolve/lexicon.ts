/**
 * Named word tables of the resolve stage, each with the reason it exists.
 * Lower case; looked up word by word.
 */

/** Entity types that form chains; amounts and times do not corefer by name. */
export const CHAIN_TYPES = new Set(['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT'] as const);

/** Pronouns that stand for a person, with their gender. Reason: `he said`, `told him`, `his stance`. */
export const PERSON_PRONOUNS: ReadonlyMap<string, 'm' | 'f'> = new Map([
  ['he', 'm'],
  ['him', 'm'],
  ['his', 'm'],
  ['himself', 'm'],
  ['she', 'f'],
  ['her', 'f'],
  ['hers', 'f'],
  ['herself', 'f'],
]);

/** First-person pronouns: inside a direct quote they stand for its speaker. */
export const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself']);

/** First-person plural pronouns: outside quotes, the writer's group (`we`, `our`), one chain. */
export const FIRST_PLURAL = new Set(['we', 'us', 'our', 'ours', 'ourselves']);

/** Second-person pronouns: outside quotes, the reader or the one interviewed (`you`, `your`), one chain. */
export const SECOND_PERSON = new Set(['you', 'your', 'yours', 'yourself']);

/** Possessive `its`: the nearest organisation or place (`Turkey ... its southern border`). */
export const THING_PRONOUNS = new Set(['its', 'itself']);

/** Plural pronouns: an organisation or a people (`the EU ... they`, `the Turks ... their`). */
export const PLURAL_PRONOUNS = new Set(['they', 'them', 'their', 'theirs', 'themselves']);

/**
 * Role nouns heading a phrase that can name a person. Reason: news names people
 * by office (`the minister`, `Erdogan's representative`, `the senior Turkish diplomat`).
 */
export const PERSON_ROLES = new Set([
  'minister',
  'fm',
  'president',
  'vice-president',
  'secretary',
  'diplomat',
  'politician',
  'representative',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'official',
  'leader',
  'chancellor',
  'premier',
  'ambassador',
  'envoy',
  'general',
  'commander',
  'chief',
  'head',
  'director',
  'adviser',
  'advisor',
  'aide',
  'senator',
  'governor',
  'candidate',
  'nominee',
  'counterpart',
  'lawmaker',
  'congressman',
  'congresswoman',
  'mayor',
  'chairman',
  'chairwoman',
  'chair',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'emperor',
  'author',
  'deputy',
  'manager',
  'correspondent',
  'prosecutor',
  'judge',
  'attorney',
  'founder',
  'ceo',
  'professor',
  'scientist',
  'researcher',
  'economist',
  'analyst',
  'journalist',
  'reporter',
  'editor',
  'writer',
  'poet',
  'artist',
  'actor',
  'actress',
  'singer',
  'coach',
  'player',
  'striker',
  'captain',
  'sheriff',
  'officer',
  'colonel',
  'lieutenant',
  'sergeant',
  'admiral',
  'marshal',
  'mathematician',
  'philosopher',
  'architect',
  'businessman',
  'businesswoman',
  'activist',
  'lawyer',
  'defendant',
  'plaintiff',
  'appellant',
  'suspect',
  'victim',
  'defector',
  'teenager',
  'man',
  'woman',
  'boy',
  'girl',
]);

/** Person roles that say nothing about which office: they refer to the most salient person. */
export const GENERIC_PERSON_ROLES = new Set([
  'politician',
  'diplomat',
  'official',
  'man',
  'woman',
  'boy',
  'girl',
  'teenager',
  'leader',
  'suspect',
  'victim',
  'defendant',
]);

/**
 * Nouns heading a phrase that names an organisation or place, with its type.
 * Reason: `the alliance` (NATO), `the bloc` (EU), `the ministry`, `the country`.
 */
export const THING_ROLES: ReadonlyMap<string, 'ORG' | 'LOC'> = new Map([
  ...(
    [
      'alliance',
      'ministry',
      'government',
      'administration',
      'agency',
      'company',
      'firm',
      'bloc',
      'department',
      'committee',
      'council',
      'party',
      'military',
      'army',
      'embassy',
      'organization',
      'organisation',
      'union',
      'commission',
      'court',
      'church',
      'university',
      'club',
      'team',
      'newspaper',
      'broadcaster',
      'network',
      'corporation',
      'bank',
      'group',
      'association',
      'institute',
      'museum',
      'band',
    ] as const
  ).map((w) => [w, 'ORG'] as [string, 'ORG']),
  ...(
    [
      'country',
      'city',
      'town',
      'village',
      'capital',
      'region',
      'province',
      'state',
      'island',
      'nation',
      'republic',
      'kingdom',
      'area',
      'district',
    ] as const
  ).map((w) => [w, 'LOC'] as [string, 'LOC']),
]);

/**
 * Organisation and place nouns general enough to stand for the last one named.
 * Reason: `the alliance` is NATO, `the bloc` the EU, `the country` Turkey; but
 * `the court` or `the army` name a court or an army, not the last organisation.
 */
export const GENERIC_THINGS = new Set([
  'alliance',
  'bloc',
  'organization',
  'organisation',
  'group',
  'company',
  'firm',
  'corporation',
  'agency',
  'union',
  'association',
  'country',
  'nation',
  'city',
  'town',
  'village',
  'region',
  'province',
  'state',
  'island',
  'republic',
  'kingdom',
]);

/** Words that start a definite, referring noun phrase. Reason: `the minister` refers back; `a minister` does not. */
export const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those']);

/** Possessive pronouns that make a role phrase definite (`his Russian counterpart`). */
export const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'its', 'their', 'our', 'my', 'your']);

/** Honorifics dropped from a name's key. Reason: `Mr. Erdogan` is `Erdogan`. */
export const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'sir',
  'dame',
  'lord',
  'lady',
  'st',
  'rev',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'sen',
  'rep',
  'gov',
  'pres',
]);

/** Name particles that are not a surname of their own. Reason: `al-Assad` is `Assad`, `de Gaulle` keeps `de`. */
export const NAME_PREFIXES = new Set(['al', 'el']);

/** Suffixes that are not a surname. Reason: `Martin Luther King Jr.` ends in `King`. */
export const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/**
 * Country and place names folded onto their demonym, so a role written either
 * way compares equal. Reason: `Turkey's foreign minister` = `Turkish Foreign Minister`.
 */
export const DEMONYMS: ReadonlyMap<string, string> = new Map([
  ['turkey', 'turkish'],
  ['russia', 'russian'],
  ['us', 'american'],
  ['usa', 'american'],
  ['america', 'american'],
  ['u.s.', 'american'],
  ['syria', 'syrian'],
  ['iran', 'iranian'],
  ['iraq', 'iraqi'],
  ['israel', 'israeli'],
  ['china', 'chinese'],
  ['france', 'french'],
  ['germany', 'german'],
  ['britain', 'british'],
  ['uk', 'british'],
  ['ukraine', 'ukrainian'],
  ['greece', 'greek'],
  ['egypt', 'egyptian'],
  ['india', 'indian'],
  ['japan', 'japanese'],
  ['italy', 'italian'],
  ['spain', 'spanish'],
  ['poland', 'polish'],
  ['saudi', 'saudi'],
  ['kremlin', 'russian'],
  ['ankara', 'turkish'],
  ['moscow', 'russian'],
  ['washington', 'american'],
  ['damascus', 'syrian'],
  ['tehran', 'iranian'],
  ['beijing', 'chinese'],
]);

/** Words in a role that do not tell offices apart. Reason: `the former minister` is still `minister`. */
export const ROLE_FILLER = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'his',
  'her',
  'its',
  'their',
  'of',
  'former',
  'senior',
  'top',
  'then',
  'current',
  'new',
  'outgoing',
  'incoming',
  'acting',
  'veteran',
  'longtime',
  'late',
  'country’s',
  "country's",
]);

/** Office words written two ways. Reason: `Defence`/`Defense`, `FM` = `foreign minister`. */
export const ROLE_SPELLING: ReadonlyMap<string, string> = new Map([
  ['defence', 'defense'],
  ['fm', 'minister'],
  ['secretary-general', 'secretary'],
  ['organisation', 'organization'],
]);

/**
 * Words that mark a gender (honorifics, titles, role nouns); first names are
 * `nameGender` in `src/analyze/name-gender.ts`, built from data.
 * Reason: `the spokeswoman ... he` must not link; the gender a pronoun later
 * gives a chain wins over these.
 */
export const FEMALE_WORDS = new Set([
  'mrs',
  'ms',
  'miss',
  'lady',
  'dame',
  'queen',
  'princess',
  'empress',
  'duchess',
  'actress',
  'woman',
  'girl',
  'spokeswoman',
  'chairwoman',
  'congresswoman',
  'businesswoman',
]);
export const MALE_WORDS = new Set([
  'mr',
  'sir',
  'lord',
  'king',
  'prince',
  'emperor',
  'duke',
  'man',
  'boy',
  'spokesman',
  'chairman',
  'congressman',
  'businessman',
]);
