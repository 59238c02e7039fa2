/**
 * Reading a stored story for comparison. The one place compare reaches the
 * store: it reads the stored analyses, and analyses (without storing) only an
 * article whose analysis is missing or of another version.
 */
import { currentAnalysis } from '../analyzing.js';
import { DossierError } from '../errors.js';
import type { Store, StoryDetail } from '../store/store.js';
import type { Analysis, Article, RemovedPart } from '../types.js';
import { countTerms } from './framing.js';
import type { CompareArticle, TermCounts } from './types.js';

/** The outlet name of articles no source names an outlet for. */
export const UNKNOWN_OUTLET = 'unknown outlet';

/** `Also on rt.com`: the extractor cut it as cross-promotion, which promotes a headline of the same site. */
const SELF_PROMOTION = /^also on\s+(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b/i;

/** Letters and digits only, lower case: `Middle East Monitor` and `middleeastmonitor` meet. */
const squeeze = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The outlet an article's own furniture names when its source names none: the
 * site of a cross-promotion line it carried (`Also on rt.com`), spelt as one
 * of `named` when that outlet's name is one of the site's labels (`rt.com` is
 * `RT`, `middleeastmonitor.com` is `Middle East Monitor`), else the site as written.
 * Null when no furniture names a site.
 */
export function outletOfFurniture(removed: readonly RemovedPart[], named: readonly string[] = []): string | null {
  for (const part of removed) {
    if (part.reason !== 'cross-promotion') continue;
    const site = SELF_PROMOTION.exec(part.text.trim())?.[1]?.toLowerCase();
    if (!site) continue;
    // a name is the site's when it is one of the site's labels before the last (`rt` of rt.com, `bbc` of bbc.co.uk)
    const labels = site.split('.').slice(0, -1).map(squeeze);
    const same = named.find((n) => labels.includes(squeeze(n)));
    return same ?? site;
  }
  return null;
}

/** The outlet a stored article's sources name, else the one its furniture names (see `outletOfFurniture`). */
function namedOutlet(article: Article, named: readonly string[]): string | null {
  return (
    article.outlet?.value ?? article.sources.find((s) => s.outlet)?.outlet ?? outletOfFurniture(article.removed, named)
  );
}

/** A stored story with its articles ready to compare; null when no story has that id. */
export interface LoadedStory {
  story: StoryDetail;
  articles: CompareArticle[];
}

/**
 * The articles of a story, one per article and outlet (a wire story carried
 * by two outlets counts for both), with their analyses.
 * @param outlets only these outlets (case-insensitive); all when absent or empty
 */
export async function loadStoryArticles(
  store: Store,
  storyId: string,
  outlets: readonly string[] = [],
): Promise<LoadedStory | null> {
  const story = await store.getStory(storyId);
  if (!story) return null;
  const wanted = new Set(outlets.map((o) => o.toLowerCase()));
  const analyses = new Map<string, { body: string; analysis: Analysis } | null>();
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  const named = story.items.flatMap((i) => (i.outlet ? [i.outlet] : []));
  for (const item of story.items) {
    const unnamed = item.outlet ? null : await store.getArticle(item.id);
    const outlet = item.outlet ?? (unnamed && outletOfFurniture(unnamed.removed, named)) ?? UNKNOWN_OUTLET;
    if (wanted.size && !wanted.has(outlet.toLowerCase())) continue;
    if (seen.has(`${item.id}\n${outlet}`)) continue;
    seen.add(`${item.id}\n${outlet}`);
    if (!analyses.has(item.id)) {
      const article = unnamed ?? (await store.getArticle(item.id));
      analyses.set(item.id, article ? { body: article.body, analysis: await currentAnalysis(store, article) } : null);
    }
    const a = analyses.get(item.id);
    if (!a) continue;
    articles.push({
      id: item.id,
      outlet,
      published: item.published,
      title: item.title,
      body: a.body,
      analysis: a.analysis,
    });
  }
  return { story, articles };
}

/** A stored article chosen by id (a unique prefix is enough), and the outlet to show it under. */
export interface ArticlePick {
  id: string;
  /** Overrides the outlet its source names; without it, the source's outlet, else the one its furniture names, else `unknown outlet <id>`. */
  outlet?: string;
}

/**
 * Chosen stored articles ready to compare, whichever stories hold them: the
 * way to compare articles the link stage did not group. An article no source
 * names an outlet for takes the one its furniture names (`Also on rt.com`
 * beside an article from `RT` is RT's), else is its own side (`unknown outlet
 * 0bb414d2`): nothing says two unnamed articles come from one outlet.
 * Throws `DOSSIER_E_NOT_FOUND` naming the first id that matches no article.
 */
export async function loadArticles(store: Store, picks: readonly ArticlePick[]): Promise<CompareArticle[]> {
  const found: Array<{ pick: ArticlePick; article: Article }> = [];
  for (const pick of picks) {
    const article = await store.getArticle(pick.id);
    if (!article)
      throw new DossierError(
        'E_NOT_FOUND',
        `--articles: no article with id ${pick.id} (list ids with: dossier articles)`,
      );
    found.push({ pick, article });
  }
  // outlets named by the user or by a source: what a site named in an article's furniture is matched against
  const named = found.flatMap(({ pick, article }) => [
    ...(pick.outlet ? [pick.outlet] : []),
    ...(article.outlet ? [article.outlet.value] : []),
    ...article.sources.flatMap((s) => (s.outlet ? [s.outlet] : [])),
  ]);
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  for (const { pick, article } of found) {
    const outlet = pick.outlet ?? namedOutlet(article, named) ?? `${UNKNOWN_OUTLET} ${article.id.slice(0, 8)}`;
    if (seen.has(`${article.id}\n${outlet}`)) continue;
    seen.add(`${article.id}\n${outlet}`);
    articles.push({
      id: article.id,
      outlet,
      published: article.published?.value ?? null,
      title: article.title?.value ?? null,
      body: article.body,
      analysis: await currentAnalysis(store, article),
    });
  }
  return articles;
}

/**
 * Term counts over the stored corpus, newest articles first, up to `limit`
 * articles: the prior of the framing terms.
 * @param limit at most this many articles are counted (bounded time on a large dossier)
 */
export async function corpusBackground(store: Store, limit = 2000): Promise<TermCounts> {
  const ids: string[] = [];
  let after: string | undefined;
  while (ids.length < limit) {
    const page = await store.listArticlesPage({}, Math.min(500, limit - ids.length), after);
    ids.push(...page.items.map((a) => a.id));
    if (!page.next || page.items.length === 0) break;
    after = page.next;
  }
  const bodies = await store.getBodies(ids);
  return countTerms(bodies.values());
}
