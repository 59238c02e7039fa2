/**
 * Reading a stored story for comparison. The one place compare reaches the
 * store: it reads the stored analyses, and analyses (without storing) only an
 * article whose analysis is missing or of another version.
 */
import { currentAnalysis } from '../analyzing.js';
import { DossierError } from '../errors.js';
import type { Store, StoryDetail } from '../store/store.js';
import type { Analysis, Article } from '../types.js';
import { countTerms } from './framing.js';
import type { CompareArticle, TermCounts } from './types.js';

/** The outlet name of articles no source names an outlet for. */
export const UNKNOWN_OUTLET = 'unknown outlet';

/** A site name as a host (`rt.com`, `bbc.co.uk`), as the extractor stores an outlet read from a page's furniture. */
const HOST = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

/** Letters and digits only, lower case: `Middle East Monitor` and `middleeastmonitor` meet. */
const squeeze = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * An outlet as the compared articles spell it: a host (`rt.com`, read by the
 * extractor from the article's furniture) is the outlet of `named` that is
 * one of the host's labels before the last (`rt.com` is `RT`,
 * `middleeastmonitor.com` is `Middle East Monitor`, `bbc.co.uk` is `BBC`),
 * else stays as written.
 */
export function spellOutlet(outlet: string, named: readonly string[]): string {
  if (!HOST.test(outlet)) return outlet;
  const labels = outlet.toLowerCase().split('.').slice(0, -1).map(squeeze);
  return named.find((n) => !HOST.test(n) && labels.includes(squeeze(n))) ?? outlet;
}

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
  const wanted = new Set(outlets.map((o) => o.toLowerCase()));
  const analyses = new Map<string, { body: string; analysis: Analysis } | null>();
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  const named = story.items.flatMap((i) => (i.outlet ? [i.outlet] : []));
  for (const item of story.items) {
    const outlet = item.outlet ? spellOutlet(item.outlet, named) : UNKNOWN_OUTLET;
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
  /** Overrides the stored outlet; without it, the stored outlet (spelt as another compared outlet when it is that outlet's site), else `unknown outlet <id>`. */
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
  // outlets named by the user or by a source: what an outlet spelt as a host is matched against
  const named = found.flatMap(({ pick, article }) => [
    ...(pick.outlet ? [pick.outlet] : []),
    ...(article.outlet ? [article.outlet.value] : []),
    ...article.sources.flatMap((s) => (s.outlet ? [s.outlet] : [])),
  ]);
  const articles: CompareArticle[] = [];
  const seen = new Set<string>();
  for (const { pick, article } of found) {
    const stored = namedOutlet(article);
    const outlet =
      pick.outlet ?? (stored && spellOutlet(stored, named)) ?? `${UNKNOWN_OUTLET} ${article.id.slice(0, 8)}`;
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
