/**
 * The soak's generated articles: news-like JSON Lines records from a seeded
 * generator, made as they are read (no disk, no memory per article).
 */
import { mulberry32 } from '../src/random.js';

const WORDS = (
  'government minister talks ceasefire border troops officials agreement port strike union missile defence ' +
  'system deal sanctions president ministry statement region refugees aid crossing village shelling observers ' +
  'mission parliament vote coalition budget inflation prices energy gas pipeline exports imports court ruling ' +
  'opposition protest police capital council election campaign agency week month military operation airbase ' +
  'battery delivery contract people displaced harbour ferry schedule inspectors customs quota negotiators'
).split(' ');
const NAMES = [
  'Mevlut Cavusoglu',
  'Sergei Lavrov',
  'Ilse Varn',
  'Tomas Reyl',
  'Marta Quillon',
  'Ivo Brandt',
  'Lena Sorvik',
  'Paul Emberly',
];
const PLACES = ['Ankara', 'Moscow', 'Idlib', 'Saltmere', 'Velmora', 'Brussels', 'Geneva', 'Kyiv', 'Damascus'];
const CUES = ['said', 'told reporters', 'announced', 'warned', 'added', 'according to a statement'];

/** Articles a day: a million span about nine years. */
const PER_DAY = 300;
/** One article in this many arrives late, dated up to `LATE_MS` before its place in the stream (as feeds do). */
const LATE_EVERY = 1000;
const LATE_MS = 2 * 3_600_000;

/**
 * One generated article as a JSON Lines record; `i` makes it distinct. Dates
 * follow `i` (from 2015-01-01, `PER_DAY` a day, to the second), so a link run
 * after each stretch continues the last one; a few arrive late.
 */
export function articleLine(i: number, rand: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(rand() * 14) }, () => pick(WORDS));
    return `${pick(NAMES)} ${pick(CUES)} in ${pick(PLACES)} that the ${words.join(' ')}.`;
  };
  const paragraphs = Array.from({ length: 3 + Math.floor(rand() * 5) }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' '),
  );
  paragraphs[0] = `Report ${i}: ${paragraphs[0]}`;
  const late = rand() * LATE_EVERY < 1 ? Math.floor(rand() * LATE_MS) : 0;
  const ms = Date.UTC(2015, 0, 1) + Math.floor((i * 86_400_000) / PER_DAY / 1000) * 1000 - late;
  const published = new Date(ms).toISOString().replace('.000Z', 'Z');
  return JSON.stringify({
    title: `${pick(PLACES)} ${pick(WORDS)} ${pick(WORDS)} as ${pick(NAMES)} meets ${pick(NAMES)} (${i})`,
    text: paragraphs.join('\n\n'),
    published,
    outlet: `Outlet ${1 + Math.floor(rand() * 60)}`,
    author: pick(NAMES),
  });
}

/** The generated JSON Lines stream of articles `first` to `first + count - 1`, in chunks of about 256 KiB. */
export async function* generated(count: number, first = 1): AsyncGenerator<Buffer> {
  const rand = mulberry32(1_000_003);
  let lines: string[] = [];
  let bytes = 0;
  for (let i = first; i < first + count; i++) {
    const line = articleLine(i, rand);
    lines.push(line);
    bytes += line.length + 1;
    if (bytes >= 256 * 1024) {
      yield Buffer.from(`${lines.join('\n')}\n`);
      lines = [];
      bytes = 0;
    }
  }
  if (lines.length) yield Buffer.from(`${lines.join('\n')}\n`);
}
