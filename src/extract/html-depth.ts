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

/**
 * Open elements a start tag closes first, as htmlparser2 does it (its `openImpliesClose`): an
 * unclosed `<p>` does not hold a following `<div>`, `<li>` does not nest in `<li>`. The estimate
 * must follow the parser, or stray end tags (`<p><div></p>`) make it pop elements the parser keeps
 * open, and the real tree grows deeper than the limit.
 */
const P = ['p'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'];
const FORM_CONTROLS = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    tr: ['tr', 'th', 'td'],
    th: ['th'],
    td: ['thead', 'th', 'td'],
    body: ['head', 'link', 'script'],
    a: ['a'],
    li: ['li'],
    p: P,
    h1: HEADINGS,
    h2: HEADINGS,
    h3: HEADINGS,
    h4: HEADINGS,
    h5: HEADINGS,
    h6: HEADINGS,
    select: FORM_CONTROLS,
    input: FORM_CONTROLS,
    output: FORM_CONTROLS,
    button: FORM_CONTROLS,
    datalist: FORM_CONTROLS,
    textarea: FORM_CONTROLS,
    option: ['option'],
    optgroup: ['optgroup', 'option'],
    dd: ['dd', 'dt'],
    dt: ['dd', 'dt'],
    rt: ['rt', 'rp'],
    rp: ['rt', 'rp'],
    tbody: ['thead', 'tbody'],
    tfoot: ['thead', 'tbody'],
    ...Object.fromEntries(
      [
        'address',
        'article',
        'aside',
        'blockquote',
        'details',
        'div',
        'dl',
        'fieldset',
        'figcaption',
        'figure',
        'footer',
        'form',
        'header',
        'hr',
        'main',
        'nav',
        'ol',
        'pre',
        'section',
        'table',
        'ul',
      ].map((tag) => [tag, P]),
    ),
  }).map(([tag, closes]) => [tag, new Set(closes)]),
);

/**
 * Elements whose content the parser reads as raw text up to their end tag (htmlparser2's special
 * tags): tags inside them (`<script></div>`) are text, so the estimate skips them as the parser does.
 */
const RAW_TEXT: ReadonlyMap<string, RegExp | null> = new Map(
  ['iframe', 'noembed', 'noframes', 'script', 'style', 'textarea', 'title', 'xmp']
    .map((tag): [string, RegExp | null] => [tag, new RegExp(`</${tag}`, 'gi')])
    .concat([['plaintext', null]]),
);

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
    } else {
      const closes = OPEN_IMPLIES_CLOSE.get(name);
      while (closes && stack.length > 0 && closes.has(stack[stack.length - 1] as string)) stack.pop();
      if (VOID.has(name)) continue;
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
    if (!m[1] && !drop && RAW_TEXT.has(name)) {
      // raw text up to the element's end tag, which the next round reads; none (or plaintext): the rest is text
      const end = RAW_TEXT.get(name);
      if (!end) break;
      end.lastIndex = TAG.lastIndex;
      const close = end.exec(html);
      if (!close) break;
      TAG.lastIndex = close.index;
    }
  }
  if (!pieces) return { html, removedTags: 0 };
  pieces.push(html.slice(last));
  return { html: pieces.join(''), removedTags };
}
