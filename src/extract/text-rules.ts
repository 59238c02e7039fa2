/**
 * The named tables of plain-text furniture. Each rule says what kind of page
 * furniture it recognises (`reason`, recorded in `Extracted.removed`) and why
 * the pattern is safe to apply to a whole line. Rules describe kinds of
 * furniture (a share prompt, a donation widget, a cookie banner), never one
 * site's wording. Every regex here is compiled once, at import.
 */

/** A whole-line rule: the line is furniture when `pattern` matches it. */
export interface LineRule {
  /** Short code recorded as `RemovedPart.reason`. */
  reason: string;
  /** Tested against the whole (trimmed, space-collapsed) line. */
  pattern: RegExp;
  /** Longer lines are never this furniture (keeps regexes cheap on long paragraphs). */
  maxLength: number;
  /** A line matching this is body after all (a quoted appeal, a reported sentence). */
  unless?: RegExp;
  /** Why the rule holds. */
  why: string;
}

/** Quote marks or a speech verb: the line reports someone's words, so it is body. */
const REPORTED = /["“”„«»]|\b(?:said|says|told|according to)\b/i;

export const LINE_RULES: readonly LineRule[] = [
  {
    reason: 'comment-prompt',
    pattern:
      /^(?:please )?(?:enter|leave|post|add|write|submit) (?:a |an |your )?(?:comment|reply|response|name(?: here)?|e-?mail(?: address)?(?: here)?|website(?: here)?)\b.{0,40}$/i,
    maxLength: 80,
    why: 'comment-form labels scraped with the page',
  },
  {
    reason: 'comment-prompt',
    pattern:
      /^(?:\d+\s+)?(?:comments?|replies|responses)(?:\s*\(\d+\))?:?$|^(?:view|show|hide|load|read|see) (?:all |more )?(?:\d+ )?(?:comments?|replies)\b.{0,20}$/i,
    maxLength: 60,
    why: 'comment counters and toggles',
  },
  {
    reason: 'comment-prompt',
    pattern:
      /^(?:join the (?:conversation|discussion|debate)|comments are closed|you must be logged in to (?:post a )?comment|cancel reply|(?:log|sign) in to (?:comment|reply)|be the first to comment|have your say|what do you think\? (?:share|leave|tell|let)\b.{0,80}|kommentare?(?: schreiben| verfassen)?|(?:laisser|ajouter) un commentaire|commentaires|deja (?:un|tu) comentario|comentarios|lascia un commento|оставить комментарий|комментарии(?:\s*\(\d+\))?)[.!]?$/i,
    maxLength: 120,
    why: 'comment-section headers and prompts, in several languages',
  },
  {
    reason: 'donation',
    pattern:
      /^(?:[$€£¥₽]\s?\d[\d,.\s]{0,12}|\d[\d,.\s]{0,12}[$€£¥₽]|(?:USD|EUR|GBP)\s?\d[\d,.]{0,12}|\d[\d,.]{0,12}\s?(?:USD|EUR|GBP))$/,
    maxLength: 24,
    why: 'a bare amount on its own line is a donation-widget button',
  },
  {
    reason: 'donation',
    pattern:
      /^(?:donate(?: now| today| here)?|make a (?:one-off |monthly )?donation|support us(?: now| today)?|support our (?:work|journalism|reporting)|become a (?:patron|member|supporter)|(?:buy|get) us a coffee|jetzt spenden|spenden|faire un don|soutenez-nous|donar|dona ora|пожертвовать|поддержать)[.!]?$/i,
    maxLength: 60,
    why: 'donation buttons',
  },
  {
    reason: 'support-prompt',
    pattern:
      /^(?:(?:do|did) you (?:like|enjoy|value|appreciate)|(?:like|enjoy|enjoyed|value) (?:this|our|what)|if you (?:like|enjoy|enjoyed|value|appreciate))\b[^?!.]{0,80}[?,.!]\s*(?:please )?(?:consider|help|support|donate|become|chip in)\b.{0,100}$/i,
    maxLength: 220,
    why: 'appeals for money addressed to the reader',
  },
  {
    reason: 'support-prompt',
    pattern:
      /^(?:please )?consider (?:supporting|helping|donating|a donation|making a donation|becoming a (?:member|patron|supporter|subscriber))\b|\b(?:support|fund|donate to)\s+(?:us|our (?:work|journalism|newsroom|reporting|mission))\b/i,
    maxLength: 240,
    unless: REPORTED,
    why: 'appeals for money addressed to the reader',
  },
  {
    reason: 'share-prompt',
    pattern:
      /^(?:like|love|enjoy(?:ed)?|found) this (?:story|article|post|piece|content)(?: useful| helpful| interesting)?\?\s*share\b.{0,60}$/i,
    maxLength: 120,
    why: 'a prompt to share the page',
  },
  {
    reason: 'share-prompt',
    pattern:
      /^(?:share(?: this)?(?: (?:article|story|post|page|video))?(?: (?:on|via|with) .{1,40})?|tweet(?: this)?|pin it|email this(?: article)?|print(?: this)?(?: article| page| story)?|copy(?: the)? link|link copied|e-?mail|facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|messenger|teilen|artikel teilen|partager(?: cet article)?|compartir|condividi|поделиться)[.!:]?$/i,
    maxLength: 60,
    why: 'share buttons',
  },
  {
    reason: 'share-prompt',
    pattern:
      /^(?:(?:share (?:on|via) )?(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|e-?mail|pinterest|vk|viber|messenger|flipboard|copy link|print|tweet|share)(?:[\s,|•·/]+|$)){2,}$/i,
    maxLength: 160,
    why: 'a row of social-network share buttons',
  },
  {
    reason: 'subscribe-prompt',
    pattern:
      /^(?:follow|join|find|like) us (?:on|at|in) .{2,60}$|^follow .{1,40} on (?:twitter|facebook|telegram|instagram|youtube|tiktok|x|linkedin|vk|threads|bluesky|mastodon|whatsapp)\b.{0,60}$/i,
    maxLength: 120,
    unless: REPORTED,
    why: 'prompts to follow the outlet on a social network',
  },
  {
    reason: 'subscribe-prompt',
    pattern:
      /^(?:(?:want|looking for) (?:more|the latest)\b.{0,80}\?\s*)?(?:subscribe|sign up|register|join|get|receive)\b.{0,80}\b(?:newsletters?|channel|podcast|alerts|inbox|briefing|digest|mailing list|push notifications)\b.{0,100}$/i,
    maxLength: 240,
    unless: REPORTED,
    why: 'newsletter and channel sign-up prompts',
  },
  {
    reason: 'subscribe-prompt',
    pattern:
      /^(?:subscribe(?: now| today| here)?|get the app|download (?:our|the) app|abonnieren|s'abonner|suscríbete|подписаться)[.!]?$|^(?:abonnieren sie|folgen sie uns|suivez-nous|abonnez-vous|síguenos|suscríbete a|seguici|подписывайтесь|подпишитесь)\b.{0,100}$/i,
    maxLength: 140,
    why: 'subscribe buttons and follow prompts in several languages',
  },
  {
    reason: 'advertisement',
    pattern:
      /^(?:advertisement|advertising|advert|ad|sponsored(?: content| post| by .{1,40})?|promoted(?: content)?|paid (?:content|post|partnership)|partner content|(?:story|article) continues below(?: advertisement)?|continue reading (?:below|the main story)|scroll to continue(?: with content)?|anzeige|werbung|publicité|publicidad|pubblicità|реклама)[.:]?$/i,
    maxLength: 60,
    why: 'ad-slot labels',
  },
  {
    reason: 'cookie-banner',
    pattern:
      /^(?:we|this (?:web)?site|our (?:web)?site|this page)\s+(?:uses?|is using) cookies\b.{0,500}$|^(?:wir verwenden cookies|diese (?:web)?seite verwendet cookies|nous utilisons des cookies|ce site utilise des cookies|utilizamos cookies|este sitio (?:web )?utiliza cookies|usiamo i cookie|мы используем (?:файлы )?cookie)\b.{0,500}$/i,
    maxLength: 600,
    why: 'cookie-consent banners open with who uses cookies',
  },
  {
    reason: 'cookie-banner',
    pattern:
      /^(?:by (?:continuing|using|clicking)\b.{0,150}\b(?:cookies|privacy policy)\b.{0,250}|(?:accept|reject|allow|decline|manage)(?: all)? cookies|cookie (?:settings|preferences|policy|consent)|i accept|i agree|got it|accept all|reject all|privacy policy|terms of (?:use|service)|privacy (?:settings|preferences)|alle akzeptieren|tout accepter|aceptar todo)[.!]?$/i,
    maxLength: 420,
    why: 'cookie-consent buttons and legal links',
  },
  {
    reason: 'copyright',
    pattern:
      /^(?:©|\(c\)\s|copyright\b)|\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|все права защищены)\.?$/i,
    maxLength: 200,
    why: 'copyright notices',
  },
  {
    reason: 'navigation',
    pattern:
      /^(?:clear|menu|main menu|home|homepage|search|close|back|next|previous|prev|more|top|back to top|(?:scroll|go) to top|skip to (?:main )?content|skip navigation|toggle navigation|(?:open|close) menu|log ?in|log ?out|sign ?in|sign ?up|register|my account|loading(?:\.\.\.|…)?|load more|show more|see more|view more|read more|continue reading|read the full (?:story|article)|expand|collapse|x|×|✕|(?:next|previous) (?:article|story|post)|more stories|image|photo|video|gallery|listen|play|watch|menü|suche|startseite|accueil|rechercher|inicio|buscar|главная|поиск)\s*[.:»›>…]*$/i,
    maxLength: 40,
    why: 'menu items and buttons left as single words',
  },
  {
    reason: 'navigation',
    pattern:
      /^(?:(?:home|startseite|accueil|inicio|главная)\s*(?:»|›|>|\/|\||·|•)\s*.{1,160}|(?:[^\s»›>|·•/][^»›>|·•/]{0,30}\s(?:»|›|>|\||·|•)\s){2,10}[^»›>|·•/]{1,60})$/i,
    maxLength: 200,
    why: 'breadcrumbs and menu rows: short items joined by separators',
  },
  {
    reason: 'separator',
    pattern: /^[^\p{L}\p{N}]{1,40}$/u,
    maxLength: 40,
    why: 'a line of symbols only (rules, bullets, stray punctuation)',
  },
  {
    reason: 'reading-meta',
    pattern:
      /^(?:\d+\s*(?:min(?:ute)?s?|m)\.?\s*(?:read|listen)|reading time:?\s*\d+.{0,20}|listen(?:ing)? to this (?:article|story)(?:\s*\d+:\d+)?|listen\s*\d+\s*min(?:ute)?s?|\d[\d.,]*[km]?\s+(?:views?|shares?|reads?|likes?|reactions?)|lesezeit:?.{0,20}|temps de lecture:?.{0,20})$/i,
    maxLength: 60,
    why: 'reading time, listen buttons and counters',
  },
  {
    reason: 'date-line',
    pattern:
      /^(?:(?:updated|posted|published|last updated)\s*:?\s*)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$/i,
    maxLength: 50,
    why: 'relative timestamps ("3 hours ago") carry no date of their own',
  },
  {
    reason: 'image-prompt',
    pattern:
      /^(?:(?:click|tap)(?: here| on the (?:image|photo|picture))? to (?:see|view|enlarge|expand|open|zoom|watch|play)\b.{0,40}|enlarge(?: image| photo)?|view (?:gallery|slideshow|image|photo|full[- ]size(?: image)?)|open (?:gallery|image)|(?:image|photo|picture|video|slide) \d+ (?:of|\/) \d+|\d+ (?:of|\/) \d+|expand image|zoom(?: in)?|bild vergrößern|agrandir l'image|ampliar imagen)$/i,
    maxLength: 80,
    why: 'image-viewer and gallery controls',
  },
  {
    reason: 'caption',
    pattern:
      /^(?:photo|photograph|picture|image|pic|credit|caption|image caption|media caption|image source|photo credit|file photo|foto|bild|фото)(?: credit)?\s*[:©]\s*.{1,240}$/i,
    maxLength: 260,
    why: 'a caption or credit announced as one',
  },
  {
    reason: 'caption',
    pattern: /^(?:photo|photograph|image|picture|illustration|video)s? (?:by|courtesy of|via)\b.{1,120}$/i,
    maxLength: 140,
    why: 'a credit line: "Photo by Jane Doe on Unsplash"',
  },
  {
    reason: 'call-to-action',
    pattern: /^(?:click|tap) here\b.{0,100}$/i,
    maxLength: 110,
    why: 'a link prompt addressed to the reader',
  },
  {
    reason: 'paywall',
    pattern:
      /^(?:(?:subscribe|log ?in|sign ?in|register) (?:now )?to (?:continue|keep) reading|this (?:article|content|story) is (?:for|available to|reserved for) (?:subscribers|members)(?: only)?|you have (?:\d+|one|two|three) free (?:articles?|stories) (?:left|remaining)|already a (?:subscriber|member)\?.{0,40}|unlock (?:this|full) (?:article|access)|continue reading with a subscription)\b.{0,80}$/i,
    maxLength: 160,
    why: 'paywall and metering notices',
  },
  {
    reason: 'subscribe-prompt',
    pattern: /^(?:subscribe|sign up) (?:to|for|now|today)\b.{0,160}$/i,
    maxLength: 200,
    unless: REPORTED,
    why: 'a subscription offer opens with the imperative ("Subscribe to … from €1 a week")',
  },
  {
    reason: 'share-prompt',
    pattern:
      /^(?:save(?: article| for later| story)?|bookmark(?: this)?|add to (?:favourites|favorites|reading list)|gift (?:this )?article)[.!]?$/i,
    maxLength: 40,
    why: 'save and gift buttons',
  },
  {
    reason: 'related-link',
    pattern:
      /^(?:read more|read also|also read|read next|see also|related|more|watch|listen|video|recommended|don'?t miss|must read|more on this(?: story| topic)?|related (?:article|story|coverage|news|content|video))\s*[:|»›]\s*\S.{0,240}$|^(?:lesen sie (?:auch|mehr)|mehr zum thema|(?:à |a )?lire aussi|voir aussi|lea también|lee también|leggi anche|читайте также|по теме)\s*[:|»›-]?\s*\S.{0,240}$/i,
    maxLength: 260,
    why: 'a link to another article, announced as one',
  },
  {
    reason: 'cross-promotion',
    pattern: /^also on\s+(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b.{0,260}$/i,
    maxLength: 300,
    why: '"Also on <site>" promotes a headline from the same site',
  },
  {
    reason: 'tags',
    pattern:
      /^(?:tags?|topics?|filed under|categories|category|keywords|related topics|schlagwörter|themen|mots-clés|sujets|etiquetas|temas|теги|темы)\s*:\s*.{1,300}$/i,
    maxLength: 320,
    why: 'tag and topic lists',
  },
  {
    reason: 'republish-note',
    pattern:
      /^(?:this (?:article|story|piece|post) (?:was |is |has been )?(?:originally |first )?(?:published|appeared|republished)\b.{0,200}|originally published (?:by|on|in|at)\b.{0,200})$/i,
    maxLength: 260,
    why: 'notes that the text is republished from elsewhere',
  },
  {
    reason: 'credits',
    pattern:
      /^\(?(?:(?:additional )?reporting|writing|editing|edited|compiled|produced|translated|research|graphics) by\b.{1,220}$/i,
    maxLength: 240,
    why: 'wire-service production credits ("Reporting by …; Editing by …")',
  },
];

/**
 * A line that announces a list of links to other articles; the headline-shaped
 * lines and list items under it are related headlines, not body.
 */
export const RELATED_HEADER =
  /^(?:related(?: articles| stories| news| content| coverage| posts| links| reading| topics| tags)?|more on|more (?:stories|news|articles|headlines|from .{1,40}|on this (?:story|topic))|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)|recommended(?: for you| stories| articles| reading)?|most (?:read|popular|viewed|shared)(?: stories| articles)?|trending(?: now| stories)?|top stories|latest(?: news| stories| articles| headlines)?|editor'?s'? picks|don'?t miss|also read|read more|read next|what to read next|further reading|in other news|weitere artikel|mehr zum thema|das könnte sie auch interessieren|(?:à )?lire aussi|sur le même sujet|noticias relacionadas|te puede interesar|leggi anche|читайте также|похожие (?:новости|материалы)|по теме)\s*:?$/i;

/** A list item marker: `1.`, `2)`, `•`, `-`, `*`, `▪`, `►`. */
export const LIST_ITEM = /^(?:\d{1,2}[.)]|[-•*·▪►–])\s+/;

/**
 * Markers of cross-promotion glued into a paragraph: the marker and the
 * headline after it are cut out; the headline ends where the real sentence
 * was glued on (`…visa-free travelAnkara has…`).
 */
export const INLINE_PROMO =
  /(?:Also on\s+(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}|READ MORE:|Read more:|READ ALSO:|Read also:|ALSO READ:|Also read:|SEE ALSO:|See also:|RELATED:|Related:|Lesen Sie auch:|Lire aussi\s?:|Читайте также:)\s*/gu;
/** What may stand right before an inline marker: the line's start, or a sentence's end and at most one space. */
export const PROMO_BOUNDARY = /(?:^|[.!?"”’)]\s?)$/;
/** Cheap tests that a line may hold an inline marker at all, run before the regexes. */
export const INLINE_PROMO_HINTS = [':', 'lso on'];
export const INLINE_AD_HINTS = ['dvert', 'DVERT', 'ontinue'];

/**
 * Where a headline was glued to the next sentence: a word that starts in lower
 * case (or is a number) running straight into a capitalised word. Requiring
 * two lower-case letters skips brand spellings like iPhone or eBay; a word
 * starting with a capital (McDonald, YouTube) never matches.
 */
export const GLUE_JUNCTION = /(?<![\p{L}\p{N}'’-])(?:\p{Ll}[\p{Ll}'’-]*\p{Ll}|\p{N}+)(?=\p{Lu}\p{Ll})/u;

/** Ad labels glued between two sentences of a paragraph. */
export const INLINE_AD =
  /(?<=[.!?"”]\s?)(?:ADVERTISEMENT|Advertisement|(?:Story|Article) continues below(?: advertisement)?|Continue reading below|Scroll to continue with content)\s?(?=[\p{Lu}"“])/gu;

/** A byline's opening word: `By`, `Written by`, `Author:`, and the same in other languages. */
export const BYLINE_PREFIX =
  /^(?:by|written by|words by|text by|story by|author|authors|von|par|por|door|di|автор|авторы)\s*:?\s+(?=\S)/i;

/**
 * A source line: the outlet the text was taken from (`Source: RT`). Also in
 * German, Russian, Spanish, Italian, Dutch, Turkish.
 */
export const SOURCE_LINE =
  /^(?:source|sources|quelle|источник|fuente|fonte|bron|kaynak)\s*:\s*(.{2,60}|https?:\/\/\S{4,300})$/i;

/** A date line's label: `Published:`, `Updated on`, `Posted`, and the same in other languages. */
export const DATE_PREFIX =
  /^(?:published|updated|last updated|posted|posted on|first published|modified|date|dated|publié le|mis à jour le|veröffentlicht(?: am)?|aktualisiert(?: am)?|stand|publicado(?: el)?|actualizado(?: el)?|pubblicato(?: il)?|опубликовано|обновлено)\s*:?\s*(?:on\s+|at\s+)?/i;

/** Labels that mean the date is an update, not the publication. */
export const UPDATED_PREFIX = /^(?:updated|last updated|modified|mis à jour|aktualisiert|stand|actualizado|обновлено)/i;

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|' +
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|' +
  'januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|' +
  'gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|' +
  'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const WEEKDAYS =
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|' +
  'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|' +
  'lunes|martes|miércoles|jueves|viernes|sábado|domingo';

/** One word of a date line: a month, weekday, number, time, zone or a joining word. */
export const DATE_TOKEN = new RegExp(
  `^(?:(?:${MONTHS})\\.?|(?:${WEEKDAYS})\\.?|\\d{1,2}(?:st|nd|rd|th|er)?\\.?|\\d{4}\\.?|\\d{1,2}[:.h]\\d{2}(?::\\d{2})?(?:[ap]\\.?m\\.?)?|\\d{4}-\\d{2}-\\d{2}(?:t[\\d:.]+(?:z|[+-]\\d{2}:?\\d{2})?)?|[ap]\\.?m\\.?|at|on|the|of|de|del|à|a|um|le|el|il|в|uhr|utc|gmt|z|[ecmp][sd]t|cet|cest|eet|eest|bst|ist|msk|trt|[+-]\\d{2}:?\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|г\\.?|года?|updated|published|posted|last|ago|just|now|\\d+[hm]|hours?|hrs?|minutes?|mins?|days?)$`,
  'i',
);

/** A four-digit year or an ISO date somewhere in the line: a date line must name its year. */
export const HAS_YEAR = /(?:^|\D)(?:1[89]|20)\d{2}(?:\D|$)/;

/** Separators between the words of a date line. */
export const DATE_SPLIT = /[\s,|•·–—]+/;

/**
 * A photo caption ends with a bracketed credit: `[Cem Özdel/Anadolu Agency]`,
 * `(AP Photo/Jane Doe)`, `(REUTERS/Jane Doe)`, or `Photo: Jane Doe/Agency`.
 */
export const CAPTION_BRACKET_END = /\[([^[\]]{2,160})\]\s*\.?$/;
export const CAPTION_PAREN_END = /\(([^()]{2,160})\)\s*\.?$/;
export const CAPTION_LABEL_END =
  /(?:^|[.!?]\s+)(?:Photos?|Photograph|Image|Picture|Credit|Foto|Bild|Фото)(?: credit)?\s*:\s*\p{Lu}[^.!?]{1,120}$/u;
/** Words that make a bracketed phrase a credit rather than an editor's insertion. */
export const CREDIT_WORD =
  /\b(?:photo|photos|photograph|image|images|picture|pic|credit|courtesy|handout|pool|file|agency|press|via|stock|foto|bild|фото)\b|\//i;
/** `REUTERS/Jane Doe`: an upper-case agency, a slash, a name. */
export const AGENCY_SLASH = /^\p{Lu}{2,}(?:\s\p{Lu}{2,})*\s*\/\s*\p{Lu}/u;

/**
 * Verbs and modals typical of headlines. A headline-shaped line standing alone
 * in the body that carries one is more likely a related headline than a
 * subheading (subheadings are mostly noun phrases: "S-400 disputes").
 */
export const HEADLINE_VERB = new RegExp(
  `\\b(?:${[
    'says|say|tells|warns|threatens|vows|urges|calls|slams|claims|denies|rejects|accuses|agrees|signs|launches|plans',
    'seeks|wants|backs|blames|hits|kills|wins|loses|faces|meets|rules|refuses|offers|orders|announces|confirms|reveals',
    'admits|insists|demands|asks|approves|condemns|praises|criticizes|criticises|pledges|promises|expects|eyes|mulls',
    'weighs|considers|joins|quits|resigns|dies|arrives|leaves|returns|opens|closes|bans|blocks|halts|suspends|extends',
    'cuts|raises|boosts|sends|deploys|strikes|attacks|downs|seizes|captures|arrests|charges|sues|fines|sanctions',
    'imposes|lifts|ends|starts|begins|hails|welcomes|dismisses|responds|fails|becomes|remains|turns|pushes|takes',
    'gives|gets|makes|sees|holds|keeps|sets|shuts|buys|sells|receives|delivers|talk|talks|meet|clash|clashes|slam',
    "must|will|won’t|won't|could|should|would|can|can’t|may|might|set to|to be",
  ].join('|')})\\b`,
  'i',
);

/** `Turkey: Erdogan threatens…` — a kicker, a colon, a clause. */
export const KICKER_SHAPE = /^[\p{Lu}\p{N}][^:]{0,40}:\s+\p{Lu}\S*(?:\s+\S+){2,}$/u;

/** `…, Trump tells Erdogan` / `…, officials say` — headline attribution after a comma. */
export const ATTRIBUTION_SHAPE =
  /,\s+(?:\S+\s+){0,3}(?:says|say|tells|warns|claims|insists|admits|reveals|urges|vows|told|said)(?:\s+\p{Lu}\S*){0,3}$/u;

/** Words that never name a person in a byline: staff, desks, roles. */
export const NOT_A_NAME = new Set(
  (
    'staff|staffer|reporter|reporters|correspondent|correspondents|editor|editors|writer|writers|desk|team|newsroom|' +
    'agencies|agency|wire|wires|service|bureau|editorial|board|contributor|contributors|columnist|analyst|' +
    'press|news|times|post|daily|herald|tribune|journal|media|network|online|tv|radio|gazette|observer|monitor|' +
    'chronicle|telegraph|insider|group|associated|redaktion|rédaction|redacción|редакция|admin|administrator|guest|' +
    'senior|chief|political|foreign|diplomatic|special|our|the|in|and|with|for'
  ).split('|'),
);

/** Lower-case name particles allowed inside a person's name. */
export const NAME_PARTICLE = new Set(
  'de|da|di|del|della|van|von|der|den|du|le|la|al|el|bin|ibn|dos|das|ter|zu|ben|bint|y|e'.split('|'),
);

/** Role words after a byline's comma: `By Jane Doe, Senior Correspondent`. */
export const ROLE_WORDS =
  /\b(?:staff|reporter|correspondent|editor|writer|columnist|contributor|analyst|chief|bureau|producer|journalist|desk|fellow|professor|director)\b/i;

/** Short words that say little about what a line is about (for title/body overlap). */
export const STOPWORDS = new Set(
  (
    'the|and|for|with|from|that|this|are|was|were|has|have|had|will|would|its|his|her|their|our|your|not|but|' +
    'all|any|can|could|into|onto|over|under|about|after|before|since|than|then|them|they|what|when|where|which|' +
    'who|why|how|been|being|also|just|more|most|such|only|other|some|says|said|said|new|one|two|out|off|upon|' +
    'der|die|das|und|les|des|une|est|los|las|del|por|para|con'
  ).split('|'),
);
