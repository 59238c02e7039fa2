import type { Comparison, Evidence } from '../api';
import { ErrorBox, Link, useApi } from '../components';
import { href } from '../router';

/** Rows of the coverage matrix shown: facts most outlets carry first. */
const MAX_FACTS = 40;
const STATE_TEXT = { carried: '●', different: '◐', absent: '·' } as const;
const STATE_NAME = { carried: 'carried', different: 'carried differently', absent: 'absent' } as const;

/** The article page with the cited sentence marked and scrolled to. */
export function citeHref(e: Evidence): string {
  return href(`/articles/${e.article}`, { cite: `${e.start}-${e.end}` });
}

/**
 * How each outlet covers the story: the coverage matrix (each cell links to the
 * sentence behind it), framing terms, labels for one referent, voices, timing.
 */
export function CompareSection(props: { storyId: string; outlets: number }) {
  const compare = useApi<Comparison>(
    props.outlets > 1 ? `/api/stories/${encodeURIComponent(props.storyId)}/compare` : null,
  );
  if (props.outlets < 2) return null;
  return (
    <section aria-labelledby="compare-heading" class="compare">
      <h2 id="compare-heading">How the outlets differ</h2>
      {compare.error && <ErrorBox error={compare.error} />}
      {!compare.data && !compare.error && <p aria-live="polite">Comparing…</p>}
      {compare.data && <ComparisonView c={compare.data} />}
    </section>
  );
}

function ComparisonView(props: { c: Comparison }) {
  const { c } = props;
  const facts = [...c.facts].sort((a, b) => b.outlets.length - a.outlets.length).slice(0, MAX_FACTS);
  const labelled = c.referents.filter((r) => new Set(Object.values(r.labels).map((l) => l[0]?.label)).size > 1);
  return (
    <>
      <h3>Coverage matrix</h3>
      <p class="muted">
        ● carried · ◐ carried differently (other wording or number) · · absent. Each mark links to the sentence behind
        it. {c.facts.length > MAX_FACTS && `The ${MAX_FACTS} facts most outlets carry of ${c.facts.length}.`}
      </p>
      <div class="table-scroll">
        <table class="coverage">
          <thead>
            <tr>
              <th scope="col">Fact</th>
              {c.outlets.map((o) => (
                <th scope="col" key={o}>
                  {o}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {facts.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  <span class="kind">{f.kind}</span> {f.label}
                </th>
                {c.outlets.map((o) => {
                  const cell = f.cells[o];
                  const state = cell?.state ?? 'absent';
                  const first = cell?.evidence[0];
                  const title = `${o}: ${STATE_NAME[state]}${cell?.note ? ` — ${cell.note}` : ''}`;
                  return (
                    <td key={o} class={`cell cell-${state}`}>
                      {first ? (
                        <Link href={citeHref(first)} title={title}>
                          <span aria-label={title}>{STATE_TEXT[state]}</span>
                        </Link>
                      ) : (
                        <span title={title} aria-label={title}>
                          {STATE_TEXT[state]}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {labelled.length > 0 && (
        <>
          <h3>What each outlet calls them</h3>
          <div class="table-scroll">
            <table class="labels">
              <thead>
                <tr>
                  <th scope="col">Referent</th>
                  {c.outlets.map((o) => (
                    <th scope="col" key={o}>
                      {o}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {labelled.slice(0, 15).map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.key}</th>
                    {c.outlets.map((o) => (
                      <td key={o}>
                        {(r.labels[o] ?? []).slice(0, 3).map((l, i) => (
                          <span key={l.label}>
                            {i > 0 && ', '}
                            {l.evidence[0] ? <Link href={citeHref(l.evidence[0])}>{l.label}</Link> : l.label}
                          </span>
                        ))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h3>Each outlet</h3>
      <div class="outlet-cards">
        {c.byOutlet.map((o) => (
          <div key={o.outlet} class="outlet-card">
            <h4 class="outlet">{o.outlet}</h4>
            <p class="muted">
              {o.exclusives.length} exclusive, {o.omissions.length} omitted fact{o.omissions.length === 1 ? '' : 's'}
              {o.tone && <> · tone {o.tone.mean.toFixed(2)} (lexicon-based)</>}
            </p>
            {o.framing.length > 0 && (
              <p>
                <span class="muted">Framing terms: </span>
                {o.framing.slice(0, 8).map((t, i) => (
                  <span key={t.term}>
                    {i > 0 && ', '}
                    {t.evidence[0] ? <Link href={citeHref(t.evidence[0])}>{t.term}</Link> : t.term}
                    <span class="muted"> z {t.z.toFixed(1)}</span>
                  </span>
                ))}
              </p>
            )}
            {o.voices.length > 0 && (
              <ul class="voices">
                {o.voices.slice(0, 6).map((v) => (
                  <li key={v.speaker}>
                    {v.evidence[0] ? <Link href={citeHref(v.evidence[0])}>{v.speaker}</Link> : v.speaker}{' '}
                    <span class="muted">
                      {Math.round(v.share * 100)}% of quotes · {v.direct} direct, {v.paraphrased} paraphrased · {v.type}
                      {v.country && `, ${v.country}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>

      {c.timing.order.length > 0 && (
        <>
          <h3>Who reported first</h3>
          <ol class="timing">
            {c.timing.order.map((t) => (
              <li key={`${t.outlet}:${t.article}`}>
                <span class="outlet">{t.outlet}</span>{' '}
                <Link href={`/articles/${t.article}`}>
                  {t.hoursAfterFirst === null
                    ? 'undated'
                    : t.hoursAfterFirst === 0
                      ? 'first'
                      : `${t.hoursAfterFirst.toFixed(1)} h later`}
                </Link>
              </li>
            ))}
          </ol>
        </>
      )}
      <p class="muted">{c.toneMethod}</p>
    </>
  );
}
