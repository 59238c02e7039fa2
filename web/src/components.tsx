import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiGet } from './api';
import { followLink } from './router';

/** An in-app link: a real `<a href>` (keyboard, middle-click, copy link all work) that navigates without a reload. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  title?: string;
  'aria-current'?: 'page';
}) {
  return (
    <a
      href={props.href}
      class={props.class}
      title={props.title}
      aria-current={props['aria-current']}
      onClick={followLink}
    >
      {props.children}
    </a>
  );
}

/**
 * A snippet with its matched ranges marked. Every piece is a text node inside
 * `<mark>` or a plain span: the corpus never reaches the page as HTML.
 */
export function Highlighted(props: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  const ranges = [...props.ranges].filter(([s, e]) => s >= at && e > s && e <= props.text.length);
  ranges.forEach(([s, e], i) => {
    if (s < at) return;
    if (s > at) parts.push(props.text.slice(at, s));
    parts.push(<mark key={i}>{props.text.slice(s, e)}</mark>);
    at = e;
  });
  if (at < props.text.length) parts.push(props.text.slice(at));
  return <>{parts}</>;
}

/** A date as the source stated it, shortened to the day and time. */
export function Published(props: { value: string | null }) {
  if (!props.value) return <span class="muted">undated</span>;
  return <time dateTime={props.value}>{props.value.slice(0, 16).replace('T', ' ')}</time>;
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/** Loads an API path whenever `key` changes; stale answers from an earlier key are dropped. */
export function useApi<T>(path: string | null, params: Record<string, string | undefined> = {}): Loaded<T> {
  const key = path ? `${path}?${JSON.stringify(params)}` : '';
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: Boolean(path) });
  useEffect(() => {
    if (!path) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    apiGet<T>(path, params).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          data: null,
          error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)),
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

/** What went wrong, in words, announced to screen readers. */
export function ErrorBox(props: { error: ApiError }) {
  return (
    <p class="error" role="alert">
      {props.error.message} <span class="muted">({props.error.code})</span>
    </p>
  );
}

/**
 * A view's heading. It takes focus when it first appears (after the view's
 * data loaded), so keyboard and screen-reader users land on the new view.
 */
export function ViewHeading(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id="view-heading" tabIndex={-1} ref={ref}>
      {props.children}
    </h1>
  );
}
