import type { Story, StoryList, StorySummary, StoryTimeline } from '../api';
import { Chart } from '../chart';
import { ErrorBox, Link, Published, useApi, ViewHeading } from '../components';
import { href, type Location } from '../router';
import { CompareSection, citeHref } from './Compare';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');

/** A story's date range, as days. */
function Dates(props: { story: StorySummary }) {
  const { first, last } = props.story;
  if (!first) return <span class="muted">undated</span>;
  return <>{day(first) === day(last) ? day(first) : `${day(first)} – ${day(last)}`}</>;
}

/** One line of a story list: label (a link), size, outlets, dates. */
export function StoryLine(props: { story: StorySummary }) {
  const s = props.story;
  return (
    <li class="story-line">
      <h3>
        <Link href={`/stories/${s.id}`}>{s.label}</Link>
      </h3>
      <p class="meta">
        {s.articles} article{s.articles === 1 ? '' : 's'} · {s.outlets.length} outlet
        {s.outlets.length === 1 ? '' : 's'} · <Dates story={s} />
        {s.duplicateGroups > 0 && (
          <>
            {' '}
            · {s.duplicateGroups} duplicate group{s.duplicateGroups === 1 ? '' : 's'}
          </>
        )}
      </p>
    </li>
  );
}

/** Stories: most articles first; by default those of two or more articles (`?all=1` shows every one). */
export function StoriesView(props: { location: Location }) {
  const all = props.location.query.get('all') === '1';
  const stories = useApi<StoryList>('/api/stories', { limit: '100', min: all ? undefined : '2' });
  return (
    <section aria-labelledby="view-heading">
      <ViewHeading>Stories</ViewHeading>
      <p>
        <Link href={href('/stories', { all: all ? undefined : '1' })}>
          {all ? 'Only stories of two or more articles' : 'Show single-article stories too'}
        </Link>
      </p>
      {stories.error && <ErrorBox error={stories.error} />}
      {!stories.data && !stories.error && <p aria-live="polite">Loading…</p>}
      {stories.data?.stale && (
        <p class="note" role="status">
          Articles arrived since these stories were computed; run <code>dossier link</code> to update them.
        </p>
      )}
      {stories.data && stories.data.items.length === 0 && <p>No stories yet.</p>}
      {stories.data && (
        <ol class="stories">
          {stories.data.items.map((s) => (
            <StoryLine key={s.id} story={s} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** A story: its articles grouped by outlet with dates, and its near-duplicate groups. */
export function StoryView(props: { id: string }) {
  const story = useApi<Story>(`/api/stories/${encodeURIComponent(props.id)}`);
  if (story.error) return <ErrorBox error={story.error} />;
  if (!story.data) return <p aria-live="polite">Loading…</p>;
  const s = story.data;
  const byOutlet = new Map<string, Story['items']>();
  for (const item of s.items) {
    const key = item.outlet ?? 'unknown outlet';
    const list = byOutlet.get(key) ?? [];
    // the same article saved twice from one outlet (HTML and WARC) is one line
    if (!list.some((x) => x.id === item.id)) list.push(item);
    byOutlet.set(key, list);
  }
  return (
    <article aria-labelledby="view-heading" class="story">
      <p class="back">
        <Link href="/stories">← Stories</Link>
      </p>
      <ViewHeading>{s.label}</ViewHeading>
      <p class="meta">
        {s.articles} article{s.articles === 1 ? '' : 's'} · {s.outlets.length} outlet
        {s.outlets.length === 1 ? '' : 's'} · <Dates story={s} />
      </p>

      <StoryTimeline byOutlet={byOutlet} />

      <section aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">Articles by outlet</h2>
        {[...byOutlet].map(([outlet, items]) => (
          <div key={outlet} class="outlet-group">
            <h3 class="outlet">{outlet}</h3>
            <ul class="story-articles">
              {items.map((a) => (
                <li key={`${a.id}:${a.source}`}>
                  <Published value={a.published} /> <Link href={`/articles/${a.id}`}>{a.title ?? '(no title)'}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      {s.entities.length > 0 && (
        <p class="story-entities">
          Named:{' '}
          {s.entities.map((e, i) => (
            <span key={e.key}>
              {i > 0 && ', '}
              <Link href={`/entities/${encodeURIComponent(e.key)}`}>{e.name}</Link>
              <span class="muted"> ({e.articles})</span>
            </span>
          ))}
        </p>
      )}

      <NarrativeSection storyId={s.id} />

      <CompareSection storyId={s.id} outlets={s.outlets.length} />

      <section aria-labelledby="duplicates-heading">
        <h2 id="duplicates-heading">Duplicate groups ({s.duplicates.length})</h2>
        {s.duplicates.length === 0 && <p>No near-copies of one another in this story.</p>}
        <ol class="duplicates">
          {s.duplicates.map((g) => (
            <li key={g.members.map((m) => m.id).join(':')} class="duplicate-group">
              {g.first === null && <p class="muted">No member is dated: who was first is unknown.</p>}
              <ul>
                {g.members.map((m, i) => (
                  <li key={m.id}>
                    <span class="role">{g.first === null ? 'copy' : i === 0 ? 'first' : 'copy'}</span>{' '}
                    <span class="outlet">{m.outlet ?? 'unknown outlet'}</span> · <Published value={m.published} /> ·{' '}
                    <Link href={`/articles/${m.id}`}>{m.title ?? '(no title)'}</Link>
                  </li>
                ))}
              </ul>
              {g.copiedBy.length > 0 && <p class="copied-by">Copied by: {g.copiedBy.join(', ')}</p>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** When each outlet carried the story: a dot per dated article, a row per outlet. */
function StoryTimeline(props: { byOutlet: Map<string, Story['items']> }) {
  const outlets = [...props.byOutlet.keys()];
  const at = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) : NaN);
  const x = [...new Set([...props.byOutlet.values()].flat().map((a) => at(a.published)))]
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  if (x.length === 0) return null;
  const series = outlets.map((outlet, row) => {
    const times = new Set((props.byOutlet.get(outlet) ?? []).map((a) => at(a.published)));
    return { label: outlet, values: x.map((t) => (times.has(t) ? row : null)) };
  });
  return (
    <section aria-labelledby="timeline-chart-heading">
      <h2 id="timeline-chart-heading">When each outlet carried it</h2>
      <Chart
        title="Articles of this story over time, a row per outlet"
        kind="points"
        x={x}
        series={series}
        yNames={outlets}
        xLabel={(t) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ')}
      />
    </section>
  );
}

/** The story's summary (one line per fact, deduplicated across outlets) and its dated events, each citing sentences. */
function NarrativeSection(props: { storyId: string }) {
  const t = useApi<StoryTimeline>(`/api/stories/${encodeURIComponent(props.storyId)}/timeline`);
  if (t.error) return <ErrorBox error={t.error} />;
  if (!t.data) return <p aria-live="polite">Loading the summary…</p>;
  const cites = (list: StoryTimeline['summary'][number]['citations']) =>
    list.map((c, i) => (
      <span key={`${c.articleId}:${c.start}`}>
        {i === 0 ? ' ' : ', '}
        <Link href={citeHref({ article: c.articleId, start: c.start, end: c.end })}>{c.outlet ?? 'source'}</Link>
      </span>
    ));
  return (
    <>
      {t.data.summary.length > 0 && (
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading">Summary</h2>
          <ul class="summary-lines">
            {t.data.summary.map((line) => (
              <li key={line.text}>
                {line.text} <span class="muted">—{cites(line.citations)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {t.data.events.length > 0 && (
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <ol class="timeline-events">
            {t.data.events.map((e) => (
              <li key={`${e.date}:${e.text}`}>
                <time dateTime={e.date}>{e.date}</time> {e.text} <span class="muted">—{cites(e.citations)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
