/**
 * A copy of `s` that keeps no larger string alive: V8 represents a slice of
 * 13 or more characters as a view of its parent (a whole article body), so a
 * word, term or statement kept past its article (a cache entry, a run's
 * state) would keep the whole body with it.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
