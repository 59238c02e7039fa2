/**
 * Named tables of page furniture for HTML main-content extraction. Every rule
 * is about a *kind* of furniture (share bars, comment sections, captions...),
 * never about one site. Each entry carries the reason code recorded in
 * `Extracted.removed` when it fires.
 */

/** Elements that never hold article text, dropped with their whole subtree. */
export const DROP_TAGS: ReadonlyMap<string, string> = new Map([
  ['script', 'script'], // code, not text
  ['style', 'style'],
  ['noscript', 'noscript'], // fallback for script-less browsers: tracking pixels, "enable JavaScript"
  ['template', 'template'],
  ['head', 'head'],
  ['svg', 'graphic'],
  ['math', 'graphic'],
  ['canvas', 'graphic'],
  ['iframe', 'embed'], // embedded players and ads
  ['object', 'embed'],
  ['embed', 'embed'],
  ['video', 'embed'],
  ['audio', 'embed'],
  ['picture', 'graphic'],
  ['img', 'graphic'],
  ['button', 'control'], // share and "load more" buttons
  ['select', 'control'],
  ['input', 'control'],
  ['textarea', 'control'],
  ['label', 'control'],
  ['option', 'control'],
  ['nav', 'nav'], // site navigation by definition
  ['menu', 'nav'],
  ['dialog', 'popup'], // modal boxes: cookie notices, newsletter prompts
  ['figcaption', 'caption'], // captions and credits are not the article's prose
  ['caption', 'caption'],
  ['footer', 'footer'], // page or article footer: tags, share bars, copyright
  ['aside', 'aside'], // sidebars, pull-outs, related boxes
  ['header', 'header'], // page masthead or article header: title, byline, date
  ['address', 'byline'],
  ['link', 'head'],
  ['meta', 'head'],
  ['map', 'nav'],
]);

/** ARIA landmark and widget roles that mark furniture. */
export const DROP_ROLES: ReadonlyMap<string, string> = new Map([
  ['navigation', 'nav'],
  ['banner', 'header'],
  ['contentinfo', 'footer'],
  ['complementary', 'aside'],
  ['search', 'nav'],
  ['menu', 'nav'],
  ['menubar', 'nav'],
  ['dialog', 'popup'],
  ['alertdialog', 'popup'],
  ['tablist', 'nav'],
  ['toolbar', 'share'],
]);

/** A kind of furniture recognised by words in `class` or `id`. */
export interface FurniturePattern {
  reason: string;
  pattern: RegExp;
}

/**
 * Furniture by class/id words. Tested against `class` and `id` joined by a
 * space; every pattern is anchored on word-ish boundaries (start, end, space,
 * `-`, `_`) so that `shareholder` or `adobe` never match.
 */
export const FURNITURE_PATTERNS: readonly FurniturePattern[] = [
  // share bars and social follow boxes
  {
    reason: 'share',
    pattern:
      /(?:^|[\s_-])(?:share|shares|sharing|sharebar|addthis|social-links|social-share|social-icons|social-buttons|social-bar|social-follow|social-tools|sharethis|sociable|follow-us|social-links)(?:$|[\s_-])/i,
  },
  // related / recommended / most-read link lists and content recommendation widgets
  {
    reason: 'related',
    pattern:
      /(?:^|[\s_-])(?:related|recommended|recommendations|more-stories|morestories|read-more|readmore|also-read|trending|popular|most-read|mostread|most-popular|outbrain|taboola|zergnet|next-article|more-from|more-on|further-reading|recirc|recirculation|in-case-you-missed)(?:$|[\s_-])/i,
  },
  // comment sections and prompts
  {
    reason: 'comments',
    pattern: /(?:^|[\s_-])(?:comment|comments|commentlist|disqus|respond|reply|discussion|talkback)(?:$|[\s_-])/i,
  },
  // advertising slots
  {
    reason: 'ad',
    pattern:
      /(?:^|[\s_-])(?:ad|ads|adv|advert|advertisement|advertising|adslot|ad-slot|adunit|ad-unit|dfp|gpt|sponsor|sponsored|promoted|banner-ad|native-ad|dfp-ad)(?:$|[\s_-])/i,
  },
  // newsletter, subscription and paywall boxes
  {
    reason: 'newsletter',
    pattern:
      /(?:^|[\s_-])(?:newsletter|newsletters|subscribe|subscription|signup|sign-up|optin|opt-in|paywall|registration|donate|donation|membership)(?:$|[\s_-])/i,
  },
  // cookie and consent notices
  { reason: 'cookie', pattern: /(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|cmp)(?:$|[\s_-])/i },
  // image captions and photo credits
  {
    reason: 'caption',
    pattern:
      /(?:^|[\s_-])(?:caption|captions|wp-caption|credit|credits|photo-credit|image-credit|img-credit|figure|media-credit)(?:$|[\s_-])/i,
  },
  // bylines, author boxes and date lines
  {
    reason: 'byline',
    pattern:
      /(?:^|[\s_-])(?:byline|bylines|author|authors|author-box|author-bio|authorbio|about-author|contributor|dateline|timestamp|published|post-meta|entry-meta|article-meta|meta|posted-on|pubdate)(?:$|[\s_-])/i,
  },
  // tag and category lists
  {
    reason: 'tags',
    pattern:
      /(?:^|[\s_-])(?:tags|tag-list|taglist|tagcloud|categories|keywords|topics|post-tags|entry-tags)(?:$|[\s_-])/i,
  },
  // navigation aids
  {
    reason: 'nav',
    pattern:
      /(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumb|breadcrumbs|masthead|skip|skiplink|pagination|pager|prev-next|post-navigation|site-header|site-footer|jump-link)(?:$|[\s_-])/i,
  },
  // sidebars and widgets
  { reason: 'aside', pattern: /(?:^|[\s_-])(?:sidebar|side-bar|widget|widgets|rail|right-rail|sidebox)(?:$|[\s_-])/i },
  // pop-ups, overlays and hover cards (a name's pop-up biography inside a sentence)
  {
    reason: 'popup',
    pattern:
      /(?:^|[\s_-])(?:modal|popup|pop-up|overlay|lightbox|toast|tooltip|popover|hovercard|hover-card|rollover-block)(?:$|[\s_-])/i,
  },
  // text for screen readers or print only, and hidden blocks
  {
    reason: 'hidden',
    pattern:
      /(?:^|[\s_-])(?:hidden|hide|visually-hidden|sr-only|screen-reader-text|screenreader|print-only|offscreen|noscript|nocontent|robots-nocontent)(?:$|[\s_-])/i,
  },
  // page footers
  { reason: 'footer', pattern: /(?:^|[\s_-])(?:footer|copyright|disclaimer-footer)(?:$|[\s_-])/i },
];

/**
 * Words in class/id that say "this is the article": such an element is never
 * dropped by a furniture pattern (`article-meta` still is: the furniture word wins
 * only when the element is small, see `html-content.ts`).
 */
export const CONTENT_HINT =
  /(?:^|[\s_-])(?:article|articlebody|article-body|story|story-body|entry|entry-content|post|post-body|post-content|content|main|body|text|prose|rich-text|blog|column)(?:$|[\s_-])/i;

/** Class/id words that raise a container's score (readability's "positive" list, generalised). */
export const POSITIVE_HINT =
  /(?:^|[\s_-])(?:article|articlebody|article-body|body|content|entry|entry-content|hentry|h-entry|main|page|pagination|post|post-body|text|blog|story|story-body|prose)(?:$|[\s_-])/i;

/** Class/id words that lower a container's score. */
export const NEGATIVE_HINT =
  /(?:^|[\s_-])(?:hidden|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|dateline|caption|credit|nav|menu|newsletter|subscribe|ad|ads|advert|popular|trending)(?:$|[\s_-])/i;

/** Block-level elements: their text starts a new block of the body. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements that each hold one paragraph-sized piece of prose, scored on their own. */
export const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'li', 'blockquote']);

/** Containers checked for furniture by their content (links, images, inputs) before they join the body. */
export const CONDITIONAL_TAGS = new Set(['div', 'section', 'ul', 'ol', 'dl', 'table', 'form', 'fieldset', 'article']);

/**
 * Short lines of page furniture recognised by their wording. Only tested on
 * blocks shorter than `FURNITURE_LINE_MAX` characters.
 */
export const FURNITURE_LINES: readonly FurniturePattern[] = [
  {
    reason: 'share',
    pattern:
      /^(?:share|share this|share this (?:article|story|post)|share on \w+|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit)(?:\W+(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link))*\W*$/i,
  },
  {
    reason: 'ad',
    pattern:
      /^(?:advertisement|advertising|sponsored|sponsored content|ad|story continues below(?: advertisement)?|continue reading (?:the main story|below))\W*$/i,
  },
  {
    reason: 'related',
    pattern:
      /^(?:related|related articles?|related stories|related posts|read more|read next|more from|see also|also read|recommended|you may also like|more stories|most read|trending)\b.{0,120}$/i,
  },
  {
    reason: 'comments',
    pattern:
      /^(?:\d+\s+)?(?:comments?|leave a (?:comment|reply)|add (?:a )?comment|post a comment|join the (?:conversation|discussion)|show comments|view comments)\b.{0,60}$/i,
  },
  {
    reason: 'newsletter',
    pattern:
      /^(?:sign up|subscribe|get our newsletter|get the newsletter|newsletter|join our mailing list|enter your email|subscribe to our newsletter)\b.{0,160}$/i,
  },
  {
    reason: 'cookie',
    pattern: /\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|cookie policy)\b/i,
  },
  {
    reason: 'caption',
    pattern:
      /^(?:photo|image|picture|credit|photograph|illustration|source|getty images|reuters|ap photo|afp)\s*(?::|\/|by\b|©)/i,
  },
  { reason: 'caption', pattern: /^\(?(?:photo|image|credit)s?\)?\s*[:©]/i },
  // a bare address left where a link or embed was
  { reason: 'url', pattern: /^(?:https?:\/\/|www\.)\S+$/i },
  { reason: 'copyright', pattern: /^(?:©|\(c\)|copyright\b)/i },
  {
    reason: 'byline',
    pattern:
      /^(?:by|posted by|written by|words by|von|por|par)\s+[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]+){0,4}(?:\s*(?:,|and|&|\|)\s*.{0,60})?$/u,
  },
  {
    reason: 'dateline',
    pattern:
      /^(?:(?:published|updated|posted|last updated|modified)(?: on)?:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:\s*(?:at\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?\W*$/i,
  },
  {
    reason: 'dateline',
    pattern: /^(?:published|updated|posted|last updated)(?: on)?:?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.{0,30}$/i,
  },
  { reason: 'tags', pattern: /^(?:tags|tagged|filed under|topics|categories)\s*:/i },
];

/** Longest block (in characters) that a furniture line pattern may remove. */
export const FURNITURE_LINE_MAX = 200;
