/**
 * The stories an outlet profile or an outlet-versus-outlet view is drawn
 * from: the largest stories the outlet shares with another outlet (with the
 * second outlet, when one is given), each compared as `dossier compare` does.
 * The CLI (`dossier outlet`, `dossier outlets --vs`) and the server share it.
 */
import { DossierError } from '../errors.js';
import { outletNamer } from '../extract/outlet-names.js';
import type { Store } from '../store/store.js';
import { compareStory, corpusBackground, loadStoryArticles, UNKNOWN_OUTLET } from './index.js';
import type { StoryComparison } from './profile.js';
import type { TermCounts } from './types.js';

/** The outlets as the stories spell them, and the comparisons of at most `limit` shared stories, largest first. */
export async function compareStoriesOf(
  store: Store,
  name: string,
  other: string | null,
  limit: number,
  background?: TermCounts,
): Promise<{ outlet: string; other: string | null; comparisons: StoryComparison[] }> {
  // any spelling names its outlet (`rt.com` is RT): the stories list the outlets' names
  const spelt = outletNamer([], await store.listOutletAliases());
  name = spelt(name);
  other = other === null ? null : spelt(other);
  const same = (x: string | null, y: string) => (x ?? '').toLowerCase() === y.toLowerCase();
  // stories are listed largest first; a generous page, since only shared ones count
  const listed = await store.listStories({ outlet: name, minArticles: 2 }, limit * 5);
  const picked: typeof listed = [];
  for (const s of listed) {
    if (picked.length >= limit) break;
    // an article no source names an outlet for is a side of its own (`unknown outlet`), as `dossier compare` shows it
    const sides = s.outlets.length > 1 ? s.outlets : await storySides(store, s.id);
    if (sides.length > 1 && (!other || sides.some((x) => same(x, other)))) picked.push(s);
  }
  if (picked.length === 0) {
    throw new DossierError(
      'E_NOT_FOUND',
      other
        ? `no story carried by both ${name} and ${other} (outlets: dossier stories --outlet NAME)`
        : `no story that ${name} shares with another outlet (outlets: dossier stories --outlet NAME)`,
    );
  }
  const prior = background ?? (await corpusBackground(store));
  const comparisons: StoryComparison[] = [];
  let outlet = name;
  let otherName = other;
  for (const s of picked) {
    const loaded = await loadStoryArticles(store, s.id);
    if (!loaded) continue;
    outlet = loaded.articles.find((a) => same(a.outlet, name))?.outlet ?? outlet;
    if (other) otherName = loaded.articles.find((a) => same(a.outlet, other))?.outlet ?? otherName;
    const comparison = compareStory({
      articles: loaded.articles,
      duplicates: loaded.story.duplicates,
      background: prior,
    });
    comparisons.push({ story: loaded.story.id, comparison });
  }
  return { outlet, other: otherName, comparisons };
}

/** The outlets of a story's articles, an article no source names counted as `unknown outlet`. */
async function storySides(store: Store, id: string): Promise<string[]> {
  const items = (await store.getStory(id))?.items ?? [];
  return [...new Set(items.map((i) => i.outlet ?? UNKNOWN_OUTLET))];
}
