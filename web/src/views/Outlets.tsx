import type { Outlet } from '../api';
import { ErrorBox, Link, useApi, ViewHeading } from '../components';
import { href } from '../router';
import { outletHref } from './OutletProfile';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Outlets: every outlet a source names, with how much it carried and when. */
export function OutletsView() {
  const outlets = useApi<{ items: Outlet[] }>('/api/outlets');
  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Outlets</ViewHeading>
      {outlets.error && <ErrorBox error={outlets.error} />}
      {!outlets.data && !outlets.error && <p aria-live="polite">Loading…</p>}
      {outlets.data && (
        <table class="outlets">
          <caption>{outlets.data.items.length} outlets, most articles first</caption>
          <thead>
            <tr>
              <th scope="col">Outlet</th>
              <th scope="col">Articles</th>
              <th scope="col">Sources</th>
              <th scope="col">First</th>
              <th scope="col">Latest</th>
              <th scope="col">Its articles</th>
            </tr>
          </thead>
          <tbody>
            {outlets.data.items.map((o) => (
              <tr key={o.name}>
                <th scope="row">
                  <Link href={outletHref(o.name)}>{o.name}</Link>
                </th>
                <td>{o.articles}</td>
                <td>{o.sources}</td>
                <td>{day(o.first)}</td>
                <td>{day(o.last)}</td>
                <td>
                  <Link href={href('/search', { outlet: o.name })}>browse</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
