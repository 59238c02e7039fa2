/**
 * Reading a stored story for comparison. The one place compare reaches the
 * store: it reads the stored analyses, and analyses (without storing) only an
 * article whose analysis is missing or of another version.
 */
import { currentAnalysis } from '../analyzing.js';
import { DossierError } from '../errors.js';
import type { Store, StoryDetail } from '../store/store.js';
import type { Analysis } from '../types.js';
import { countTerms } from './framing.js';
import type { CompareArticle, TermCounts } from './types.js';

/** The outlet name of articles no source names an outlet for. */
export const UNKNOWN_OUTLET = 'unknown outlet';

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
  /** Overrides the outlet its source names; without it, the source's outlet, else `unknown outlet <id>`. */
  outlet?: string;
}

/**
 * Chosen stored articles ready to compare, whichever stories hold them: the
 * way to compare articles the link stage did not group. An article no source
 * names an outlet for is its own side (`unknown outlet 0bb414d2`): nothing
 * says two unnamed articles come from one outlet.
 * Throws `DOSSIER_E_NOT_FOUND` naming the first id that matches no article.
 */
export async function loadArticles(store: Store, picks: readonly ArticlePick[]): Promise<CompareArticle[]> {
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  for (const pick of picks) {
    const article = await store.getArticle(pick.id);
    if (!article)
      throw new DossierError(
        'E_NOT_FOUND',
        `--articles: no article with id ${pick.id} (list ids with: dossier articles)`,
      );
    const outlet =
      pick.outlet ??
      article.outlet?.value ??
      article.sources.find((s) => s.outlet)?.outlet ??
      `${UNKNOWN_OUTLET} ${article.id.slice(0, 8)}`;
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
