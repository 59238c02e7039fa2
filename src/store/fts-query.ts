/** What a person typed, read as search terms: phrases that must all match, `OR` between them, and excluded ones. */
interface ParsedQuery {
  /** Each entry a phrase (its words) or `OR`. */
  parts: Array<string[] | 'OR'>;
  negated: string[][];
}

/**
 * Words and "quoted phrases" must all match; `OR` between terms means either; a leading `-` excludes a term.
 * Only letters and digits are kept, so no character of the input is ever read as query syntax.
 */
function parseQuery(input: string): ParsedQuery | null {
  const parts: ParsedQuery['parts'] = [];
  const negated: string[][] = [];
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
    if (negate) negated.push(words);
    else parts.push(words);
  }
  while (parts[parts.length - 1] === 'OR') parts.pop();
  return parts.length ? { parts, negated } : null;
}

const quoted = (words: readonly string[]) => `"${words.join(' ')}"`;

/**
 * Turns what a person types into a safe FTS5 query (see `parseQuery`). Every
 * term is quoted, so FTS5 syntax characters in the input are searched for,
 * never interpreted. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const parsed = parseQuery(input);
  if (!parsed) return null;
  const positive = parsed.parts.map((p) => (p === 'OR' ? p : quoted(p))).join(' ');
  const negated = parsed.negated.map(quoted);
  return negated.length ? `(${positive}) NOT ${negated.join(' NOT ')}` : positive;
}

/**
 * The same terms as `toFtsQuery`, written for PostgreSQL's `websearch_to_tsquery`: quoted phrases, `or`, and
 * `-"excluded"`. Returns null when nothing searchable is left.
 */
export function toWebSearchQuery(input: string): string | null {
  const parsed = parseQuery(input);
  if (!parsed) return null;
  const terms = parsed.parts.map((p) => (p === 'OR' ? 'or' : quoted(p)));
  return [...terms, ...parsed.negated.map((n) => `-${quoted(n)}`)].join(' ');
}
