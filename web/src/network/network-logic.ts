/**
 * The pure logic of the network page: which persons and lines are drawn at a minimum weight,
 * how big each is, and the page's state in its URL. No DOM here (test/web/people-logic.test.ts).
 */
import type { Network, NetworkEdge, NetworkNode } from '../people/people-api.js';

/**
 * Lines drawn at most by default: beyond a few hundred a force layout is a hairball and the
 * canvas slows down. The default minimum weight is the lowest that keeps the graph under this;
 * the reader can lower it with the slider.
 */
export const DEFAULT_MAX_EDGES = 250;
/** Hard ceiling of lines handed to the graph whatever the slider says (the table lists them all). */
export const MAX_GRAPH_EDGES = 3000;
/** Rows a table lists at most; the rest are counted. */
export const MAX_TABLE_ROWS = 500;

export interface NetworkState {
  q: string;
  /** Minimum weight of a line; null: chosen from the data (defaultMinWeight). */
  min: number | null;
  view: 'graph' | 'table' | null;
  /** A person key to centre on and mark. */
  focus: string | null;
}

export function readNetworkState(params: URLSearchParams): NetworkState {
  const min = Number.parseInt(params.get('min') ?? '', 10);
  const view = params.get('view');
  const focus = params.get('focus');
  return {
    q: params.get('q') ?? '',
    min: Number.isFinite(min) && min >= 1 ? min : null,
    view: view === 'graph' || view === 'table' ? view : null,
    focus: focus !== null && focus !== '' ? focus : null,
  };
}

export function networkHref(state: NetworkState): string {
  const p = new URLSearchParams();
  if (state.q.trim() !== '') p.set('q', state.q.trim());
  if (state.min !== null) p.set('min', String(state.min));
  if (state.view !== null) p.set('view', state.view);
  if (state.focus !== null) p.set('focus', state.focus);
  const s = p.toString();
  return s ? `/network?${s}` : '/network';
}

/** The heaviest line's weight (1 for an empty network, so a slider always has a range). */
export function maxWeight(edges: readonly NetworkEdge[]): number {
  return edges.reduce((m, e) => Math.max(m, e.weight), 1);
}

/**
 * The smallest minimum weight that leaves at most `maxEdges` lines. O(e log e). A case of 1,000
 * persons where most wrote once to many shows its stronger ties first instead of a hairball.
 */
export function defaultMinWeight(edges: readonly NetworkEdge[], maxEdges = DEFAULT_MAX_EDGES): number {
  if (edges.length <= maxEdges) return 1;
  const weights = edges.map((e) => e.weight).sort((a, b) => b - a);
  // The weight of the (maxEdges+1)-th heaviest line must be excluded, with all its equals; when
  // the heaviest lines alone tie beyond the budget, they are still shown rather than nothing.
  const cut = weights[maxEdges] as number;
  return Math.min(cut + 1, weights[0] as number);
}

export interface VisibleNetwork {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

/**
 * The persons and lines drawn at `minWeight`: lines of at least that weight, and the persons
 * they join. At a minimum of 1, persons without any line (a poster nobody answered) are kept
 * too, so nobody of the case goes missing; above it they would only be clutter. The focus
 * person is always kept. Order is the network's (heaviest first), so a cut keeps the strongest.
 */
export function filterNetwork(
  network: Network,
  minWeight: number,
  options: { focus?: string | null; maxEdges?: number } = {},
): VisibleNetwork {
  const maxEdges = options.maxEdges ?? Number.POSITIVE_INFINITY;
  // Lines whose ends are no node of the answer (a broken answer) are not drawn.
  const ids = new Set(network.nodes.map((n) => n.id));
  const edges: NetworkEdge[] = [];
  const keep = new Set<string>();
  for (const e of network.edges) {
    if (edges.length >= maxEdges) break;
    if (e.weight < minWeight || e.source === e.target) continue;
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    edges.push(e);
    keep.add(e.source);
    keep.add(e.target);
  }
  if (options.focus) keep.add(options.focus);
  const nodes = network.nodes.filter((n) => minWeight <= 1 || keep.has(n.id));
  return { nodes, edges };
}

/** Circle diameter in pixels: the area grows with the messages, between 14 and 64 px. */
export function nodeSize(messages: number, maxMessages: number): number {
  const MIN = 14;
  const MAX = 64;
  if (maxMessages <= 0 || messages <= 0) return MIN;
  return Math.round(MIN + (MAX - MIN) * Math.sqrt(Math.min(messages, maxMessages) / maxMessages));
}

/** Line width in pixels: 1 for one message, up to 12 for the heaviest line, on a square-root scale. */
export function edgeWidth(weight: number, maxW: number): number {
  const MIN = 1;
  const MAX = 12;
  if (maxW <= 1 || weight <= 1) return MIN;
  return Math.round((MIN + (MAX - MIN) * Math.sqrt((weight - 1) / (maxW - 1))) * 10) / 10;
}

/** A label short enough for a graph; the table and the person page have the whole name. */
export function shortLabel(label: string, max = 28): string {
  const chars = Array.from(label.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * What to call each person in the graph and its tables: the label, and where two persons share
 * one (the email address and the X account of one man, not joined), the platform of the key
 * after it, then the key itself, so no two circles read the same.
 */
export function nodeLabels(nodes: readonly NetworkNode[]): Map<string, string> {
  const count = (labels: Iterable<string>) => {
    const c = new Map<string, number>();
    for (const l of labels) c.set(l, (c.get(l) ?? 0) + 1);
    return c;
  };
  const base = count(nodes.map((n) => n.label));
  const out = new Map<string, string>();
  for (const n of nodes) {
    const colon = n.id.indexOf(':');
    const platform = colon > 0 ? n.id.slice(0, colon) : '';
    out.set(n.id, (base.get(n.label) ?? 0) > 1 && platform !== '' ? `${n.label} (${platform})` : n.label);
  }
  const second = count(out.values());
  for (const n of nodes) {
    const l = out.get(n.id) as string;
    if ((second.get(l) ?? 0) > 1 && l !== n.id) out.set(n.id, `${n.label} (${n.id})`);
  }
  return out;
}

/** Groups of at most this many persons, apart from the rest, that may be named besides the busiest. */
const SMALL_GROUP = 4;
/** Such groups named: the ones whose lines carry most messages. */
const NAMED_GROUPS = 5;

/**
 * Persons whose names the overview writes: in a big graph, names on every circle are a grey
 * smear; the `max` with most messages (and the focus) are named, the rest on hover and on
 * zooming in. Two people who only wrote to each other form a pair apart from the crowd, and a
 * pair is often the story (a source and a reporter, WikiLeaks and Don Jr.) while neither is among
 * the busiest: apart from the largest group, the NAMED_GROUPS groups of up to SMALL_GROUP persons
 * with the heaviest lines are named too.
 */
export function labelledNodes(
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
  max: number,
  focus: string | null,
): Set<string> {
  const top = [...nodes].sort((a, b) => b.messages - a.messages || (a.id < b.id ? -1 : 1)).slice(0, max);
  const set = new Set(top.map((n) => n.id));
  if (focus !== null) set.add(focus);
  // Groups of persons joined by lines (union-find, no recursion).
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    for (let x = id; x !== r;) {
      const next = parent.get(x) as string;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  for (const e of edges) {
    if (!parent.has(e.source) || !parent.has(e.target)) continue;
    const a = root(e.source);
    const b = root(e.target);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const groups = new Map<string, { members: string[]; weight: number }>();
  for (const n of nodes) {
    const r = root(n.id);
    const g = groups.get(r) ?? { members: [], weight: 0 };
    g.members.push(n.id);
    groups.set(r, g);
  }
  for (const e of edges) {
    const g = parent.has(e.source) ? groups.get(root(e.source)) : undefined;
    if (g) g.weight += e.weight;
  }
  // The largest group is the crowd, whatever its size; the busiest names are taken from it.
  let crowd: { members: string[] } | undefined;
  for (const g of groups.values()) if (!crowd || g.members.length > crowd.members.length) crowd = g;
  const small = [...groups.entries()]
    .filter(([, g]) => g !== crowd && g.members.length >= 2 && g.members.length <= SMALL_GROUP)
    .sort(([ra, a], [rb, b]) => b.weight - a.weight || (ra < rb ? -1 : 1))
    .slice(0, NAMED_GROUPS);
  for (const [, g] of small) for (const id of g.members) set.add(id);
  return set;
}

/** A box on screen, in pixels. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A name to place: where it may go, in order of preference (below its circle, above it). */
export interface LabelPlaces {
  id: string;
  places: readonly Box[];
}

/** Side of the grid squares the overlap test files boxes under, in pixels. */
const LABEL_CELL = 64;

/**
 * Where to write each name, as the index of its place, for the names written: `labels` in order
 * of importance (the busiest person first), each one written in the first of its places that
 * overlaps no name written before it, else not at all, so that where circles crowd the names of
 * the busiest stay readable instead of printed over each other; the rest show on hover and as
 * the reader zooms in (the boxes shrink against the circles' spacing). Boxes are filed in a grid,
 * so a graph of thousands of people is placed in about linear time.
 */
export function placeLabels(labels: readonly LabelPlaces[]): Map<string, number> {
  const grid = new Map<string, Box[]>();
  const cells = (b: Box, each: (key: string) => boolean): boolean => {
    for (let cx = Math.floor(b.x1 / LABEL_CELL); cx <= Math.floor(b.x2 / LABEL_CELL); cx++)
      for (let cy = Math.floor(b.y1 / LABEL_CELL); cy <= Math.floor(b.y2 / LABEL_CELL); cy++)
        if (each(`${cx},${cy}`)) return true;
    return false;
  };
  const placed = new Map<string, number>();
  for (const { id, places } of labels) {
    const at = places.findIndex(
      (b) =>
        !cells(b, (key) =>
          (grid.get(key) ?? []).some((o) => b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2),
        ),
    );
    if (at < 0) continue;
    placed.set(id, at);
    cells(places[at] as Box, (key) => {
      const list = grid.get(key);
      if (list) list.push(places[at] as Box);
      else grid.set(key, [places[at] as Box]);
      return false;
    });
  }
  return placed;
}

/**
 * How many lines each person is from `focus`, whichever way the messages went (0 for the focus
 * itself); persons no path reaches are left out. The rings of a graph centred on a person: those
 * it wrote with, then theirs, and so on.
 */
export function hopsFrom(
  focus: string,
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
): Map<string, number> {
  const next = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    next.get(e.source)?.push(e.target);
    next.get(e.target)?.push(e.source);
  }
  const hops = new Map<string, number>();
  if (!next.has(focus)) return hops;
  hops.set(focus, 0);
  const queue = [focus];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const d = hops.get(id) as number;
    for (const o of next.get(id) ?? []) {
      if (hops.has(o) || !next.has(o)) continue;
      hops.set(o, d + 1);
      queue.push(o);
    }
  }
  return hops;
}
