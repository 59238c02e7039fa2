import type { ComponentChild } from 'preact';
import { h } from 'preact';
import type { Location } from '../router';
import { ArticleView } from './Article';
import { ClaimsView } from './Claims';
import { EntitiesView, EntityView } from './Entities';
import { OutletView, VersusView } from './OutletProfile';
import { OutletsView } from './Outlets';
import { QuotesView } from './Quotes';
import { SearchView } from './Search';
import { StoriesView, StoryView } from './Stories';

/**
 * The UI's views, matched in order against the path. A later stage (stories,
 * entities, quotes, claims) adds its view here and its path to the server's
 * `UI_PATHS`; `nav` puts it in the header.
 */
export interface View {
  name: string;
  /** The view's parameters when it handles `path`, else null. */
  match(path: string): Record<string, string> | null;
  render(location: Location, params: Record<string, string>): ComponentChild;
  nav?: { label: string; href: string };
}

const exact = (path: string) => (p: string) => (p === path ? {} : null);

export const VIEWS: readonly View[] = [
  {
    name: 'search',
    match: (p) => (p === '/' || p === '/search' ? {} : null),
    render: (location) => h(SearchView, { location }),
    nav: { label: 'Search', href: '/search' },
  },
  {
    name: 'article',
    match: (p) => {
      const m = /^\/articles\/([0-9a-f]{4,16})$/.exec(p);
      return m?.[1] ? { id: m[1] } : null;
    },
    render: (location, params) => h(ArticleView, { location, id: params.id ?? '' }),
  },
  {
    name: 'stories',
    match: exact('/stories'),
    render: (location) => h(StoriesView, { location }),
    nav: { label: 'Stories', href: '/stories' },
  },
  {
    name: 'story',
    match: (p) => {
      const m = /^\/stories\/([0-9a-f]{4,16})$/.exec(p);
      return m?.[1] ? { id: m[1] } : null;
    },
    render: (_location, params) => h(StoryView, { id: params.id ?? '' }),
  },
  {
    name: 'entities',
    match: exact('/entities'),
    render: (location) => h(EntitiesView, { location }),
    nav: { label: 'Entities', href: '/entities' },
  },
  {
    name: 'entity',
    match: (p) => {
      const m = /^\/entities\/([^/]+)$/.exec(p);
      return m?.[1] ? { name: decodeURIComponent(m[1]) } : null;
    },
    render: (_location, params) => h(EntityView, { name: params.name ?? '' }),
  },
  {
    name: 'quotes',
    match: exact('/quotes'),
    render: (location) => h(QuotesView, { location }),
    nav: { label: 'Quotes', href: '/quotes' },
  },
  {
    name: 'claims',
    match: exact('/claims'),
    render: (location) => h(ClaimsView, { location }),
    nav: { label: 'Claims', href: '/claims' },
  },
  {
    name: 'outlets',
    match: exact('/outlets'),
    render: () => h(OutletsView, {}),
    nav: { label: 'Outlets', href: '/outlets' },
  },
  {
    name: 'outlet',
    match: (p) => {
      const m = /^\/outlets\/([^/]+)$/.exec(p);
      return m?.[1] ? { name: decodeURIComponent(m[1]) } : null;
    },
    render: (_location, params) => h(OutletView, { name: params.name ?? '' }),
  },
  {
    name: 'versus',
    match: (p) => {
      const m = /^\/outlets\/([^/]+)\/vs\/([^/]+)$/.exec(p);
      return m?.[1] && m[2] ? { name: decodeURIComponent(m[1]), other: decodeURIComponent(m[2]) } : null;
    },
    render: (_location, params) => h(VersusView, { name: params.name ?? '', other: params.other ?? '' }),
  },
];
