import { useEffect, useRef, useState } from 'preact/hooks';
import { type ArticlePage, type ArticleSummary, apiGet, type Outlet, type SearchResult, type StoryList } from '../api';
import { Chart } from '../chart';
import { ErrorBox, Highlighted, Link, Published, useApi, ViewHeading } from '../components';
import { href, type Location, navigate } from '../router';

/** The filters the search view keeps in the URL. */
interface SearchState {
  q: string;
  outlet: string;
  since: string;
  until: string;
}

function stateOf(query: URLSearchParams): SearchState {
  return {
    q: query.get('q') ?? '',
    outlet: query.get('outlet') ?? '',
    since: query.get('since') ?? '',
    until: query.get('until') ?? '',
  };
}

const toParams = (s: SearchState) => ({ q: s.q || undefined, outlet: s.outlet, since: s.since, until: s.until });

/**
 * Search: a query box, outlet facet and date range, all in the URL. Without
 * a query it lists the dossier newest first, a page at a time.
 */
export function SearchView(props: { location: Location }) {
  const state = stateOf(props.location.query);
  const [draft, setDraft] = useState(state);
  // the form follows the URL when the URL changes (back, a facet link)
  useEffect(() => setDraft(state), [props.location.query.toString()]);
  const outlets = useApi<{ items: Outlet[] }>('/api/outlets');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // `/` jumps to the query box from anywhere but a text field
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === '/' && tag !== 'INPUT' && tag !== 'SELECT' && tag !== 'TEXTAREA') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    navigate(href('/search', toParams({ ...draft, q: draft.q.trim() })));
  };

  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Search</ViewHeading>
      <form class="search-form" aria-label="Search the dossier" onSubmit={submit}>
        <label>
          <span>Words or "phrases"</span>
          <input
            ref={input}
            type="search"
            name="q"
            value={draft.q}
            placeholder='ceasefire OR "Tarnel Valley" -rumour'
            maxLength={500}
            onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>Outlet</span>
          <select
            name="outlet"
            value={draft.outlet}
            onChange={(e) => setDraft({ ...draft, outlet: e.currentTarget.value })}
          >
            <option value="">All outlets</option>
            {outlets.data?.items.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input
            type="date"
            name="since"
            value={draft.since}
            onInput={(e) => setDraft({ ...draft, since: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>To</span>
          <input
            type="date"
            name="until"
            value={draft.until}
            onInput={(e) => setDraft({ ...draft, until: e.currentTarget.value })}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {state.q ? <Results state={state} /> : <Browse state={state} />}
    </section>
  );
}

function Results(props: { state: SearchState }) {
  const { state } = props;
  const result = useApi<SearchResult>('/api/search', { ...toParams(state), limit: '50' });
  const stories = useApi<StoryList>('/api/stories', { ...toParams(state), limit: '10' });
  if (result.error) return <ErrorBox error={result.error} />;
  if (!result.data) return <p aria-live="polite">Searching…</p>;
  const { hits, outlets, entities, days, sampled, matched, counted } = result.data;
  const histogram = dateHistogram(days);
  return (
    <div class="results">
      <aside class="facet" aria-label="Outlets with matches">
        <h2>Outlets</h2>
        <ul>
          {state.outlet && (
            <li>
              <Link href={href('/search', toParams({ ...state, outlet: '' }))}>All outlets</Link>
            </li>
          )}
          {outlets.map((o) => (
            <li key={o.name}>
              <Link
                href={href('/search', toParams({ ...state, outlet: o.name }))}
                aria-current={o.name.toLowerCase() === state.outlet.toLowerCase() ? 'page' : undefined}
              >
                {o.name}
              </Link>{' '}
              <span class="count">{o.hits}</span>
            </li>
          ))}
        </ul>
        {stories.data && stories.data.items.length > 0 && (
          <div class="facet-stories">
            <h2>Stories</h2>
            <ul>
              {stories.data.items.map((st) => (
                <li key={st.id}>
                  <Link href={`/stories/${st.id}`}>{st.label}</Link> <span class="count">{st.articles}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {entities.length > 0 && (
          <div class="facet-entities">
            <h2>Named most</h2>
            <ul>
              {entities.map((e) => (
                <li key={e.key}>
                  <Link href={`/entities/${encodeURIComponent(e.key)}`}>{e.name}</Link>{' '}
                  <span class="count" title="of the 200 best matches">
                    {e.hits}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </aside>
      <div>
        <p class="summary" aria-live="polite">
          {hits.length === 0
            ? 'No article matches.'
            : sampled
              ? `More than ${matched.toLocaleString('en')} articles match: the ${hits.length} newest are shown, and the counts beside them are those of the newest ${counted.toLocaleString('en')}.`
              : `${matched} article${matched === 1 ? '' : 's'}${hits.length < matched ? ` (the ${hits.length} best shown)` : ''}`}
        </p>
        {histogram && (
          <Chart
            title={`Matching articles per ${histogram.unit}${sampled ? ` (the newest ${counted.toLocaleString('en')})` : ''}`}
            kind="bars"
            x={histogram.x}
            series={[{ label: 'Articles', values: histogram.counts }]}
            xLabel={(x) => new Date(x * 1000).toISOString().slice(0, histogram.unit === 'day' ? 10 : 7)}
          />
        )}
        <ol class="hits">
          {hits.map((h) => (
            <li key={h.id} class="hit">
              <h3>
                <Link href={`/articles/${h.id}`}>{h.title ?? '(no title)'}</Link>
              </h3>
              <p class="meta">
                <span class="outlet">{h.outlet ?? 'unknown outlet'}</span> · <Published value={h.published} />
              </p>
              <p class="snippet">
                <Highlighted text={h.snippet} ranges={h.highlights} />
              </p>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

/** Days with matches longer than this many days apart are counted by month instead. */
const DAYS_SHOWN = 120;

/** The day facet as chart bars: every day of the range (empty days as 0), or every month when the range is long. */
function dateHistogram(days: SearchResult['days']): { unit: 'day' | 'month'; x: number[]; counts: number[] } | null {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return null;
  const DAY = 86_400;
  const start = Date.parse(`${first.day}T00:00:00Z`) / 1000;
  const end = Date.parse(`${last.day}T00:00:00Z`) / 1000;
  const byMonth = (end - start) / DAY > DAYS_SHOWN;
  const key = (d: string) => (byMonth ? `${d.slice(0, 7)}-01` : d);
  const counts = new Map<string, number>();
  for (const d of days) counts.set(key(d.day), (counts.get(key(d.day)) ?? 0) + d.hits);
  const x: number[] = [];
  for (let t = start; t <= end;) {
    const k = key(new Date(t * 1000).toISOString().slice(0, 10));
    const at = Date.parse(`${k}T00:00:00Z`) / 1000;
    if (x[x.length - 1] !== at) x.push(at);
    t += DAY;
  }
  return {
    unit: byMonth ? 'month' : 'day',
    x,
    counts: x.map((t) => counts.get(new Date(t * 1000).toISOString().slice(0, 10)) ?? 0),
  };
}

/** The dossier newest first, with "more" reading on from the server's cursor. */
function Browse(props: { state: SearchState }) {
  const { state } = props;
  const first = useApi<ArticlePage>('/api/articles', { ...toParams(state), limit: '25' });
  const [more, setMore] = useState<{ items: ArticleSummary[]; next: string | null } | null>(null);
  useEffect(() => setMore(null), [first.data]);
  if (first.error) return <ErrorBox error={first.error} />;
  if (!first.data) return <p aria-live="polite">Loading…</p>;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.data.next;
  const loadMore = async () => {
    if (!next) return;
    const page = await apiGet<ArticlePage>('/api/articles', { ...toParams(state), limit: '25', cursor: next });
    setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next });
  };
  return (
    <div>
      <h2>Newest articles</h2>
      {items.length === 0 && <p>No article matches these filters.</p>}
      <ol class="hits">
        {items.map((a) => (
          <li key={a.id} class="hit">
            <h3>
              <Link href={`/articles/${a.id}`}>{a.title ?? '(no title)'}</Link>
            </h3>
            <p class="meta">
              <span class="outlet">{a.outlet ?? 'unknown outlet'}</span> · <Published value={a.published} />
            </p>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" onClick={loadMore}>
          More articles
        </button>
      )}
    </div>
  );
}
