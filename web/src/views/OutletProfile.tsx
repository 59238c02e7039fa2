import type { Outlet, OutletProfile, OutletVersus, Tally } from '../api';
import { ErrorBox, Link, useApi, ViewHeading } from '../components';
import { navigate } from '../router';
import { citeHref } from './Compare';

export const outletHref = (name: string) => `/outlets/${encodeURIComponent(name)}`;
const versusHref = (a: string, b: string) => `${outletHref(a)}/vs/${encodeURIComponent(b)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One outlet over the largest stories it shares with others: voices, framing, labels, timing, tone. */
export function OutletView(props: { name: string }) {
  const profile = useApi<OutletProfile>(`/api/outlets/${encodeURIComponent(props.name)}/profile`);
  return (
    <article aria-labelledby="view-heading">
      <p class="back">
        <Link href="/outlets">← Outlets</Link>
      </p>
      <ViewHeading>{props.name}</ViewHeading>
      <VersusPicker name={props.name} />
      {profile.error && <ErrorBox error={profile.error} />}
      {!profile.data && !profile.error && <p aria-live="polite">Comparing its stories…</p>}
      {profile.data && <ProfileBody profile={profile.data} />}
    </article>
  );
}

/** Two outlets side by side over the stories both covered. */
export function VersusView(props: { name: string; other: string }) {
  const path = `/api/outlets/${encodeURIComponent(props.name)}/vs/${encodeURIComponent(props.other)}`;
  const v = useApi<OutletVersus>(path);
  return (
    <article aria-labelledby="view-heading">
      <p class="back">
        <Link href={outletHref(props.name)}>← {props.name}</Link>
      </p>
      <ViewHeading>
        {props.name} vs {props.other}
      </ViewHeading>
      <VersusPicker name={props.name} other={props.other} />
      {v.error && <ErrorBox error={v.error} />}
      {!v.data && !v.error && <p aria-live="polite">Comparing the stories both covered…</p>}
      {v.data && <VersusBody v={v.data} />}
    </article>
  );
}

function VersusBody(props: { v: OutletVersus }) {
  const { a, b, facts, labels } = props.v;
  return (
    <>
      <p class="meta">{plural(a.stories.length, 'story', 'stories')} both covered, largest first</p>
      <table class="outlets versus-facts">
        <caption>Facts (statements, quotes, amounts) in those stories</caption>
        <tbody>
          <tr>
            <th scope="row">Carried by both</th>
            <td>{facts.both}</td>
          </tr>
          <tr>
            <th scope="row">Only {a.outlet}</th>
            <td>{facts.onlyA}</td>
          </tr>
          <tr>
            <th scope="row">Only {b.outlet}</th>
            <td>{facts.onlyB}</td>
          </tr>
          <tr>
            <th scope="row">Carried differently by one of them</th>
            <td>{facts.different}</td>
          </tr>
        </tbody>
      </table>
      {labels.length > 0 && (
        <div class="table-scroll">
          <table class="labels versus-labels">
            <caption>Named differently</caption>
            <thead>
              <tr>
                <th scope="col">Referent</th>
                <th scope="col">{a.outlet}</th>
                <th scope="col">{b.outlet}</th>
                <th scope="col">Story</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l) => (
                <tr key={`${l.story}:${l.key}`}>
                  <th scope="row">{l.key}</th>
                  <td>{l.a.join(', ')}</td>
                  <td>{l.b.join(', ')}</td>
                  <td>
                    <Link href={`/stories/${l.story}`}>{l.story.slice(0, 8)}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="versus">
        <section aria-labelledby="profile-a">
          <h2 id="profile-a">{a.outlet}</h2>
          <ProfileBody profile={a} />
        </section>
        <section aria-labelledby="profile-b">
          <h2 id="profile-b">{b.outlet}</h2>
          <ProfileBody profile={b} />
        </section>
      </div>
    </>
  );
}

/** A select of the other outlets; choosing one opens the versus view. */
function VersusPicker(props: { name: string; other?: string }) {
  const outlets = useApi<{ items: Outlet[] }>('/api/outlets');
  const others = (outlets.data?.items ?? []).filter((o) => o.name.toLowerCase() !== props.name.toLowerCase());
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const other = new FormData(event.currentTarget as HTMLFormElement).get('other');
    if (typeof other === 'string' && other) navigate(versusHref(props.name, other));
  };
  if (!others.length) return null;
  return (
    <form class="search-form" aria-label="Compare with another outlet" onSubmit={onSubmit}>
      <label>
        <span>Compare with</span>
        {/* keyed by the list, so that the current pair is selected once the outlets have loaded */}
        <select key={others.length} name="other" defaultValue={props.other ?? ''}>
          <option value="">another outlet…</option>
          {others.map((o) => (
            <option key={o.name} value={o.name}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

function ProfileBody(props: { profile: OutletProfile }) {
  const p = props.profile;
  return (
    <div class="profile">
      <p class="meta">
        {plural(p.stories.length, 'story', 'stories')} shared with other outlets · first to report{' '}
        {plural(p.first, 'of them', 'of them')}
        {p.medianHoursAfterFirst !== null &&
          `, otherwise a median ${p.medianHoursAfterFirst} h after the first report`}{' '}
        · {plural(p.exclusives, 'exclusive fact')} · {plural(p.omissions, 'omission')} · tone{' '}
        {p.tone === null ? '—' : p.tone}
        <span class="muted"> (lexicon-based)</span>
      </p>
      <TallyList title="Voices (quotes)" items={p.voices} />
      <TallyList title="Framing terms" items={p.framing} />
      <TallyList title="Labels for people and places others name differently" items={p.labels} />
      <details>
        <summary>The stories compared</summary>
        <ul class="facet-list">
          {p.stories.map((id) => (
            <li key={id}>
              <Link href={`/stories/${id}`}>{id}</Link>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** A ranked list, each item with links to the sentences behind it. */
function TallyList(props: { title: string; items: Tally[] }) {
  if (!props.items.length) return null;
  return (
    <section class="tally">
      <h3>{props.title}</h3>
      <ol class="facet-list">
        {props.items.map((t) => (
          <li key={t.name}>
            {t.name}{' '}
            <span class="count">
              {t.count}
              {t.stories > 1 ? `, ${t.stories} stories` : ''}
            </span>
            {t.evidence.map((e, i) => (
              <span key={`${e.article}:${e.start}`}>
                {' '}
                <Link href={citeHref(e)} title={`sentence ${i + 1} behind "${t.name}"`}>
                  [{i + 1}]
                </Link>
              </span>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
