import type { ArticleSummary, SearchHit } from '../store/store.js';
import type { Article } from '../types.js';
import { articleView } from '../article-view.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Strips terminal control sequences from stored text before it reaches a terminal. */
export function inert(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export function printSummaries(rows: readonly ArticleSummary[], json: boolean): void {
  for (const r of rows) {
    if (json) out(JSON.stringify(r));
    else
      out(
        `${r.id}  ${pad(r.outlet ?? '-', 22)}  ${pad(r.published?.slice(0, 16) ?? '-', 16)}  ${inert(r.title ?? '(no title)')}`,
      );
  }
}

export function printHits(hits: readonly SearchHit[], json: boolean): void {
  const tty = Boolean(process.stdout.isTTY);
  for (const h of hits) {
    if (json) {
      out(JSON.stringify(h));
      continue;
    }
    out(`${h.id}  ${pad(h.outlet ?? '-', 22)}  ${inert(h.title ?? '(no title)')}`);
    out(`    ${highlight(h.snippet, h.highlights, tty)}`);
  }
}

/** Bold on a terminal, [brackets] elsewhere. */
function highlight(snippet: string, ranges: ReadonlyArray<[number, number]>, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['[', ']'];
  let result = '';
  let at = 0;
  for (const [s, e] of ranges) {
    result += inert(snippet.slice(at, s)) + open + inert(snippet.slice(s, e)) + close;
    at = e;
  }
  return (result + inert(snippet.slice(at))).replace(/\s+/g, ' ');
}

export function printArticle(a: Article, json: boolean): void {
  if (json) {
    out(JSON.stringify(articleView(a)));
    return;
  }
  const field = (name: string, value: string | null | undefined, via?: string) =>
    out(`${pad(name, 10)} ${inert(value ?? '-')}${via ? `  (${via})` : ''}`);
  field('id', a.id);
  field('title', a.title?.value, a.title?.via);
  field('outlet', a.outlet?.value, a.outlet?.via);
  field('published', a.published?.value, a.published?.via);
  field('authors', a.authors.join('; ') || null);
  field('language', a.language?.value, a.language?.via);
  if (a.modified) field('modified', a.modified.value, a.modified.via);
  if (a.section) field('section', a.section.value, a.section.via);
  if (a.tags.length) field('tags', a.tags.join(', '));
  for (const s of a.sources) {
    const said = [s.outlet, s.published, s.charset].filter(Boolean).join(' · ');
    field('source', s.source, said || undefined);
  }
  out('');
  out(inert(a.body));
  if (a.removed.length) {
    out('');
    out(`removed (${a.removed.length}):`);
    for (const r of a.removed) out(`  [${r.reason}] ${inert(r.text).slice(0, 160)}`);
  }
}

function pad(text: string, width: number): string {
  const clean = inert(text);
  return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean.padEnd(width);
}
