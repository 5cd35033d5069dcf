import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.js';
import { formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { getNetwork, type NetworkEdge, type NetworkNode } from '../people/people-api.js';
import { pairHref, personHref } from '../people/people-logic.js';
import type { PeopleMessages } from '../people/people-messages.js';
import { usePeopleMessages } from '../people/use-people-messages.js';
import { NetworkGraph } from './network-graph.js';
import {
  MAX_GRAPH_EDGES,
  MAX_TABLE_ROWS,
  defaultMinWeight,
  filterNetwork,
  maxWeight,
  networkHref,
  nodeLabels,
  readNetworkState,
  type NetworkState,
} from './network-logic.js';

/** Below this width the table is the view: a graph of many people is unreadable on a phone. */
const PHONE_QUERY = '(max-width: 700px)';

/**
 * /network?q=&min=&view=&focus=: persons as circles, messages as weighted directed lines, from
 * the matches of a query; a slider hides the light lines so a large case stays readable; a click
 * on a line opens the pair, on a circle the person. The table view holds the same data (for
 * keyboards, screen readers and phones).
 */
export function NetworkPage(props: { params: URLSearchParams }) {
  const { m, locale } = usePeopleMessages();
  const state = readNetworkState(props.params);
  const [phone] = useState(() => typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches);
  const [text, setText] = useState(state.q);
  useEffect(() => setText(state.q), [state.q]);
  useEffect(() => {
    document.title = `${m.networkTitle} – innsyn`;
  }, [m]);
  const res = useApi(`network|${state.q}`, (signal) => getNetwork(state.q, signal));
  const network = res.data?.network ?? null;
  const top = network ? maxWeight(network.edges) : 1;
  const min = Math.min(state.min ?? (network ? defaultMinWeight(network.edges) : 1), top);
  const [slider, setSlider] = useState<number | null>(null);
  const visible = useMemo(
    () => (network ? filterNetwork(network, min, { focus: state.focus, maxEdges: MAX_GRAPH_EDGES }) : null),
    [network, min, state.focus],
  );
  const [hover, setHover] = useState<NetworkEdge | NetworkNode | null>(null);
  const view = state.view ?? (phone ? 'table' : 'graph');
  const num = (n: number) => formatNumber(n, locale);
  const go = (patch: Partial<NetworkState>, replace = false) =>
    navigate(networkHref({ ...state, ...patch }), { replace });
  const labels = useMemo(() => (network ? nodeLabels(network.nodes) : new Map<string, string>()), [network]);
  const label = (key: string) => labels.get(key) ?? key;

  const onSubmit = (e: Event) => {
    e.preventDefault();
    go({ q: text, min: null });
  };

  return (
    <div class="pp-page nw-page" data-testid="network-page">
      <h1>{m.networkTitle}</h1>
      <p class="muted pp-intro">{m.networkIntro}</p>
      <form class="pp-form" role="search" onSubmit={onSubmit}>
        <label for="network-q">{m.networkQuery}</label>
        <input
          id="network-q"
          class="pp-input nw-input"
          type="search"
          value={text}
          placeholder={m.networkQueryPlaceholder}
          autoComplete="off"
          spellcheck={false}
          data-testid="network-q"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button class="btn" type="submit" data-testid="network-apply">
          {m.networkApply}
        </button>
      </form>
      {res.error && <ErrorNotice error={res.error} />}
      {!network && !res.error && <p class="muted">{m.loading}</p>}
      {network && visible && (
        <>
          <div class="nw-controls">
            <label class="nw-slider">
              <span>{m.minWeight}</span>
              <input
                type="range"
                min={1}
                max={top}
                step={1}
                value={slider ?? min}
                disabled={top <= 1}
                data-testid="network-min"
                onInput={(e) => setSlider(Number(e.currentTarget.value))}
                onChange={(e) => {
                  setSlider(null);
                  go({ min: Number(e.currentTarget.value) }, true);
                }}
              />
              <output data-testid="network-min-value">
                {m.minWeightValue(num(slider ?? min), slider ?? min)}
              </output>
            </label>
            <span class="muted" data-testid="network-counts">
              {m.shownCounts(
                num(visible.nodes.length),
                num(network.nodes.length),
                num(visible.edges.length),
                num(network.edges.length),
              )}
            </span>
            <span class="nw-views" role="group" aria-label={m.viewLabel}>
              <button
                type="button"
                class="btn btn-small"
                aria-pressed={view === 'graph'}
                data-testid="network-view-graph"
                onClick={() => go({ view: 'graph' }, true)}
              >
                {m.viewGraph}
              </button>
              <button
                type="button"
                class="btn btn-small"
                aria-pressed={view === 'table'}
                data-testid="network-view-table"
                onClick={() => go({ view: 'table' }, true)}
              >
                {m.viewTable}
              </button>
            </span>
          </div>
          {state.focus !== null && (
            <p class="note">
              <Link href={personHref(state.focus)}>{m.focusOn(label(state.focus))}</Link>
            </p>
          )}
          {visible.nodes.length === 0 ? (
            <p class="muted">{m.emptyNetwork}</p>
          ) : view === 'graph' ? (
            <>
              <p class="note">{m.graphHelp}</p>
              <NetworkGraph
                nodes={visible.nodes}
                edges={visible.edges}
                focus={state.focus}
                label={m.graphLabel(num(visible.nodes.length), num(visible.edges.length))}
                loadingText={m.graphLoading}
                failedText={m.graphFailed}
                events={{
                  onEdge: (e) => navigate(pairHref(e.source, e.target, state.q)),
                  onNode: (n) => navigate(personHref(n.id)),
                  onHover: setHover,
                }}
              />
              <p class="nw-info" data-testid="network-info">
                {hover ? describe(hover, m, num, label) : ' '}
              </p>
            </>
          ) : (
            <NetworkTables nodes={visible.nodes} edges={visible.edges} q={state.q} label={label} />
          )}
        </>
      )}
    </div>
  );
}

function describe(
  x: NetworkEdge | NetworkNode,
  m: PeopleMessages,
  num: (n: number) => string,
  label: (key: string) => string,
): string {
  if ('source' in x) {
    return `${m.edgeInfo(label(x.source), label(x.target), m.minWeightValue(num(x.weight), x.weight))} (${m.edgeParts(num(x.private), num(x.public), num(x.mentions))})`;
  }
  return m.nodeInfo(label(x.id), num(x.messages), num(x.sent), num(x.received));
}

function NetworkTables(props: {
  nodes: readonly NetworkNode[];
  edges: readonly NetworkEdge[];
  q: string;
  label: (key: string) => string;
}) {
  const { m, locale } = usePeopleMessages();
  const num = (n: number) => formatNumber(n, locale);
  const edges = props.edges.slice(0, MAX_TABLE_ROWS);
  const nodes = props.nodes.slice(0, MAX_TABLE_ROWS);
  return (
    <div class="nw-tables" data-testid="network-tables">
      <section class="panel" aria-labelledby="nw-edges">
        <h2 id="nw-edges">
          {m.edgesTitle} <span class="count">{num(props.edges.length)}</span>
        </h2>
        {edges.length < props.edges.length && (
          <p class="note">{m.tableCut(num(edges.length), num(props.edges.length))}</p>
        )}
        <div class="table-scroll">
          <table class="data-table pp-stack" data-testid="network-edges">
            <thead>
              <tr>
                <th scope="col">{m.colFrom}</th>
                <th scope="col">{m.colTo}</th>
                <th scope="col" class="num">
                  {m.colMessages}
                </th>
                <th scope="col" class="num">
                  {m.colPrivate}
                </th>
                <th scope="col" class="num">
                  {m.colPublic}
                </th>
                <th scope="col" class="num">
                  {m.colMentions}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{m.openPair}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {edges.map((e) => (
                <tr key={`${e.source}\u0000${e.target}`} data-testid="network-edge-row">
                  <td data-label={m.colFrom}>
                    <Link href={personHref(e.source)}>{props.label(e.source)}</Link>
                  </td>
                  <td data-label={m.colTo}>
                    <Link href={personHref(e.target)}>{props.label(e.target)}</Link>
                  </td>
                  <td class="num" data-label={m.colMessages}>
                    {num(e.weight)}
                  </td>
                  <td class="num" data-label={m.colPrivate}>
                    {num(e.private)}
                  </td>
                  <td class="num" data-label={m.colPublic}>
                    {num(e.public)}
                  </td>
                  <td class="num" data-label={m.colMentions}>
                    {num(e.mentions)}
                  </td>
                  <td>
                    <Link
                      class="btn btn-small"
                      href={pairHref(e.source, e.target, props.q)}
                      aria-label={m.openPairLabel(props.label(e.source), props.label(e.target))}
                    >
                      {m.openPair}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel" aria-labelledby="nw-nodes">
        <h2 id="nw-nodes">
          {m.nodesTitle} <span class="count">{num(props.nodes.length)}</span>
        </h2>
        {nodes.length < props.nodes.length && (
          <p class="note">{m.tableCut(num(nodes.length), num(props.nodes.length))}</p>
        )}
        <div class="table-scroll">
          <table class="data-table pp-stack" data-testid="network-nodes">
            <thead>
              <tr>
                <th scope="col">{m.colPerson}</th>
                <th scope="col" class="num">
                  {m.colMessages}
                </th>
                <th scope="col" class="num">
                  {m.colSent}
                </th>
                <th scope="col" class="num">
                  {m.colReceived}
                </th>
                <th scope="col" class="num">
                  {m.colMentions}
                </th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => (
                <tr key={n.id} data-testid="network-node-row" data-key={n.id}>
                  <td>
                    <Link href={personHref(n.id)}>{props.label(n.id)}</Link>{' '}
                    {n.label !== n.id && <span class="mono muted">{n.id}</span>}
                  </td>
                  <td class="num" data-label={m.colMessages}>
                    {num(n.messages)}
                  </td>
                  <td class="num" data-label={m.colSent}>
                    {num(n.sent)}
                  </td>
                  <td class="num" data-label={m.colReceived}>
                    {num(n.received)}
                  </td>
                  <td class="num" data-label={m.colMentions}>
                    {num(n.mentioned)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
