import { useEffect, useRef } from 'preact/hooks';
import type { EntityGraph } from './api';
import { navigate } from './router';

const entityHref = (key: string) => `/entities/${encodeURIComponent(key)}`;

/**
 * cytoscape adds an inline `<style>` (its container's `position: relative`) unless an element with this id is
 * in the page; the CSP refuses inline style, so the marker is put there and the rule is in style.css.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

/**
 * The co-mention network around an entity, drawn by cytoscape (loaded with
 * the first graph a page shows) on a canvas: node size by articles, edge width
 * by the articles naming both; a click or tap on a node opens its entity. The
 * entity page lists the same neighbours as links, the way in for keyboard and
 * screen readers. Names reach cytoscape as node labels, which it paints as text.
 */
export function CoMentionGraph(props: { graph: EntityGraph }) {
  const box = useRef<HTMLDivElement>(null);
  const { graph } = props;
  useEffect(() => {
    const el = box.current;
    if (!el || graph.nodes.length < 2) return;
    let live = true;
    let destroy = () => {};
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (!live) return;
      if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) {
        const marker = document.createElement('meta');
        marker.id = CYTOSCAPE_STYLESHEET_ID;
        document.head.append(marker);
      }
      const most = Math.max(...graph.nodes.map((n) => n.articles), 1);
      const widest = Math.max(...graph.edges.map((e) => e.articles), 1);
      const cy = cytoscape({
        container: el,
        elements: [
          ...graph.nodes.map((n) => ({
            data: {
              id: n.key,
              label: n.name,
              size: 14 + 30 * Math.sqrt(n.articles / most),
              center: n.key === graph.key,
            },
          })),
          ...graph.edges.map((e) => ({
            data: {
              id: `${e.source}|${e.target}`,
              source: e.source,
              target: e.target,
              width: 1 + 5 * (e.articles / widest),
            },
          })),
        ],
        style: [
          {
            selector: 'node',
            style: {
              label: 'data(label)',
              width: 'data(size)',
              height: 'data(size)',
              'background-color': '#6c8ebf',
              'font-size': 11,
              'text-valign': 'bottom',
              'text-margin-y': 3,
              color: '#1b1d21',
            },
          },
          { selector: 'node[?center]', style: { 'background-color': '#0b57d0', 'font-weight': 'bold' } },
          { selector: 'edge', style: { width: 'data(width)', 'line-color': '#b7bcc6', opacity: 0.8 } },
        ],
        layout: {
          name: 'cose',
          animate: false,
          randomize: false,
          nodeRepulsion: () => 9000,
          idealEdgeLength: () => 90,
        },
        userZoomingEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
      });
      cy.on('tap', 'node', (event) => navigate(entityHref(event.target.id() as string)));
      destroy = () => cy.destroy();
    });
    return () => {
      live = false;
      destroy();
    };
  }, [JSON.stringify(graph)]);
  if (graph.nodes.length < 2) return null;
  return (
    <figure class="graph">
      <div
        ref={box}
        class="graph-canvas"
        role="img"
        aria-label="Co-mention network; the entities are listed below it"
      />
      <figcaption>
        Entities named in its latest {graph.articles} article{graph.articles === 1 ? '' : 's'}: the larger a dot, the
        more of them name it; the thicker a line, the more name both. Click a dot to open it.
      </figcaption>
    </figure>
  );
}
