import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Annotations, Span } from './api';
import { Link } from './components';
import { href } from './router';

/** Entity types that have an entity page. */
const NAMED = new Set(['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT']);

/** One layer's span as drawn: its class, its tooltip, and the entity page it links to. */
interface Mark extends Span {
  layer: 'quote' | 'cue' | 'speaker' | 'entity' | 'time' | 'amount' | 'cite';
  kind: string;
  title: string;
  link?: string;
}

/** The spans of every layer of an analysis, as marks. */
function marksOf(a: Annotations): Mark[] {
  const marks: Mark[] = [];
  for (const q of a.quotes) {
    const who = q.speaker.resolved?.text ?? q.speaker.mention?.text ?? 'unattributed';
    const as = q.speaker.mention && q.speaker.mention.text !== who ? ` (as “${q.speaker.mention.text}”)` : '';
    for (const p of q.parts)
      marks.push({
        ...p,
        layer: 'quote',
        kind: q.kind,
        title: `${q.kind} quote — ${who}${as}${q.cue ? `, ${q.cue.text}` : ''}`,
      });
    if (q.cue) marks.push({ ...q.cue, layer: 'cue', kind: 'cue', title: `cue of a quote by ${who}` });
    if (q.speaker.mention)
      marks.push({ ...q.speaker.mention, layer: 'speaker', kind: 'speaker', title: `speaker: ${who}` });
  }
  for (const e of a.entities) {
    const link = NAMED.has(e.type) ? href(`/entities/${encodeURIComponent(e.text)}`) : undefined;
    marks.push({ start: e.start, end: e.end, layer: 'entity', kind: e.type, title: e.type, link });
  }
  for (const t of a.times)
    marks.push({
      start: t.start,
      end: t.end,
      layer: 'time',
      kind: t.type,
      title: `${t.type} ${t.value} (${t.granularity})`,
    });
  for (const m of a.amounts) {
    const value = `${m.value.toLocaleString('en')}${m.currency ? ` ${m.currency}` : ''}${m.unit ? ` ${m.unit}` : ''}`;
    marks.push({ start: m.start, end: m.end, layer: 'amount', kind: m.type, title: `${m.type} ${value}` });
  }
  return marks;
}

/**
 * A body with its annotations drawn: quotes, their cues and speakers,
 * entities (linked to their pages), times and amounts. The body is cut at
 * every span boundary and each piece is a text node inside the elements of
 * the spans that cover it — the corpus never reaches the page as HTML.
 */
export function AnnotatedBody(props: {
  body: string;
  annotations: Annotations | null;
  lang?: string;
  cite?: Span | null;
}) {
  const { body, cite } = props;
  // a cited sentence (a link from a coverage matrix cell) is scrolled to once it is drawn
  useEffect(() => {
    document.querySelector('.an-cite')?.scrollIntoView({ block: 'center' });
  }, [cite?.start, cite?.end, props.annotations]);
  const paragraphs: Span[] = [];
  const para = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (let m = para.exec(body); m; m = para.exec(body)) {
    if (m[0].trim()) paragraphs.push({ start: m.index, end: m.index + m[0].length });
  }
  const marks = props.annotations ? marksOf(props.annotations) : [];
  if (cite) marks.push({ ...cite, layer: 'cite', kind: 'cite', title: 'the sentence cited' });
  const drawn = marks.filter((m) => m.start >= 0 && m.end > m.start && m.end <= body.length);
  return (
    <div class="body" lang={props.lang}>
      {paragraphs.map((p) => (
        <p key={p.start}>{pieces(body, p, drawn)}</p>
      ))}
    </div>
  );
}

/** The paragraph cut at every mark boundary inside it, each piece wrapped in the marks covering it. */
function pieces(body: string, p: Span, marks: readonly Mark[]): ComponentChildren[] {
  const inside = marks.filter((m) => m.start < p.end && m.end > p.start);
  const cuts = new Set([p.start, p.end]);
  for (const m of inside) {
    cuts.add(Math.max(m.start, p.start));
    cuts.add(Math.min(m.end, p.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: ComponentChildren[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    let node: ComponentChildren = body.slice(start, end);
    const covering = inside.filter((m) => m.start <= start && m.end >= end);
    // innermost first: entity, time and amount inside speaker or cue, inside a quote
    for (const layer of ['entity', 'time', 'amount', 'speaker', 'cue', 'quote', 'cite'] as const) {
      const m = covering.find((c) => c.layer === layer);
      if (!m) continue;
      const cls = `an an-${m.layer} an-${m.kind.toLowerCase()}`;
      node = m.link ? (
        <Link href={m.link} class={cls} title={m.title}>
          {node}
        </Link>
      ) : (
        <span class={cls} title={m.title}>
          {node}
        </span>
      );
    }
    out.push(<span key={start}>{node}</span>);
  }
  return out;
}

/** What the colours mean. */
export function AnnotationLegend() {
  return (
    <p class="legend" aria-label="Annotation legend">
      <span class="an an-quote an-direct">quote</span> <span class="an an-speaker">speaker</span>{' '}
      <span class="an an-cue">cue</span> <span class="an an-entity an-person">person</span>{' '}
      <span class="an an-entity an-org">organisation</span> <span class="an an-entity an-loc">place</span>{' '}
      <span class="an an-entity an-product">system</span> <span class="an an-time">date</span>{' '}
      <span class="an an-amount">amount</span>
    </p>
  );
}
