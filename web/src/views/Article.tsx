import { AnnotatedBody, AnnotationLegend } from '../annotated';
import type { Annotations, Article, Quote, StoryList } from '../api';
import { ErrorBox, Link, Published, useApi, ViewHeading } from '../components';
import { QuoteList } from './Quotes';
import { href, type Location } from '../router';

/** A URL from the corpus becomes a link only when it is plain http(s); anything else (javascript:, data:) stays text. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Article: the clean body, the furniture extraction removed (toggled, in the URL), and every source. */
export function ArticleView(props: { location: Location; id: string }) {
  const article = useApi<Article>(`/api/articles/${encodeURIComponent(props.id)}`);
  const story = useApi<StoryList>('/api/stories', { article: props.id, limit: '1' });
  const annotations = useApi<Annotations>(`/api/articles/${encodeURIComponent(props.id)}/annotations`);
  const quotes = useApi<{ items: Quote[] }>('/api/quotes', { article: props.id, limit: '100' });
  const showRemoved = props.location.query.get('removed') === '1';
  const citeMatch = /^(\d+)-(\d+)$/.exec(props.location.query.get('cite') ?? '');
  const cite = citeMatch ? { start: Number(citeMatch[1]), end: Number(citeMatch[2]) } : null;
  if (article.error) return <ErrorBox error={article.error} />;
  if (!article.data) return <p aria-live="polite">Loading…</p>;
  const a = article.data;
  return (
    <article aria-labelledby="view-heading">
      <p class="back">
        <Link href="/search">← Search</Link>
      </p>
      <ViewHeading>{a.title ?? '(no title)'}</ViewHeading>
      <p class="meta">
        <span class="outlet">{a.outlet ?? 'unknown outlet'}</span> · <Published value={a.published} />
        {a.authors.length > 0 && <> · {a.authors.join(', ')}</>}
        {a.language && <> · {a.language}</>}
        {a.section && <> · {a.section}</>}
      </p>
      {story.data?.items[0] && (
        <p class="in-story">
          Story: <Link href={`/stories/${story.data.items[0].id}`}>{story.data.items[0].label}</Link> (
          {story.data.items[0].articles} article{story.data.items[0].articles === 1 ? '' : 's'})
        </p>
      )}
      {annotations.data ? (
        <AnnotationLegend />
      ) : (
        annotations.error && <p class="muted">Not analysed yet (run: dossier analyze --pending).</p>
      )}
      <AnnotatedBody body={a.body} annotations={annotations.data} lang={a.language ?? undefined} cite={cite} />
      {quotes.data && quotes.data.items.length > 0 && (
        <section aria-labelledby="quotes-heading">
          <h2 id="quotes-heading">Who said what ({quotes.data.items.length})</h2>
          <QuoteList quotes={quotes.data.items} showArticle={false} />
        </section>
      )}
      {a.tags.length > 0 && <p class="tags">Tags: {a.tags.join(', ')}</p>}

      <section aria-labelledby="removed-heading" class="removed">
        <h2 id="removed-heading">Removed furniture ({a.removed.length})</h2>
        {a.removed.length > 0 && (
          <p>
            <Link href={href(`/articles/${a.id}`, { removed: showRemoved ? undefined : '1' })}>
              {showRemoved ? 'Hide removed parts' : 'Show removed parts'}
            </Link>
          </p>
        )}
        {showRemoved && (
          <ul class="removed-list">
            {a.removed.map((r, i) => (
              <li key={i}>
                <span class="reason">{r.reason}</span> <span class="removed-text">{r.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources ({a.sources.length})</h2>
        <ul class="sources">
          {a.sources.map((s) => {
            const link = safeHttpUrl(s.url);
            return (
              <li key={s.source} class="source">
                <span class="outlet">{s.outlet ?? 'unknown outlet'}</span>
                {' — '}
                <span class="source-title">{s.title ?? '(no title)'}</span> · <Published value={s.published} />
                <br />
                <code class="source-path">{s.source}</code>
                {s.charset && <span class="muted"> ({s.charset})</span>}
                {s.url &&
                  (link ? (
                    <>
                      {' '}
                      <a href={link} rel="noopener noreferrer nofollow" target="_blank">
                        original page
                      </a>
                    </>
                  ) : (
                    <>
                      {' '}
                      <span class="muted">not a web address: </span>
                      <code>{s.url}</code>
                    </>
                  ))}
              </li>
            );
          })}
        </ul>
      </section>
    </article>
  );
}
