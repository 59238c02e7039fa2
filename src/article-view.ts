import type { Article } from './types.js';

/**
 * An article as the CLI (`show --json`) and the API show it: plain values up
 * front, how each was found under `found`.
 */
export function articleView(a: Article) {
  return {
    id: a.id,
    title: a.title?.value ?? null,
    outlet: a.outlet?.value ?? null,
    published: a.published?.value ?? null,
    authors: a.authors,
    language: a.language?.value ?? null,
    canonicalUrl: a.canonicalUrl,
    modified: a.modified?.value ?? null,
    section: a.section?.value ?? null,
    tags: a.tags,
    body: a.body,
    removed: a.removed,
    sources: a.sources,
    found: {
      title: a.title,
      outlet: a.outlet,
      published: a.published,
      modified: a.modified,
      language: a.language,
      section: a.section,
    },
    pipeline: a.pipeline,
  };
}
