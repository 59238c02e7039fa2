import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Series colours, told apart without relying on hue alone (each also has its own dash in line charts). */
const PALETTE = ['#0b57d0', '#c5221f', '#188038', '#e37400', '#8430ce', '#007b83', '#b80672', '#5f6368'] as const;
const DASHES: ReadonlyArray<number[]> = [[], [6, 3], [2, 3], [8, 3, 2, 3]];
const HEIGHT = 220;

/** One series of a chart: its label and a value (or null: nothing there) per x. */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

export interface ChartProps {
  /** What the chart shows, in words: its caption and its accessible name. */
  title: string;
  /** The x values: UTC instants in seconds, ascending. */
  x: number[];
  series: ChartSeries[];
  /** `bars` (counts per day or month), `lines`, or `points` (one dot per item, a row per series). */
  kind: 'bars' | 'lines' | 'points';
  /** How an x value reads in the table below the chart. */
  xLabel: (x: number) => string;
  /** Y axis value names for `points` (the series labels by default). */
  yNames?: readonly string[];
  /** A note under the chart. */
  children?: ComponentChildren;
}

/**
 * A uPlot chart, loaded with the first chart a page shows. The canvas is
 * focusable and named; the same numbers follow as a table (a `details`
 * element), so the chart reads without a mouse, without colour and without
 * sight. Corpus text (outlet names) reaches uPlot only as series labels, which
 * it writes as text.
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !props.x.length) return;
    let plot: uPlot | null = null;
    let live = true;
    const observer = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height: HEIGHT }));
    void import('uplot').then(({ default: UPlot }) => {
      if (!live) return;
      plot = new UPlot(options(props, el.clientWidth, UPlot), [props.x, ...props.series.map((s) => s.values)], el);
      observer.observe(el);
    });
    return () => {
      live = false;
      observer.disconnect();
      plot?.destroy();
    };
  }, [props.title, JSON.stringify([props.kind, props.x, props.series])]);
  if (!props.x.length) return null;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="chart-canvas" role="img" aria-label={props.title} tabIndex={0} />
      {props.children}
      <details class="chart-data">
        <summary>The numbers as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.kind === 'points' ? 'Time' : 'Date'}</th>
              {props.series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.x.map((x, i) => (
              <tr key={x}>
                <th scope="row">{props.xLabel(x)}</th>
                {props.series.map((s) => (
                  <td key={s.label}>{cell(props, s.values[i])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A table cell: a count, or for points a mark where the series has an item. */
function cell(props: ChartProps, value: number | null | undefined): string {
  if (value === null || value === undefined) return props.kind === 'points' ? '' : '0';
  return props.kind === 'points' ? '●' : String(value);
}

function options(props: ChartProps, width: number, UPlot: typeof uPlot): uPlot.Options {
  const names = props.yNames ?? props.series.map((s) => s.label);
  const bars = UPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
  return {
    width,
    height: HEIGHT,
    scales: {
      x: { time: true },
      y: props.kind === 'points' ? { range: [-0.5, names.length - 0.5] } : { range: (_u, _min, max) => [0, max || 1] },
    },
    axes: [
      {},
      props.kind === 'points'
        ? { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (names[t] ?? '') : '')), size: 120 }
        : { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
    ],
    series: [
      { label: props.kind === 'points' ? 'Time' : 'Date', value: (_u, v) => (v === null ? '' : props.xLabel(v)) },
      ...props.series.map((s, i): uPlot.Series => {
        const colour = PALETTE[i % PALETTE.length] as string;
        if (props.kind === 'points') {
          return {
            label: s.label,
            stroke: colour,
            paths: () => null,
            points: { show: true, size: 9, fill: colour },
            value: (_u, v) => (v === null ? '' : '●'),
          };
        }
        if (props.kind === 'bars') return { label: s.label, stroke: colour, fill: `${colour}99`, paths: bars };
        return { label: s.label, stroke: colour, width: 2, dash: DASHES[i % DASHES.length], points: { show: true } };
      }),
    ],
  };
}
