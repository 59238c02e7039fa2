import { DossierError } from './errors.js';
import type { Store } from './store/store.js';
import type { Article } from './types.js';

/**
 * Exports of a dossier, a story or a search, for other tools: articles as
 * JSON Lines or CSV, and the entity co-mention network as GraphML (Gephi,
 * Cytoscape, networkx read it). One generator of text chunks serves
 * `dossier export` and `GET /api/export`.
 */

export type ExportFormat = 'jsonl' | 'csv' | 'graphml';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'graphml'];

/** What to export: one story, the hits of a search, or (neither) the whole dossier. */
export interface ExportScope {
  story?: string;
  q?: string;
}

/** Hits of a search exported at most. */
export const MAX_SEARCH_EXPORT = 10_000;
/** Entities in an exported network: those with most articles. */
export const MAX_GRAPH_ENTITIES = 500;

export const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
};

const CSV_COLUMNS = ['id', 'outlet', 'published', 'title', 'url', 'language', 'authors', 'sources', 'body'] as const;

/** The export as text chunks, one article (or one graph element) at a time. */
export async function* exportDossier(
  store: Store,
  format: ExportFormat,
  scope: ExportScope = {},
): AsyncGenerator<string> {
  const ids = await scopeIds(store, scope);
  if (format === 'graphml') {
    yield* graphml(await store.coMentions(ids, MAX_GRAPH_ENTITIES));
    return;
  }
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const article of articlesOf(store, ids)) {
    const row = exportRow(article);
    yield format === 'jsonl'
      ? `${JSON.stringify(row)}\n`
      : `${CSV_COLUMNS.map((c) => csvField(c === 'authors' ? row.authors.join('; ') : row[c])).join(',')}\r\n`;
  }
}

/** The article ids of a scope, null for the whole dossier. */
async function scopeIds(store: Store, scope: ExportScope): Promise<string[] | null> {
  if (scope.story) {
    const story = await store.getStory(scope.story);
    if (!story) throw new DossierError('E_NOT_FOUND', `no story with id ${scope.story}`);
    return [...new Set(story.items.map((i) => i.id))];
  }
  if (scope.q) return (await store.search(scope.q, {}, MAX_SEARCH_EXPORT)).map((h) => h.id);
  return null;
}

async function* articlesOf(store: Store, ids: readonly string[] | null): AsyncGenerator<Article> {
  if (ids) {
    for (const id of ids) {
      const article = await store.getArticle(id);
      if (article) yield article;
    }
    return;
  }
  for await (const row of store.listLinkSources()) {
    const article = await store.getArticle(row.id);
    if (article) yield article;
  }
}

function exportRow(a: Article) {
  return {
    id: a.id,
    outlet: a.outlet?.value ?? null,
    published: a.published?.value ?? null,
    title: a.title?.value ?? null,
    url: a.canonicalUrl ?? a.sources.find((s) => s.url)?.url ?? null,
    language: a.language?.value ?? null,
    authors: a.authors,
    sources: a.sources.length,
    body: a.body,
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A formula-like start is defused. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // spreadsheets run a cell starting with = + - @ as a formula: corpus text must stay text
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for XML: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function* graphml(graph: Awaited<ReturnType<Store['coMentions']>>): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n';
  yield '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n';
  yield '  <key id="type" for="node" attr.name="type" attr.type="string"/>\n';
  yield '  <key id="articles" for="node" attr.name="articles" attr.type="int"/>\n';
  yield '  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>\n';
  yield '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n';
  yield '  <graph id="co-mentions" edgedefault="undirected">\n';
  for (const n of graph.nodes) {
    yield `    <node id="${xmlText(n.key)}"><data key="label">${xmlText(n.name)}</data><data key="type">${n.type}</data><data key="articles">${n.articles}</data><data key="mentions">${n.mentions}</data></node>\n`;
  }
  for (const [i, e] of graph.edges.entries()) {
    yield `    <edge id="e${i}" source="${xmlText(e.source)}" target="${xmlText(e.target)}"><data key="weight">${e.articles}</data></edge>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}
