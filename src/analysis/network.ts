import type { AnalysisItem, AnalysisPerson } from './analysis-item.js';

/**
 * Persons as nodes, messages as weighted directed edges, and the exports Gephi reads
 * (GEXF 1.3, and a pair of CSV tables for its spreadsheet import).
 *
 * What makes an edge source → target, counted once per item:
 * - a message: an item from source with target among its recipients; counted as `private` or
 *   `public` by the item's visibility (a public reply addressed to someone is public);
 * - a mention: a public item from source that mentions target's handle without being addressed
 *   to target (a post naming someone is contact of another kind than a message: it is counted
 *   apart in `mentions`, so the two can be told apart or filtered in Gephi). Mentions inside
 *   private messages are not edges: naming someone to a third person is not talking to them.
 * `weight` = private + public + mentions: the number of items linking source to target.
 *
 * Mentioned handles are resolved to persons through `persons` (AnalysisPerson.handles). A handle
 * that no person has becomes the key `platform:handle` (the shape of a person key for an
 * identity whose address is a handle), so mentions of one unknown account still meet in one
 * node. A handle two persons share goes to the one with the smallest key (deterministic; merge
 * the persons to fix it).
 *
 * Self-addressed recipients and self-mentions are not edges; repeated recipients or mentions
 * in one item count once. Undated items count (a network has no time axis; filter by date
 * before calling when wanted).
 */

export interface NetworkNode {
  /** Person key. */
  id: string;
  /** Display name from persons, else the key. */
  label: string;
  /** Items the person sent or received (= sent + received). */
  messages: number;
  sent: number;
  received: number;
  /** Of `messages`, how many were private and how many public. */
  private: number;
  public: number;
  /** Public items of others that mention the person. */
  mentioned: number;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** private + public + mentions. */
  weight: number;
  private: number;
  public: number;
  mentions: number;
}

export interface Network {
  /** By messages, most first; ties by id. */
  nodes: NetworkNode[];
  /** By weight, heaviest first; ties by source, then target. */
  edges: NetworkEdge[];
}

/** The network of `items`. O(m log m), m the number of (item, recipient or mention) couples. */
export function buildNetwork(
  items: readonly AnalysisItem[],
  persons: readonly AnalysisPerson[] = [],
): Network {
  const labels = new Map<string, string>();
  const handleOwner = new Map<string, string>();
  for (const p of [...persons].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const name = p.name ?? p.names[0] ?? null;
    if (name !== null && name !== '') labels.set(p.key, name);
    for (const h of p.handles) {
      const handle = normaliseHandle(h);
      if (handle !== '' && !handleOwner.has(handle)) handleOwner.set(handle, p.key);
    }
  }

  const nodes = new Map<string, NetworkNode>();
  const node = (id: string): NetworkNode => {
    let n = nodes.get(id);
    if (n === undefined) {
      n = {
        id,
        label: labels.get(id) ?? id,
        messages: 0,
        sent: 0,
        received: 0,
        private: 0,
        public: 0,
        mentioned: 0,
      };
      nodes.set(id, n);
    }
    return n;
  };
  // Nested maps, not a joined key: person keys are data and may hold any separator.
  const edges = new Map<string, Map<string, NetworkEdge>>();
  const edge = (source: string, target: string): NetworkEdge => {
    let inner = edges.get(source);
    if (inner === undefined) {
      inner = new Map();
      edges.set(source, inner);
    }
    let e = inner.get(target);
    if (e === undefined) {
      e = { source, target, weight: 0, private: 0, public: 0, mentions: 0 };
      inner.set(target, e);
    }
    return e;
  };

  for (const item of items) {
    const from = item.from;
    const kind = item.visibility === 'private' ? 'private' : 'public';
    const recipients = distinct(item.to, from);
    if (from !== null) {
      const n = node(from);
      n.sent++;
      n.messages++;
      n[kind]++;
    }
    for (const to of recipients) {
      const n = node(to);
      n.received++;
      n.messages++;
      n[kind]++;
      if (from !== null) {
        const e = edge(from, to);
        e[kind]++;
        e.weight++;
      }
    }
    if (from === null || kind !== 'public') continue;
    const targets: string[] = [];
    for (const m of item.mentions) {
      const handle = normaliseHandle(m);
      if (handle !== '') targets.push(handleOwner.get(handle) ?? `${item.platform}:${handle}`);
    }
    // A mention of someone the item is addressed to is that message, not a second contact.
    const addressed = recipients.length > 8 ? new Set(recipients) : null;
    for (const target of distinct(targets, from)) {
      if (addressed !== null ? addressed.has(target) : recipients.includes(target)) continue;
      node(target).mentioned++;
      const e = edge(from, target);
      e.mentions++;
      e.weight++;
    }
  }

  const nodeList = [...nodes.values()].sort((x, y) => y.messages - x.messages || cmp(x.id, y.id));
  const edgeList: NetworkEdge[] = [];
  for (const inner of edges.values()) for (const e of inner.values()) edgeList.push(e);
  edgeList.sort((x, y) => y.weight - x.weight || cmp(x.source, y.source) || cmp(x.target, y.target));
  return { nodes: nodeList, edges: edgeList };
}

/**
 * The keys once each, without `self`. Most items have one recipient and no mention: no Set is
 * built for them (this runs once per item of a million).
 */
function distinct(keys: readonly string[], self: string | null): readonly string[] {
  if (keys.length === 0) return keys;
  if (keys.length === 1) return keys[0] === self ? [] : keys;
  const set = new Set(keys);
  if (self !== null) set.delete(self);
  return [...set];
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function normaliseHandle(h: string): string {
  return h.trim().replace(/^@/, '').toLowerCase();
}

// ---- GEXF ------------------------------------------------------------------------------------

const NODE_ATTRIBUTES = ['messages', 'sent', 'received', 'private', 'public', 'mentioned'] as const;
const EDGE_ATTRIBUTES = ['private', 'public', 'mentions'] as const;

/**
 * The network as GEXF 1.3 (https://gexf.net/schema.html): a static directed graph, node labels,
 * edge weights, and the counts as integer attributes. Every string from the data is escaped,
 * and characters XML 1.0 forbids even escaped (controls, lone surrogates, U+FFFE/U+FFFF) are
 * replaced by U+FFFD: a person key taken from a hostile export must not break the file.
 * For a graph of millions of edges, write gexfChunks() out instead: one string is limited
 * (about 2^29 characters in V8) and a few million edges reach that.
 */
export function toGexf(network: Network): string {
  return [...gexfChunks(network)].join('');
}

/** toGexf as pieces (the header, one per node and edge, the footer), to be written one by one. */
export function* gexfChunks(network: Network): Generator<string> {
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    '  <meta>',
    '    <creator>innsyn</creator>',
    '    <description>Persons and the messages between them</description>',
    '  </meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    '    <attributes class="node">',
    ...NODE_ATTRIBUTES.map((a) => `      <attribute id="${a}" title="${a}" type="integer"/>`),
    '    </attributes>',
    '    <attributes class="edge">',
    ...EDGE_ATTRIBUTES.map((a) => `      <attribute id="${a}" title="${a}" type="integer"/>`),
    '    </attributes>',
    '    <nodes>\n',
  ].join('\n');
  for (const n of network.nodes) {
    const values = NODE_ATTRIBUTES.map((a) => `          <attvalue for="${a}" value="${n[a]}"/>\n`).join('');
    yield `      <node id="${xml(n.id)}" label="${xml(n.label)}">\n        <attvalues>\n${values}        </attvalues>\n      </node>\n`;
  }
  yield '    </nodes>\n    <edges>\n';
  let i = 0;
  for (const e of network.edges) {
    const values = EDGE_ATTRIBUTES.map((a) => `          <attvalue for="${a}" value="${e[a]}"/>\n`).join('');
    yield (
      `      <edge id="${i++}" source="${xml(e.source)}" target="${xml(e.target)}" weight="${e.weight}">\n` +
      `        <attvalues>\n${values}        </attvalues>\n      </edge>\n`
    );
  }
  yield '    </edges>\n  </graph>\n</gexf>\n';
}

/** XML 1.0 §2.2 Char: what is left after this may appear in a document at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** What an attribute value escapes: the XML specials, and whitespace a parser would fold to a space. */
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const XML_SPECIAL = /[&<>"'\t\n\r]/g;
/** Printable ASCII without specials: the common case (person keys like 'x:16589206') needs no work. */
const XML_PLAIN = /^[\x20-\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]*$/;

/** Text for an XML attribute value: the specials escaped, characters XML cannot hold replaced. */
function xml(s: string): string {
  if (XML_PLAIN.test(s)) return s;
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(XML_SPECIAL, (ch) => XML_ESCAPES[ch] ?? ch);
}

// ---- CSV -------------------------------------------------------------------------------------

/**
 * The network as two CSV tables in the shape Gephi's spreadsheet import expects (nodes: Id,
 * Label; edges: Source, Target, Type, Weight), plus the counts. RFC 4180: CRLF line ends, a
 * field with a comma, quote, CR or LF is quoted and its quotes doubled.
 *
 * Formula injection (OWASP "CSV Injection"): a reporter will open these in a spreadsheet, and a
 * person key or name from a leaked export that starts with = + - @ (or a tab or CR, which some
 * spreadsheets skip before reading a formula) would run as a formula there (=HYPERLINK(…) can
 * leak data, DDE can run commands). Such a text cell is prefixed with a single quote, which
 * spreadsheets show as text. The same prefix goes on ids in both tables, so they still match.
 * Numbers are written by us and never start with these characters.
 */
export function toCsv(network: Network): { nodes: string; edges: string } {
  return { nodes: [...csvNodeRows(network)].join(''), edges: [...csvEdgeRows(network)].join('') };
}

/** The nodes table row by row (header first), each row ending in CRLF, to be written one by one. */
export function* csvNodeRows(network: Network): Generator<string> {
  yield row(['Id', 'Label', ...NODE_ATTRIBUTES]);
  for (const n of network.nodes) {
    yield row([cell(n.id), cell(n.label), ...NODE_ATTRIBUTES.map((a) => String(n[a]))]);
  }
}

/** The edges table row by row (header first), each row ending in CRLF. */
export function* csvEdgeRows(network: Network): Generator<string> {
  yield row(['Source', 'Target', 'Type', 'Weight', ...EDGE_ATTRIBUTES]);
  for (const e of network.edges) {
    yield row([
      cell(e.source),
      cell(e.target),
      'Directed',
      String(e.weight),
      ...EDGE_ATTRIBUTES.map((a) => String(e[a])),
    ]);
  }
}

/** Cells that a spreadsheet would read as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function row(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n';
}
