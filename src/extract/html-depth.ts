/**
 * A linear guard against pathologically deep markup. htmlparser2 (and
 * linkedom on top of it) keep the open-element stack in a way that costs
 * O(depth) per tag, so 100,000 nested `<div>`s take seconds and a million
 * take many minutes. Before parsing, one regex scan estimates nesting depth;
 * tags opened beyond `maxDepth` (and their matching end tags) are removed,
 * their text kept. Pages within the limit are returned unchanged.
 */

/** A start or end tag (comments and doctypes do not match: they start with `!`). */
const TAG = /<(\/?)([a-zA-Z][^\s/>]*)[^>]*>/g;

/** Elements that never have content, so never deepen the tree. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'keygen',
]);

/** Elements an open tag of the same name implicitly closes (unclosed `<p>`, `<li>` do not nest). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th']);

/** How far back an end tag looks for its start tag on the estimated stack. */
const CLOSE_SEARCH = 64;

/** The result of the depth guard. */
export interface DepthLimited {
  html: string;
  /** Start tags removed because they opened beyond the limit. */
  removedTags: number;
}

/** Removes tags nested deeper than `maxDepth`; linear in the input length. */
export function limitDepth(html: string, maxDepth: number): DepthLimited {
  const stack: string[] = [];
  // start tags dropped beyond the limit, by name, so their end tags go too
  const pending = new Map<string, number>();
  let pieces: string[] | null = null;
  let last = 0;
  let removedTags = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const name = (m[2] as string).toLowerCase();
    let drop = false;
    if (m[1]) {
      const waiting = pending.get(name);
      if (waiting) {
        pending.set(name, waiting - 1);
        drop = true;
      } else {
        const from = Math.max(0, stack.length - CLOSE_SEARCH);
        const at = stack.lastIndexOf(name);
        if (at >= from) stack.length = at;
      }
    } else if (!VOID.has(name)) {
      if (SELF_CLOSING_SIBLINGS.has(name) && stack[stack.length - 1] === name) stack.pop();
      if (stack.length >= maxDepth) {
        pending.set(name, (pending.get(name) ?? 0) + 1);
        drop = true;
        removedTags++;
      } else {
        stack.push(name);
      }
    }
    if (drop) {
      pieces ??= [];
      pieces.push(html.slice(last, m.index));
      last = m.index + m[0].length;
    }
  }
  if (!pieces) return { html, removedTags: 0 };
  pieces.push(html.slice(last));
  return { html: pieces.join(''), removedTags };
}
