/**
 * The resolve stage: entity chains inside one article (`resolveArticle`) and
 * entities across the corpus (`EntityTable`, `resolveCorpus`). See docs/RESOLVE.md.
 */
export {
  type ArticleEntities,
  type Chain,
  type ChainMention,
  type ChainRole,
  type ChainType,
  chainAt,
  type MentionForm,
  RESOLVE_DEFAULTS,
  RESOLVE_VERSION,
  type ResolveOptions,
  resolveArticle,
} from './article.js';
export {
  type ArticleRef,
  type Entity,
  type EntityRole,
  EntityTable,
  type EntityTableState,
  entityId,
  resolveCorpus,
} from './corpus.js';
export { foldWord, nameKey, nameKeyWords } from './names.js';
