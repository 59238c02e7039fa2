import type { Entity, EntityGraph, EntitySummary } from '../api';
import { Chart } from '../chart';
import { ErrorBox, Link, Published, useApi, ViewHeading } from '../components';
import { CoMentionGraph } from '../graph';
import { href, type Location, navigate } from '../router';
import { QuoteList } from './Quotes';

const TYPES = ['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT'] as const;
const entityHref = (e: { key: string }) => `/entities/${encodeURIComponent(e.key)}`;

/** Entities: the people, organisations, places and systems the dossier names, most articles first. */
export function EntitiesView(props: { location: Location }) {
  const type = props.location.query.get('type') ?? undefined;
  const q = props.location.query.get('q') ?? undefined;
  const list = useApi<{ items: EntitySummary[] }>('/api/entities', { type, q, limit: '100' });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => (form.get(name) as string | null)?.trim() || undefined;
    navigate(href('/entities', { q: value('q'), type: value('type') }));
  };
  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Entities</ViewHeading>
      <form class="search-form" role="search" onSubmit={onSubmit}>
        <label>
          Name <input name="q" type="search" defaultValue={q} />
        </label>
        <label>
          Type{' '}
          <select name="type" defaultValue={type ?? ''}>
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {list.error && <ErrorBox error={list.error} />}
      {!list.data && !list.error && <p aria-live="polite">Loading…</p>}
      {list.data && (
        <table class="outlets entities">
          <caption>{list.data.items.length} entities, most articles first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Articles</th>
              <th scope="col">Mentions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.key}>
                <th scope="row">
                  <Link href={entityHref(e)}>{e.name}</Link>
                </th>
                <td>{e.type}</td>
                <td>{e.articles}</td>
                <td>{e.mentions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One entity: spellings, mentions over time per outlet, quotes by it, entities named beside it, latest articles. */
export function EntityView(props: { name: string }) {
  const entity = useApi<Entity>(`/api/entities/${encodeURIComponent(props.name)}`);
  if (entity.error) return <ErrorBox error={entity.error} />;
  if (!entity.data) return <p aria-live="polite">Loading…</p>;
  const e = entity.data;
  return (
    <article aria-labelledby="view-heading">
      <p class="back">
        <Link href="/entities">← Entities</Link>
      </p>
      <ViewHeading>{e.name}</ViewHeading>
      <p class="meta">
        {e.type} · {e.mentions} mentions in {e.articles} articles · spelled{' '}
        {e.aliases.map((a) => `${a.text} (${a.mentions})`).join(', ')}
      </p>
      {e.roles.length > 0 && (
        <section aria-labelledby="roles-heading">
          <h2 id="roles-heading">Roles</h2>
          <ul class="facet-list roles">
            {e.roles.map((r) => (
              <li key={r.role}>
                {r.role}{' '}
                <span class="count">
                  {r.articles} articles, {r.first ?? 'undated'}
                  {r.last && r.last !== r.first ? ` to ${r.last}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <MonthChart months={e.months} />
      {e.outlets.length > 0 && (
        <section aria-labelledby="outlets-heading">
          <h2 id="outlets-heading">By outlet</h2>
          <ul class="facet-list">
            {e.outlets.map((o) => (
              <li key={o.name}>
                <Link href={href('/search', { q: `"${e.name}"`, outlet: o.name })}>{o.name}</Link>{' '}
                <span class="count">
                  {o.articles} articles, {o.mentions} mentions
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="quotes-heading">
        <h2 id="quotes-heading">
          Quotes by {e.name} ({e.quotes.length})
        </h2>
        {e.quotes.length ? <QuoteList quotes={e.quotes} /> : <p class="muted">None found.</p>}
      </section>
      {e.related.length > 0 && (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Named in the same articles</h2>
          <Graph entityKey={e.key} />
          <ul class="facet-list">
            {e.related.map((r) => (
              <li key={r.key}>
                <Link href={entityHref(r)}>{r.name}</Link>{' '}
                <span class="count">
                  {r.type}, {r.shared} articles
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Latest articles</h2>
        <ul class="hits">
          {e.recent.map((a) => (
            <li key={a.id} class="hit">
              <Link href={`/articles/${a.id}`}>{a.title ?? '(no title)'}</Link>{' '}
              <span class="meta">
                {a.outlet ?? 'unknown outlet'} · <Published value={a.published} />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

/** The co-mention network, loaded once the entity is. */
function Graph(props: { entityKey: string }) {
  const graph = useApi<EntityGraph>(`/api/entities/${encodeURIComponent(props.entityKey)}/graph`, { nodes: '30' });
  if (graph.error) return <ErrorBox error={graph.error} />;
  return graph.data ? <CoMentionGraph graph={graph.data} /> : null;
}

/** Outlets drawn as their own line; the rest are summed into one. */
const OUTLET_LINES = 6;

/** Mentions by month per outlet, a line each (the most mentioning outlets, the rest summed), with the numbers as a table. */
function MonthChart(props: { months: Entity['months'] }) {
  if (!props.months.length) return null;
  const totals = new Map<string, number>();
  for (const m of props.months) {
    const outlet = m.outlet ?? 'unknown outlet';
    totals.set(outlet, (totals.get(outlet) ?? 0) + m.mentions);
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  const shown = ranked.length > OUTLET_LINES + 1 ? ranked.slice(0, OUTLET_LINES) : ranked;
  const lines = shown.length < ranked.length ? [...shown, 'other outlets'] : shown;
  const months = [...new Set(props.months.map((m) => m.month))].sort();
  const x = months.map((m) => Date.parse(`${m}-01T00:00:00Z`) / 1000);
  const values = lines.map(() => months.map(() => 0));
  for (const m of props.months) {
    const at = shown.indexOf(m.outlet ?? 'unknown outlet');
    const row = values[at >= 0 ? at : lines.length - 1] as number[];
    const i = months.indexOf(m.month);
    row[i] = (row[i] ?? 0) + m.mentions;
  }
  return (
    <section aria-labelledby="months-heading">
      <h2 id="months-heading">Mentions over time</h2>
      <Chart
        title="Mentions per month, by outlet"
        kind="lines"
        x={x}
        series={lines.map((label, i) => ({ label, values: values[i] ?? [] }))}
        xLabel={(t) => new Date(t * 1000).toISOString().slice(0, 7)}
      />
    </section>
  );
}
