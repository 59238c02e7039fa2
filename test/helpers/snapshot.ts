import type { Store, StoredQuote } from '../../src/store/store.js';

const byPlace = (a: StoredQuote, b: StoredQuote) =>
  a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : a.start - b.start;

/**
 * Everything the CLI and the server can read of a dossier, except search scores (each backend ranks its own
 * way). With `anyOrder`, the orders that follow storage order (quotes of one date, co-mention pairs, an article's sources, which
 * depend on which worker stored first) are put in one canonical order.
 */
export async function snapshot(store: Store, anyOrder = false) {
  const articles = await store.listArticles({}, 10_000);
  const entities = await store.listEntities({}, 10_000);
  const stories = await store.listStories({}, 10_000);
  const claims = await store.listClaims({}, 10_000);
  const { linkedAt: _linkedAt, ...linkState } = await store.linkState();
  const hits = await store.search('ceasefire', {}, 1000);
  const quotes = await store.listQuotes({}, 10_000);
  const entityDetails = await Promise.all(entities.slice(0, 25).map((e) => store.getEntity(e.key)));
  const coMentions = await store.coMentions(null, 30);
  if (anyOrder) {
    quotes.sort(byPlace);
    for (const e of entityDetails) e?.quotes.sort(byPlace);
    coMentions.edges = coMentions.edges
      .map((e) => (e.source < e.target ? e : { ...e, source: e.target, target: e.source }))
      .sort((a, b) => b.articles - a.articles || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  }
  const full = await Promise.all(articles.map((a) => store.getArticle(a.id)));
  if (anyOrder) for (const a of full) a?.sources.sort((x, y) => (x.source < y.source ? -1 : 1));
  return {
    stats: await store.stats(),
    outlets: await store.listOutlets(),
    articles,
    full,
    analyses: await Promise.all(articles.map((a) => store.getAnalysis(a.id))),
    entities,
    entityDetails,
    quotes,
    coMentions,
    stories,
    storyDetails: await Promise.all(stories.map((s) => store.getStory(s.id))),
    claims,
    claimDetails: await Promise.all(claims.map((c) => store.getClaim(c.id))),
    linkState,
    searchHits: hits.map((h) => h.id).sort(),
    searchFacets: await store.searchPage('ceasefire', {}, 20).then(({ hits: _hits, ...facets }) => facets),
  };
}
