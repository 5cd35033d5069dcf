/**
 * The pure logic of the people, pair and network pages, without a browser: durations in words
 * (both languages), the latency histogram's buckets, which side of a pair is whose, the series
 * over time, the queries and URLs that name a person, and which part of a network is drawn.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_MAX_EDGES,
  defaultMinWeight,
  edgeWidth,
  filterNetwork,
  labelledNodes,
  placeLabels,
  hopsFrom,
  maxWeight,
  networkHref,
  nodeLabels,
  nodeSize,
  readNetworkState,
  shortLabel,
  type Box,
} from '../../web/src/network/network-logic.js';
import type {
  Network,
  NetworkEdge,
  Pair,
  PersonIdentity,
  TimelineResponse,
} from '../../web/src/people/people-api.js';
import {
  LATENCY_BOUNDS,
  chooseBucket,
  correspondents,
  directions,
  durationWords,
  excerpt,
  fieldTerm,
  findPair,
  latencyBucket,
  latencyHistogram,
  pairHref,
  pairQuery,
  pairSeries,
  peopleListHref,
  percent,
  personAddress,
  personHref,
  readPeopleListState,
  volumeSeries,
} from '../../web/src/people/people-logic.js';
import { en, nb, whyNb } from '../../web/src/people/people-messages.js';

const H = 3600;
const MIN = 60;
const DAY = 86_400;

void describe('People logic - latency in words', () => {
  void test('People logic - the two replies of the seed scenario read as a reporter writes them', () => {
    // EXPECTED.md point 1: 11 h 51 min after the message of 03:59, 1 h 15 min after 14:20.
    assert.equal(durationWords(11 * H + 51 * MIN, en.units), '11 hours 51 minutes');
    assert.equal(durationWords(11 * H + 51 * MIN, nb.units), '11 timer 51 minutter');
    assert.equal(durationWords(H + 15 * MIN, en.units), '1 hour 15 minutes');
    assert.equal(durationWords(H + 15 * MIN, nb.units), '1 time 15 minutter');
  });
  void test('People logic - the largest unit and the one below it, rounded down, singular and plural', () => {
    // The son's post 1 d 21 h 11 min after the DM (EXPECTED.md point 2): minutes fall off at days.
    assert.equal(durationWords(DAY + 21 * H + 11 * MIN, en.units), '1 day 21 hours');
    assert.equal(durationWords(2 * DAY + H, nb.units), '2 dager 1 time');
    assert.equal(durationWords(15 * MIN, en.units), '15 minutes');
    assert.equal(durationWords(MIN + 1, en.units), '1 minute 1 second');
    assert.equal(durationWords(59.9, en.units), '59 seconds');
    assert.equal(durationWords(1, nb.units), '1 sekund');
    // A zero unit ends it: "1 day", not "1 day 0 hours 5 minutes".
    assert.equal(durationWords(DAY + 5 * MIN, en.units), '1 day');
    assert.equal(durationWords(3 * H, nb.units), '3 timer');
    assert.equal(durationWords(40 * DAY, en.units), '40 days');
  });
  void test('People logic - nothing, negative and broken numbers are 0 seconds', () => {
    assert.equal(durationWords(0, en.units), '0 seconds');
    assert.equal(durationWords(-5, en.units), '0 seconds');
    assert.equal(durationWords(Number.NaN, nb.units), '0 sekunder');
  });
});

void describe('People logic - latency histogram', () => {
  void test('People logic - each bucket holds what is under its bound and not under the one before', () => {
    assert.deepEqual(LATENCY_BOUNDS, [60, 600, H, 6 * H, DAY, 7 * DAY]);
    assert.equal(latencyBucket(0), 0);
    assert.equal(latencyBucket(59), 0);
    assert.equal(latencyBucket(60), 1, 'a minute exactly is not under a minute');
    assert.equal(latencyBucket(599), 1);
    assert.equal(latencyBucket(600), 2);
    assert.equal(latencyBucket(H + 15 * MIN), 3);
    assert.equal(latencyBucket(11 * H + 51 * MIN), 4);
    assert.equal(latencyBucket(DAY), 5);
    assert.equal(latencyBucket(7 * DAY - 1), 5);
    assert.equal(latencyBucket(7 * DAY), 6);
    assert.equal(latencyBucket(400 * DAY), 6);
  });
  void test('People logic - the seed pair: one answer under 6 hours, one under a day; NaN is skipped', () => {
    assert.deepEqual(latencyHistogram([42_660, 4_500]), [0, 0, 0, 1, 1, 0, 0]);
    assert.deepEqual(latencyHistogram([]), [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(latencyHistogram([5, 5, 700, Number.NaN, 1e9]), [2, 0, 1, 0, 0, 0, 1]);
  });
});

/** The seed pair as /api/pairs answers it (test/api/patterns.test.ts checks the server side). */
function seedPair(): Pair {
  return {
    a: 'x:16589206',
    b: 'x:39344374',
    aName: 'WikiLeaks',
    bName: 'Donald Trump Jr.',
    aToB: 11,
    bToA: 2,
    undated: 0,
    sessions: 9,
    aStarted: 7,
    bStarted: 2,
    burstsAtoB: 7,
    answeredAtoB: 2,
    burstsBtoA: 2,
    answeredBtoA: 0,
    replyRateAtoB: 2 / 7,
    replyRateBtoA: 0,
    replySecondsAtoB: { count: 2, median: 23_580, p90: 42_660, min: 4_500, max: 42_660 },
    replySecondsBtoA: null,
    repliesAtoB: [
      {
        burstFirstId: 'm1',
        burstLastId: 'm1',
        burstLastAt: '2016-09-21T03:59:00.000Z',
        replyId: 'r1',
        replyAt: '2016-09-21T15:50:00.000Z',
        seconds: 42_660,
      },
    ],
    repliesBtoA: [],
    firstAt: '2016-09-21T03:59:00.000Z',
    lastAt: '2017-07-11T12:04:00.000Z',
    unanswered: [],
  };
}

void describe('People logic - a pair from either side', () => {
  void test('People logic - directions put the given side first and keep who answered whom', () => {
    const p = seedPair();
    const fromA = directions(p, 'x:16589206');
    assert.equal(fromA.first.messages, 11);
    assert.equal(fromA.second.messages, 2);
    assert.equal(fromA.first.latency?.min, 4_500, 'how fast the son answered WikiLeaks');
    assert.equal(fromA.first.replies.length, 1);
    const fromB = directions(p, 'x:39344374');
    assert.deepEqual(
      [fromB.first.from, fromB.first.to, fromB.first.messages, fromB.first.started, fromB.first.bursts],
      ['x:39344374', 'x:16589206', 2, 2, 2],
    );
    assert.equal(fromB.first.answered, 0);
    assert.equal(fromB.first.latency, null);
    assert.equal(fromB.second.answered, 2);
    assert.equal(percent(fromB.second.replyRate), 29);
    assert.equal(percent(null), null);
  });
  void test('People logic - correspondents: most messages both ways first; findPair in either order', () => {
    const p = seedPair();
    const small: Pair = { ...seedPair(), a: 'email:a@x', b: 'x:16589206', aToB: 3, bToA: 0 };
    const tie: Pair = { ...seedPair(), a: 'email:b@x', b: 'x:16589206', aToB: 3, bToA: 0 };
    const other: Pair = { ...seedPair(), a: 'email:c@x', b: 'email:d@x' };
    const list = correspondents([tie, small, p, other], 'x:16589206');
    assert.deepEqual(
      list.map((x) => x.a),
      ['x:16589206', 'email:a@x', 'email:b@x'],
    );
    assert.equal(findPair([small, p], 'x:39344374', 'x:16589206'), p);
    assert.equal(findPair([small, p], 'x:39344374', 'email:a@x'), null);
  });
});

void describe('People logic - series over time', () => {
  const buckets: TimelineResponse['timeline']['buckets'] = [
    {
      start: '2016-09-01T00:00:00.000Z',
      private: 3,
      public: 1,
      byPerson: { 'x:16589206': { private: 1, public: 0 }, 'x:39344374': { private: 1, public: 1 } },
    },
    { start: '2016-10-01T00:00:00.000Z', private: 0, public: 0, byPerson: {} },
    {
      start: '2016-11-01T00:00:00.000Z',
      private: 5,
      public: 0,
      byPerson: { 'x:16589206': { private: 5, public: 0 } },
    },
  ];
  void test('People logic - volume: the person sent their own count, received the rest of the bucket', () => {
    assert.deepEqual(volumeSeries(buckets, 'x:16589206'), [
      { start: '2016-09-01T00:00:00.000Z', a: 1, b: 3 },
      { start: '2016-10-01T00:00:00.000Z', a: 0, b: 0 },
      { start: '2016-11-01T00:00:00.000Z', a: 5, b: 0 },
    ]);
  });
  void test('People logic - a pair: each side by its sender; a third sender counts for neither', () => {
    assert.deepEqual(
      pairSeries(buckets, 'x:16589206', 'x:39344374').map((b) => [b.a, b.b]),
      [
        [1, 2],
        [0, 0],
        [5, 0],
      ],
    );
  });
  void test('People logic - bars by day up to two months, weeks up to eight, then months', () => {
    assert.equal(chooseBucket('2016-06-03T14:36:00Z', '2016-06-08T16:37:00Z'), 'day');
    assert.equal(chooseBucket('2016-06-01T00:00:00Z', '2016-08-02T00:00:00Z'), 'day');
    assert.equal(chooseBucket('2016-06-01T00:00:00Z', '2016-12-01T00:00:00Z'), 'week');
    assert.equal(chooseBucket('2016-09-21T03:59:00Z', '2017-07-11T12:04:00Z'), 'month');
    assert.equal(chooseBucket(null, '2017-07-11T12:04:00Z'), 'month');
    assert.equal(chooseBucket('not a date', 'neither'), 'month');
  });
});

void describe('People logic - naming a person', () => {
  const id = (address: string, sent: number, received: number): PersonIdentity => ({
    key: `x:${address}`,
    platform: 'x',
    address,
    handles: [],
    names: [],
    moreNames: 0,
    aliases: { handles: [], names: [] },
    sent,
    received,
    firstDate: null,
    lastDate: null,
  });
  void test('People logic - the address of the identity with most items names the person', () => {
    assert.equal(personAddress([id('realdonaldtrump', 4, 0), id('25073877', 10, 3)]), '25073877');
    assert.equal(personAddress([id('16589206', 11, 2)]), '16589206');
    assert.equal(personAddress([]), null);
  });
  void test('People logic - field terms are quoted only when the query language needs it', () => {
    assert.equal(fieldTerm('participant', '16589206'), 'participant:16589206');
    assert.equal(fieldTerm('from', 'djtjr@example.org'), 'from:djtjr@example.org');
    assert.equal(fieldTerm('from', 'Rob Goldstone'), 'from:"Rob Goldstone"');
    assert.equal(fieldTerm('to', 'a"b\\c(d)'), 'to:"a\\"b\\\\c(d)"');
    assert.equal(fieldTerm('to', ''), 'to:""');
    assert.equal(pairQuery('16589206', '39344374'), 'is:private participant:16589206 participant:39344374');
    assert.equal(
      pairQuery('16589206', 'djtjr@example.org', ' tax OR meeting '),
      '(tax OR meeting) is:private participant:16589206 participant:djtjr@example.org',
    );
  });
  void test('People logic - URLs: keys with colons and @ survive; defaults are left out', () => {
    assert.equal(personHref('x:16589206'), '/person?key=x%3A16589206');
    assert.equal(pairHref('x:1', 'email:a@b.c'), '/pair?a=x%3A1&b=email%3Aa%40b.c');
    assert.equal(pairHref('x:1', 'x:2', 'date:2016'), '/pair?a=x%3A1&b=x%3A2&q=date%3A2016');
    assert.equal(peopleListHref({ q: ' ', page: 1 }), '/person');
    assert.equal(peopleListHref({ q: 'wiki', page: 3 }), '/person?q=wiki&page=3');
    assert.deepEqual(readPeopleListState(new URLSearchParams('q=wiki&page=3')), { q: 'wiki', page: 3 });
    assert.deepEqual(readPeopleListState(new URLSearchParams('page=-2')), { q: '', page: 1 });
    assert.deepEqual(readPeopleListState(new URLSearchParams('page=1e99')), { q: '', page: 1 });
  });
  void test('People logic - excerpts are cut at a word, flattened, and say when the server cut them', () => {
    assert.equal(excerpt('short\n\ntext'), 'short text');
    assert.equal(excerpt('short', 280, true), 'short …');
    const long = `${'word '.repeat(100)}end`;
    const cut = excerpt(long, 50);
    assert.ok(cut.endsWith(' …'));
    assert.ok(Array.from(cut).length <= 52);
    assert.doesNotMatch(cut, /wor …$/);
  });
});

void describe('Network logic - what is drawn', () => {
  const node = (id: string, messages: number) => ({
    id,
    label: id.toUpperCase(),
    messages,
    sent: messages,
    received: 0,
    private: messages,
    public: 0,
    mentioned: 0,
  });
  const edge = (source: string, target: string, weight: number): NetworkEdge => ({
    source,
    target,
    weight,
    private: weight,
    public: 0,
    mentions: 0,
  });
  const net: Network = {
    nodes: [node('a', 20), node('b', 13), node('c', 5), node('d', 4), node('lonely', 4)],
    edges: [edge('a', 'b', 11), edge('c', 'a', 3), edge('b', 'a', 2), edge('a', 'd', 1), edge('c', 'c', 9)],
  };
  void test('Network logic - a minimum weight keeps heavier lines and the persons they join', () => {
    const all = filterNetwork(net, 1);
    assert.deepEqual(
      all.nodes.map((n) => n.id),
      ['a', 'b', 'c', 'd', 'lonely'],
      'at 1 nobody goes missing, not even a person without lines',
    );
    assert.equal(all.edges.length, 4, 'a self-loop is no line');
    const two = filterNetwork(net, 2);
    assert.deepEqual(
      two.nodes.map((n) => n.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      two.edges.map((e) => `${e.source}>${e.target}`),
      ['a>b', 'c>a', 'b>a'],
    );
    const heavy = filterNetwork(net, 5, { focus: 'd' });
    assert.deepEqual(
      heavy.nodes.map((n) => n.id),
      ['a', 'b', 'd'],
      'the focus person stays',
    );
    assert.deepEqual(
      filterNetwork(net, 1, { maxEdges: 2 }).edges.map((e) => e.weight),
      [11, 3],
      'a cut keeps the heaviest',
    );
  });
  void test('Network logic - lines to persons not in the answer are not drawn', () => {
    const broken: Network = { nodes: [node('a', 1)], edges: [edge('a', 'ghost', 4)] };
    assert.deepEqual(filterNetwork(broken, 2), { nodes: [], edges: [] });
    assert.deepEqual(filterNetwork(broken, 1).edges, []);
  });
  void test('Network logic - the default minimum keeps a 1,000-person case under the line budget', () => {
    assert.equal(defaultMinWeight(net.edges), 1);
    // 1,000 persons: 3,000 single messages, 300 lines of 2, 100 of 5, 10 of 40.
    const edges: NetworkEdge[] = [];
    for (let i = 0; i < 3000; i++) edges.push(edge(`p${i % 1000}`, `p${(i * 7 + 1) % 1000}`, 1));
    for (let i = 0; i < 300; i++) edges.push(edge(`p${i}`, `p${i + 1}`, 2));
    for (let i = 0; i < 100; i++) edges.push(edge(`p${i}`, `p${i + 2}`, 5));
    for (let i = 0; i < 10; i++) edges.push(edge(`p${i}`, `p${i + 3}`, 40));
    edges.sort((x, y) => y.weight - x.weight);
    const min = defaultMinWeight(edges);
    assert.equal(min, 3, 'lines of 2 would make 410 > 250');
    assert.ok(edges.filter((e) => e.weight >= min).length <= DEFAULT_MAX_EDGES);
    assert.ok(edges.filter((e) => e.weight >= min - 1).length > DEFAULT_MAX_EDGES);
    assert.equal(defaultMinWeight(edges, 10), 6, 'exactly the ten heaviest');
    assert.equal(defaultMinWeight(edges, 5), 40, 'the heaviest ties beyond the budget: shown, not nothing');
    assert.equal(maxWeight(edges), 40);
    assert.equal(maxWeight([]), 1);
  });
  void test('Network logic - sizes grow with volume and weight, within bounds', () => {
    assert.equal(nodeSize(0, 20), 14);
    assert.equal(nodeSize(20, 20), 64);
    assert.ok(nodeSize(5, 20) < nodeSize(13, 20));
    assert.equal(nodeSize(999, 20), 64);
    assert.equal(edgeWidth(1, 11), 1);
    assert.equal(edgeWidth(11, 11), 12);
    assert.ok(edgeWidth(2, 11) > 1 && edgeWidth(2, 11) < edgeWidth(3, 11));
    assert.equal(edgeWidth(5, 1), 1);
  });
  void test('Network logic - two persons of one name are told apart by platform, then by key', () => {
    const named = (id: string, label: string) => ({ ...node(id, 1), label });
    const labels = nodeLabels([
      named('x:39344374', 'Donald Trump Jr.'),
      named('email:djtjr@example.org', 'Donald Trump Jr.'),
      named('email:don@example.com', 'Donald Trump Jr.'),
      named('x:16589206', 'WikiLeaks'),
    ]);
    assert.deepEqual(
      [...labels.values()],
      [
        'Donald Trump Jr. (x)',
        'Donald Trump Jr. (email:djtjr@example.org)',
        'Donald Trump Jr. (email:don@example.com)',
        'WikiLeaks',
      ],
    );
  });
  void test('Network logic - a big graph names its busiest persons and the focus', () => {
    assert.deepEqual([...labelledNodes(net.nodes, net.edges, 2, null)], ['a', 'b']);
    assert.deepEqual([...labelledNodes(net.nodes, net.edges, 2, 'lonely')], ['a', 'b', 'lonely']);
    assert.equal(labelledNodes(net.nodes, net.edges, 100, null).size, 5);
  });
  void test('Network logic - pairs apart from the crowd are named too, the heaviest first', () => {
    // A crowd of 30 around `hub`, busier than anyone in the pairs, and seven pairs apart.
    const nodes = [node('hub', 500)];
    const edges: NetworkEdge[] = [];
    for (let i = 0; i < 30; i++) {
      nodes.push(node(`c${i}`, 100 - i));
      edges.push(edge('hub', `c${i}`, 5));
    }
    for (let i = 0; i < 7; i++) {
      nodes.push(node(`p${i}a`, 2 + i), node(`p${i}b`, 2 + i));
      edges.push(edge(`p${i}a`, `p${i}b`, 2 + i));
    }
    nodes.push(node('alone', 3));
    const named = labelledNodes(nodes, edges, 10, null);
    // The ten busiest, then the five heaviest pairs (weights 8 down to 4); no lone person.
    const pairs = [...named].filter((id) => id.startsWith('p')).sort();
    assert.deepEqual(pairs, ['p2a', 'p2b', 'p3a', 'p3b', 'p4a', 'p4b', 'p5a', 'p5b', 'p6a', 'p6b']);
    assert.equal(named.size, 20);
    assert.ok(!named.has('alone'));
  });
  void test('Network logic - a name goes where it overlaps no more important one, or is not written', () => {
    const box = (x: number, y: number, w = 80) => ({ x1: x, y1: y, x2: x + w, y2: y + 14 });
    const below = (id: string, x: number, y: number, w = 80) => ({ id, places: [box(x, y, w)] });
    const placed = placeLabels([
      below('busiest', 100, 100),
      below('over-it', 150, 105), // overlaps busiest
      below('touching', 100, 114), // touches busiest's bottom edge: no overlap
      below('far', 400, 100),
      below('across-cells', 30, 95, 300), // spans many grid squares and crosses busiest
      below('under-far', 420, 110), // overlaps far
      { id: 'above-instead', places: [box(160, 110), box(160, 70)] }, // its first place is taken
    ]);
    assert.deepEqual(
      [...placed],
      [
        ['busiest', 0],
        ['touching', 0],
        ['far', 0],
        ['above-instead', 1],
      ],
    );
    // The order decides: the same boxes, the other one first.
    assert.deepEqual([...placeLabels([below('b', 150, 105), below('a', 100, 100)]).keys()], ['b']);
    // Thousands of names in a crowd: no two written ones overlap.
    const many = Array.from({ length: 3000 }, (_, i) => ({
      id: `n${i}`,
      places: [
        box((i * 37) % 900, (i * 53) % 600, 40 + (i % 60)),
        box((i * 37) % 900, ((i * 53) % 600) - 30),
      ],
    }));
    const written = placeLabels(many);
    const kept = many.flatMap((l) =>
      written.has(l.id) ? [l.places[written.get(l.id) as number] as Box] : [],
    );
    for (const a of kept)
      for (const b of kept)
        if (a !== b) assert.ok(!(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2));
    assert.ok(kept.length > 50, `${kept.length} names written`);
    assert.ok([...written.values()].includes(1), 'some names went above their circle');
  });
  void test('Network logic - centred on a person, the others by how many lines away they are', () => {
    const nodes = ['me', 'a', 'b', 'c', 'far', 'apart', 'lonely'].map((id) => node(id, 1));
    const edges = [
      edge('me', 'a', 1),
      edge('b', 'me', 1),
      edge('a', 'c', 1),
      edge('c', 'far', 1),
      edge('apart', 'lonely', 1),
    ];
    assert.deepEqual(
      [...hopsFrom('me', nodes, edges)],
      [
        ['me', 0],
        ['a', 1],
        ['b', 1],
        ['c', 2],
        ['far', 3],
      ],
    );
    assert.equal(hopsFrom('nobody', nodes, edges).size, 0);
  });
  void test('Network logic - state in the URL; long labels are cut', () => {
    const s = readNetworkState(new URLSearchParams('q=date:2016&min=3&view=table&focus=x:1'));
    assert.deepEqual(s, { q: 'date:2016', min: 3, view: 'table', focus: 'x:1' });
    assert.equal(networkHref(s), '/network?q=date%3A2016&min=3&view=table&focus=x%3A1');
    assert.deepEqual(readNetworkState(new URLSearchParams('min=0&view=pie')), {
      q: '',
      min: null,
      view: null,
      focus: null,
    });
    assert.equal(networkHref({ q: '', min: null, view: null, focus: null }), '/network');
    assert.equal(shortLabel('Donald Trump Jr.'), 'Donald Trump Jr.');
    assert.equal(Array.from(shortLabel('x'.repeat(100))).length, 28);
  });
});

void describe('People messages - why a message asks for something, in Norwegian', () => {
  void test("the three shapes of the server's reason are written in Norwegian; another stays as it came", () => {
    assert.equal(whyNb('request phrase "could you" (en)'), 'uttrykket «could you» (engelsk)');
    assert.equal(
      whyNb('imperative "send" opening a sentence (en)'),
      'bydeform «send» først i en setning (engelsk)',
    );
    assert.equal(
      whyNb('imperative "send" opening a sentence (no)'),
      'bydeform «send» først i en setning (norsk)',
    );
    assert.equal(whyNb('question: "Can we talk?\nNow?"'), 'spørsmål: «Can we talk?\nNow?»');
    assert.equal(whyNb('something new'), 'something new');
    assert.equal(nb.whyRequest('question: "Ja?"'), 'Hvorfor: spørsmål: «Ja?»');
  });
});
