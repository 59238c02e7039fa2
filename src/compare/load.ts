/**
 * Reading a stored story for comparison. The one place compare reaches the
 * store: it reads the stored analyses, and analyses (without storing) only an
 * article whose analysis is missing or of another version.
 */
import { currentAnalysis } from '../analyzing.js';
import { DossierError } from '../errors.js';
import { outletNamer } from '../extract/outlet-names.js';
import type { Store, StoryDetail } from '../store/store.js';
import type { Analysis, Article } from '../types.js';
import { countTerms } from './framing.js';
import type { CompareArticle, TermCounts } from './types.js';

/** The outlet name of articles no source names an outlet for. */
export const UNKNOWN_OUTLET = 'unknown outlet';

/** The outlet a stored article's sources name (the extractor's, else a source's). */
function namedOutlet(article: Article): string | null {
  return article.outlet?.value ?? article.sources.find((s) => s.outlet)?.outlet ?? null;
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
  // the stored outlets are the outlets' names already; a name asked for may be any spelling (`rt.com` for RT)
  const name = outletNamer([], await store.listOutletAliases());
  const wanted = new Set(outlets.map((o) => name(o).toLowerCase()));
  const analyses = new Map<string, { body: string; analysis: Analysis } | null>();
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  for (const item of story.items) {
    const outlet = item.outlet ?? UNKNOWN_OUTLET;
    if (wanted.size && !wanted.has(outlet.toLowerCase())) continue;
    if (seen.has(`${item.id}\n${outlet}`)) continue;
    seen.add(`${item.id}\n${outlet}`);
    if (!analyses.has(item.id)) {
      const article = await store.getArticle(item.id);
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
  /** Overrides the stored outlet; without it, the stored outlet, else `unknown outlet <id>`; either goes by its outlet's name (`outletNamer`). */
  outlet?: string;
}

/**
 * Chosen stored articles ready to compare, whichever stories hold them: the
 * way to compare articles the link stage did not group. An outlet stored as a
 * host (`rt.com`, read from the article's furniture at extraction) beside an
 * article from `RT` is RT's; an article with no outlet is its own side
 * (`unknown outlet 0bb414d2`): nothing says two unnamed articles come from one outlet.
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
  // one outlet, many spellings: the stored aliases, and the spellings of the outlets in view joined as ingest
  // joins them (`rt.com` beside `RT`, `middleeastmonitor.com` beside `=Middle East Monitor`)
  const named = found.flatMap(({ pick, article }) => [
    ...(pick.outlet ? [pick.outlet] : []),
    ...(article.outlet ? [article.outlet.value] : []),
    ...article.sources.flatMap((s) => (s.outlet ? [s.outlet] : [])),
  ]);
  const name = outletNamer(named, await store.listOutletAliases());
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  for (const { pick, article } of found) {
    const stored = namedOutlet(article);
    const outlet = pick.outlet ?? stored;
    const shown = outlet ? name(outlet) : `${UNKNOWN_OUTLET} ${article.id.slice(0, 8)}`;
    if (seen.has(`${article.id}\n${shown}`)) continue;
    seen.add(`${article.id}\n${shown}`);
    articles.push({
      id: article.id,
      outlet: shown,
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
