import type { Core, ElementDefinition, EventObject, StylesheetJson } from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NetworkEdge, NetworkNode } from '../people/people-api.js';
import {
  edgeWidth,
  labelledNodes,
  maxWeight,
  nodeLabels,
  nodeSize,
  placeLabels,
  hopsFrom,
  shortLabel,
  type LabelPlaces,
} from './network-logic.js';

/**
 * Cytoscape writes `<style id="__________cytoscape_stylesheet">` into the head the first time
 * it draws (to make the container position: relative). The UI's Content-Security-Policy
 * (style-src 'self') refuses inline style elements, and the browser reports the refusal; an
 * element with that id already present makes cytoscape skip it. The rule it wanted is in
 * styles.css (.nw-graph).
 */
const CYTOSCAPE_STYLE_ID = '__________cytoscape_stylesheet';

/** A force layout of more nodes than this gets fewer iterations: a reader waits seconds otherwise. */
const BIG_GRAPH_NODES = 200;
/** Names written in the overview; the rest show on hover and once zoomed in (LABEL_ALL_ZOOM). */
const MAX_LABELS = 30;
/** Zoomed in this many times past the overview, every circle gets its name. */
const LABEL_ALL_ZOOM = 2.5;
/** A graph of two people is not blown up to fill the box: circles stay at most this much enlarged. */
const MAX_FIT_ZOOM = 1.4;
/** Label size on screen, in CSS pixels, whatever the zoom (names stay readable, never huge). */
const FONT_PX = 11;

// No quotes: cytoscape's style parser refuses quoted family names.
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';

/**
 * The graph's style at zoom `z`: names keep one size on screen (the font and its margin scaled
 * against the zoom) and borders stay thin. The whole sheet is given again at each zoom
 * (`cy.style(styleAt(z))`): adding to it instead (`cy.style().selector(…)`) would add rules at
 * every turn of the wheel, each one applied to every circle from then on.
 */
function styleAt(z: number): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': '#0b5cad',
        'border-width': 2 / Math.max(z, 0.5),
        'border-color': '#ffffff',
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': FONT_PX / z,
        color: '#1b2129',
        'text-valign': 'bottom',
        'text-margin-y': 3 / z,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
      },
    },
    { selector: 'node.minor', style: { label: '' } },
    // Circles with a name are drawn over those without, so no circle covers a name written beside it.
    { selector: 'node.named', style: { 'z-index': 2 } },
    // A name with no room below its circle, written above it.
    { selector: 'node.label-top', style: { 'text-valign': 'top', 'text-margin-y': -3 / z } },
    { selector: 'node.focus', style: { 'background-color': '#c2410c', 'font-weight': 'bold' } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': '#8ea3b8',
        'target-arrow-color': '#8ea3b8',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        opacity: 0.85,
      },
    },
    // Only mentions in public posts: contact of another kind than a message, drawn dashed.
    { selector: 'edge.mention', style: { 'line-style': 'dashed' } },
    {
      selector: 'edge.hover, node.hover',
      style: { 'line-color': '#c2410c', 'target-arrow-color': '#c2410c', 'border-color': '#c2410c' },
    },
  ];
}

export interface GraphEvents {
  onEdge: (e: NetworkEdge) => void;
  onNode: (n: NetworkNode) => void;
  onHover: (what: NetworkEdge | NetworkNode | null) => void;
}

/**
 * The network drawn by cytoscape, loaded on first use (dynamic import: cytoscape is three
 * times the rest of the UI and most sessions never open this page). Person keys and labels are
 * data from the material: they go to cytoscape as data fields and are drawn on a canvas, never
 * parsed as selectors or markup.
 */
export function NetworkGraph(props: {
  nodes: readonly NetworkNode[];
  edges: readonly NetworkEdge[];
  focus: string | null;
  label: string;
  loadingText: string;
  failedText: string;
  events: GraphEvents;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const events = useRef(props.events);
  events.current = props.events;
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let cy: Core | null = null;
    let cleanup = () => {};
    let cancelled = false;
    setState('loading');
    import('cytoscape')
      .then(({ default: cytoscape }) => {
        const container = ref.current;
        if (cancelled || !container) return;
        if (!document.getElementById(CYTOSCAPE_STYLE_ID)) {
          const marker = document.createElement('meta');
          marker.id = CYTOSCAPE_STYLE_ID;
          document.head.appendChild(marker);
        }
        const byId = new Map(props.nodes.map((n) => [n.id, n]));
        const names = nodeLabels(props.nodes);
        const named = labelledNodes(props.nodes, props.edges, MAX_LABELS, props.focus);
        const maxMessages = props.nodes.reduce((m, n) => Math.max(m, n.messages), 1);
        const maxW = maxWeight(props.edges);
        const elements: ElementDefinition[] = [];
        // Ids are indexes: person keys are data and must never be read as selector syntax.
        const index = new Map<string, string>();
        props.nodes.forEach((n, i) => {
          index.set(n.id, `n${i}`);
          elements.push({
            group: 'nodes',
            data: {
              id: `n${i}`,
              key: n.id,
              label: shortLabel(names.get(n.id) ?? n.label),
              size: nodeSize(n.messages, maxMessages),
            },
            classes: [n.id === props.focus ? 'focus' : '', named.has(n.id) ? '' : 'minor'].join(' ').trim(),
          });
        });
        props.edges.forEach((e, i) => {
          const source = index.get(e.source);
          const target = index.get(e.target);
          if (source === undefined || target === undefined) return;
          elements.push({
            group: 'edges',
            data: { id: `e${i}`, source, target, i, width: edgeWidth(e.weight, maxW) },
            classes: e.private + e.public === 0 ? 'mention' : '',
          });
        });
        const focusId = props.focus !== null ? index.get(props.focus) : undefined;
        const big = props.nodes.length > BIG_GRAPH_NODES;
        const hops =
          props.focus !== null ? hopsFrom(props.focus, props.nodes, props.edges) : new Map<string, number>();
        const farthest = Math.max(0, ...hops.values());
        cy = cytoscape({
          container,
          elements,
          style: styleAt(1),
          layout:
            focusId !== undefined
              ? {
                  name: 'concentric',
                  animate: false,
                  minNodeSpacing: 24,
                  spacingFactor: 1.4,
                  // Rings by lines away from the focus: those it wrote with, then theirs; the
                  // persons no path reaches on the outermost ring.
                  concentric: (node) => farthest + 1 - (hops.get(String(node.data('key'))) ?? farthest + 1),
                  levelWidth: () => 1,
                }
              : {
                  name: 'cose',
                  animate: false,
                  randomize: false,
                  nodeDimensionsIncludeLabels: true,
                  numIter: big ? 300 : 1000,
                  idealEdgeLength: () => 120,
                  nodeRepulsion: () => 400_000,
                  gravity: 0.3,
                  componentSpacing: 80,
                },
          minZoom: 0.1,
          maxZoom: 4,
          boxSelectionEnabled: false,
          autoungrabify: false,
          selectionType: 'single',
        });
        const c = cy;
        const edgeOf = (evt: EventObject) => props.edges[Number(evt.target.data('i'))];
        const nodeOf = (evt: EventObject) => byId.get(String(evt.target.data('key')));
        c.on('tap', 'edge', (evt) => {
          const e = edgeOf(evt);
          if (e) events.current.onEdge(e);
        });
        c.on('tap', 'node', (evt) => {
          const n = nodeOf(evt);
          if (n) events.current.onNode(n);
        });
        c.on('mouseover', 'edge, node', (evt) => {
          evt.target.addClass('hover');
          container.style.cursor = 'pointer';
          events.current.onHover((evt.target.isEdge() ? edgeOf(evt) : nodeOf(evt)) ?? null);
        });
        c.on('mouseout', 'edge, node', (evt) => {
          evt.target.removeClass('hover');
          container.style.cursor = '';
          events.current.onHover(null);
        });
        c.fit(undefined, 24);
        if (c.zoom() > MAX_FIT_ZOOM) {
          c.zoom(MAX_FIT_ZOOM);
          c.center();
        }
        // At each zoom, once a frame at most: the style for it (styleAt), and which names are
        // written: the named persons in the overview, everyone once zoomed in LABEL_ALL_ZOOM
        // times, and of those only names that overlap no name of a busier person (placeLabels),
        // so that a crowd's names stay readable.
        const overview = c.zoom();
        const measure = document.createElement('canvas').getContext('2d');
        if (measure) measure.font = `${FONT_PX}px ${FONT}`;
        const widths = new Map<string, number>();
        const widthOf = (id: string, label: string): number => {
          let w = widths.get(id);
          if (w === undefined) {
            w = measure ? measure.measureText(label).width : label.length * FONT_PX * 0.6;
            widths.set(id, w);
          }
          return w;
        };
        const priority = [...c.nodes()].sort((a, b) => {
          if (a.id() === focusId || b.id() === focusId) return a.id() === focusId ? -1 : 1;
          const ma = byId.get(String(a.data('key')))?.messages ?? 0;
          const mb = byId.get(String(b.data('key')))?.messages ?? 0;
          return mb - ma || (a.id() < b.id() ? -1 : 1);
        });
        let frame = 0;
        const relabel = () => {
          const all = c.zoom() >= overview * LABEL_ALL_ZOOM;
          const labels: LabelPlaces[] = [];
          const h = FONT_PX * 1.3;
          for (const n of priority) {
            if (!all && !named.has(String(n.data('key')))) continue;
            const p = n.renderedPosition();
            const w = widthOf(n.id(), String(n.data('label')));
            const r = n.renderedHeight() / 2 + 3;
            const x1 = p.x - w / 2 - 2;
            const x2 = p.x + w / 2 + 2;
            labels.push({
              id: n.id(),
              places: [
                { x1, y1: p.y + r, x2, y2: p.y + r + h },
                { x1, y1: p.y - r - h, x2, y2: p.y - r },
              ],
            });
          }
          const placed = placeLabels(labels);
          c.batch(() => {
            for (const n of priority) {
              const at = placed.get(n.id());
              if (at === undefined) n.addClass('minor').removeClass('named label-top');
              else
                n.removeClass('minor')
                  .addClass('named')
                  .toggleClass('label-top', at === 1);
            }
          });
        };
        const rescale = () => {
          frame = 0;
          c.style(styleAt(c.zoom()));
          relabel();
        };
        rescale();
        c.on('zoom', () => {
          if (frame === 0) frame = requestAnimationFrame(rescale);
        });
        // A circle dragged elsewhere: its name and its neighbours' may now fit, or not.
        c.on('dragfree', 'node', relabel);
        cleanup = () => {
          if (frame !== 0) cancelAnimationFrame(frame);
        };
        setState('ready');
      })
      .catch((err: unknown) => {
        console.error(err);
        if (!cancelled) setState('failed');
      });
    return () => {
      cancelled = true;
      cleanup();
      cy?.destroy();
    };
  }, [props.nodes, props.edges, props.focus]);

  return (
    <div class="nw-graph-wrap">
      <div
        ref={ref}
        class="nw-graph"
        role="img"
        aria-label={props.label}
        data-testid="network-graph"
        data-state={state}
      />
      {state === 'loading' && <p class="nw-graph-status muted">{props.loadingText}</p>}
      {state === 'failed' && <p class="nw-graph-status notice">{props.failedText}</p>}
    </div>
  );
}
