import type { Quote } from '../api';
import { ErrorBox, Link, Published, useApi, ViewHeading } from '../components';
import { href, type Location, navigate } from '../router';

const KINDS = ['direct', 'indirect', 'mixed'] as const;

/** Quotes with their speakers; each links to its speaker's page and to the sentence in its article. */
export function QuoteList(props: { quotes: readonly Quote[]; showArticle?: boolean }) {
  return (
    <ol class="quotes">
      {props.quotes.map((q) => {
        const who = q.speaker.name ?? 'unattributed';
        return (
          <li key={`${q.article.id}:${q.start}`} class={`quote quote-${q.kind}`}>
            <blockquote cite={`/articles/${q.article.id}`}>{q.text}</blockquote>
            <p class="meta">
              {q.speaker.name ? (
                <Link href={`/entities/${encodeURIComponent(q.speaker.entity ?? q.speaker.name)}`}>{who}</Link>
              ) : (
                <span class="muted">{who}</span>
              )}
              {q.speaker.mention && q.speaker.mention !== q.speaker.name && (
                <span class="muted"> (as “{q.speaker.mention}”)</span>
              )}{' '}
              · {q.kind}
              {q.cue && <> · {q.cue}</>}
              {q.addressee && <> · to {q.addressee}</>}
              {q.channel && <> · {q.channel}</>}
              {props.showArticle !== false && (
                <>
                  {' '}
                  · <span class="outlet">{q.article.outlet ?? 'unknown outlet'}</span> ·{' '}
                  <Link href={`/articles/${q.article.id}`}>{q.article.title ?? '(no title)'}</Link> ·{' '}
                  <Published value={q.article.published} />
                </>
              )}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

/** Quotes explorer: who said what, filtered by speaker, outlet and kind (all in the URL). */
export function QuotesView(props: { location: Location }) {
  const q = props.location.query;
  const filters = {
    speaker: q.get('speaker') ?? undefined,
    outlet: q.get('outlet') ?? undefined,
    kind: q.get('kind') ?? undefined,
  };
  const quotes = useApi<{ items: Quote[] }>('/api/quotes', { ...filters, limit: '100' });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => (form.get(name) as string | null)?.trim() || undefined;
    navigate(href('/quotes', { speaker: value('speaker'), outlet: value('outlet'), kind: value('kind') }));
  };
  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Quotes</ViewHeading>
      <form class="search-form" role="search" onSubmit={onSubmit}>
        <label>
          Speaker <input name="speaker" type="search" defaultValue={filters.speaker} placeholder="a name or surname" />
        </label>
        <label>
          Outlet <input name="outlet" type="search" defaultValue={filters.outlet} />
        </label>
        <label>
          Kind{' '}
          <select name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {quotes.error && <ErrorBox error={quotes.error} />}
      {!quotes.data && !quotes.error && <p aria-live="polite">Loading…</p>}
      {quotes.data && (
        <>
          <p class="summary" aria-live="polite">
            {quotes.data.items.length === 100 ? 'The latest 100 quotes' : `${quotes.data.items.length} quotes`}
          </p>
          <QuoteList quotes={quotes.data.items} />
        </>
      )}
    </section>
  );
}
