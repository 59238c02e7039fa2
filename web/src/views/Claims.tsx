import type { Claim, ClaimSummary } from '../api';
import { ErrorBox, Link, Published, useApi, ViewHeading } from '../components';
import { href, type Location, navigate } from '../router';
import { citeHref } from './Compare';

/** Claims explorer: statements carried by several articles, most articles first, filtered by a name. */
export function ClaimsView(props: { location: Location }) {
  const entity = props.location.query.get('entity') ?? undefined;
  const open = props.location.query.get('open') ?? undefined;
  const list = useApi<{ items: ClaimSummary[] }>('/api/claims', { entity, limit: '100' });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(href('/claims', { entity: (form.get('entity') as string | null)?.trim() || undefined }));
  };
  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Claims</ViewHeading>
      <form class="search-form" role="search" onSubmit={onSubmit}>
        <label>
          Naming <input name="entity" type="search" defaultValue={entity} placeholder="a person, place or system" />
        </label>
        <button type="submit">Filter</button>
      </form>
      {list.error && <ErrorBox error={list.error} />}
      {!list.data && !list.error && <p aria-live="polite">Loading…</p>}
      {list.data && list.data.items.length === 0 && (
        <p>No claims: they come from analysed articles when stories are linked.</p>
      )}
      <ol class="claims">
        {list.data?.items.map((c) => (
          <li key={c.id} class="claim">
            <p class="claim-text">{c.text}</p>
            <p class="meta">
              {c.articles} articles · {c.outlets.join(', ') || 'no outlet named'} · first{' '}
              <Published value={c.first.published} />
              {c.speakers.length > 0 && <> · said by {c.speakers.join(', ')}</>} ·{' '}
              <Link href={href('/claims', { entity, open: open === c.id ? undefined : c.id })}>
                {open === c.id ? 'hide statements' : 'statements'}
              </Link>
            </p>
            {open === c.id && <ClaimStatements id={c.id} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ClaimStatements(props: { id: string }) {
  const claim = useApi<Claim>(`/api/claims/${encodeURIComponent(props.id)}`);
  if (claim.error) return <ErrorBox error={claim.error} />;
  if (!claim.data) return <p aria-live="polite">Loading…</p>;
  return (
    <ul class="statements">
      {claim.data.statements.map((st) => (
        <li key={`${st.article}:${st.start}`}>
          <span class="outlet">{st.outlet ?? 'unknown outlet'}</span> · <Published value={st.published} /> ·{' '}
          {st.speaker && <>{st.speaker}: </>}
          <Link href={citeHref(st)}>{st.text}</Link>
        </li>
      ))}
    </ul>
  );
}
