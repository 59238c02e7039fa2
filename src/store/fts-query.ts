/**
 * Turns what a person types into a safe FTS5 query: words and "quoted
 * phrases" must all match; `OR` between terms means either; a leading `-`
 * excludes a term. Every term is quoted, so FTS5 syntax characters in the
 * input are searched for, never interpreted. Returns null when nothing
 * searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  const negated: string[] = [];
  const TOKEN = /(-?)"([^"]*)"|(-?)(\S+)/g;
  for (let m = TOKEN.exec(input); m; m = TOKEN.exec(input)) {
    const negate = (m[1] ?? m[3]) === '-';
    const raw = m[2] ?? m[4] ?? '';
    if (m[4] === 'OR' && parts.length) {
      parts.push('OR');
      continue;
    }
    const words = raw.match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    const phrase = `"${words.join(' ')}"`;
    (negate ? negated : parts).push(phrase);
  }
  while (parts[parts.length - 1] === 'OR') parts.pop();
  if (!parts.length) return null;
  const positive = parts.join(' ');
  return negated.length ? `(${positive}) NOT ${negated.join(' NOT ')}` : positive;
}
