/**
 * The pure logic of the person, pair and people pages: durations in words, the latency
 * histogram, which side of a pair is whose, the series drawn over time, and the URLs and
 * queries that name a person. No DOM here: test/web/people-logic.test.ts runs it in Node.
 */
import type { Latency, Pair, PersonIdentity, Reply, TimelineBucket, TimelineResponse } from './people-api.js';

// ---- durations in words ------------------------------------------------------------------------

/** The words of each unit, singular and plural, in one language. */
export interface DurationUnits {
  day: readonly [string, string];
  hour: readonly [string, string];
  minute: readonly [string, string];
  second: readonly [string, string];
}

const UNIT_SECONDS: ReadonlyArray<readonly [keyof DurationUnits, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A duration as a reporter writes it: the largest unit that is not zero and the one below it,
 * rounded down, so that 42,660 s is "11 hours 51 minutes" and 4,500 s "1 hour 15 minutes"
 * (never "1.25 hours": the number must be the one that can be checked against the two
 * timestamps). 162,660 s is "1 day 21 hours"; 86,700 s is "1 day" (the minutes below a zero
 * hour are noise at that scale); under a second is "0 seconds".
 */
export function durationWords(seconds: number, units: DurationUnits): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const word = (n: number, unit: keyof DurationUnits) => `${n} ${units[unit][n === 1 ? 0 : 1]}`;
  for (let i = 0; i < UNIT_SECONDS.length; i++) {
    const [unit, size] = UNIT_SECONDS[i] as readonly [keyof DurationUnits, number];
    const n = Math.floor(total / size);
    if (n === 0) continue;
    const below = UNIT_SECONDS[i + 1];
    if (below === undefined) return word(n, unit);
    const m = Math.floor((total - n * size) / below[1]);
    return m > 0 ? `${word(n, unit)} ${word(m, below[0])}` : word(n, unit);
  }
  return word(0, 'second');
}

// ---- the latency histogram ---------------------------------------------------------------------

/**
 * Upper bounds of the latency buckets, in seconds: under 1 minute, 10 minutes, 1 hour, 6 hours,
 * 1 day, 1 week, and the rest. Roughly a log scale of time, in the steps people think in.
 */
export const LATENCY_BOUNDS: readonly number[] = [60, 600, 3_600, 21_600, 86_400, 604_800];
/** Buckets of latencyHistogram: one per bound and one for "more". */
export const LATENCY_BUCKETS = LATENCY_BOUNDS.length + 1;

/** The bucket of one latency: the first bound it is under, else the last ("more"). */
export function latencyBucket(seconds: number): number {
  for (let i = 0; i < LATENCY_BOUNDS.length; i++) if (seconds < (LATENCY_BOUNDS[i] as number)) return i;
  return LATENCY_BOUNDS.length;
}

/** How many of `seconds` fall in each latency bucket. */
export function latencyHistogram(seconds: readonly number[]): number[] {
  const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
  for (const s of seconds) {
    if (!Number.isFinite(s)) continue;
    const i = latencyBucket(s);
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

// ---- a pair seen from one side -----------------------------------------------------------------

/** One direction of a pair: what `from` sent `to`, and how `to` answered it. */
export interface Direction {
  from: string;
  to: string;
  fromName: string | null;
  toName: string | null;
  messages: number;
  /** Sessions `from` started. */
  started: number;
  /** Bursts (runs of messages) `from` sent. */
  bursts: number;
  /** Of those, how many `to` answered. */
  answered: number;
  /** answered / bursts, null without bursts. */
  replyRate: number | null;
  /** How fast `to` answered `from`. */
  latency: Latency | null;
  /** The answers of `to` to `from`, with the seconds of each. */
  replies: Reply[];
}

/** The pair as two directions, `first` the one sent by `key` (when `key` is b, the sides swap). */
export function directions(pair: Pair, key: string): { first: Direction; second: Direction } {
  const ab: Direction = {
    from: pair.a,
    to: pair.b,
    fromName: pair.aName,
    toName: pair.bName,
    messages: pair.aToB,
    started: pair.aStarted,
    bursts: pair.burstsAtoB,
    answered: pair.answeredAtoB,
    replyRate: pair.replyRateAtoB,
    latency: pair.replySecondsAtoB,
    replies: pair.repliesAtoB,
  };
  const ba: Direction = {
    from: pair.b,
    to: pair.a,
    fromName: pair.bName,
    toName: pair.aName,
    messages: pair.bToA,
    started: pair.bStarted,
    bursts: pair.burstsBtoA,
    answered: pair.answeredBtoA,
    replyRate: pair.replyRateBtoA,
    latency: pair.replySecondsBtoA,
    replies: pair.repliesBtoA,
  };
  return key === pair.b ? { first: ba, second: ab } : { first: ab, second: ba };
}

/** The other side of the pair from `key`. */
export function otherSide(pair: Pair, key: string): { key: string; name: string | null } {
  return key === pair.b ? { key: pair.a, name: pair.aName } : { key: pair.b, name: pair.bName };
}

/** The pair of `a` and `b` (either order) among `pairs`, or null. */
export function findPair(pairs: readonly Pair[], a: string, b: string): Pair | null {
  return pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a)) ?? null;
}

/** The pairs of `key`, most messages (both ways) first, ties by the other's key. */
export function correspondents(pairs: readonly Pair[], key: string): Pair[] {
  return pairs
    .filter((p) => p.a === key || p.b === key)
    .sort((x, y) => {
      const d = y.aToB + y.bToA - (x.aToB + x.bToA);
      if (d !== 0) return d;
      const kx = otherSide(x, key).key;
      const ky = otherSide(y, key).key;
      return kx < ky ? -1 : kx > ky ? 1 : 0;
    });
}

// ---- series over time --------------------------------------------------------------------------

/** Bars drawn at most: a hostile or huge answer must not hang the page. */
export const MAX_TIME_BARS = 400;

/**
 * The period of the bars for activity from `first` to `last`: days for two months or less,
 * weeks up to eight months, months beyond, so a chart has between a handful and a few hundred bars.
 */
export function chooseBucket(first: string | null, last: string | null): TimelineBucket {
  const a = first ? Date.parse(first) : NaN;
  const b = last ? Date.parse(last) : NaN;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 'month';
  const days = Math.abs(b - a) / 86_400_000;
  return days <= 62 ? 'day' : days <= 245 ? 'week' : 'month';
}

export interface TwoSeriesBar {
  start: string;
  a: number;
  b: number;
}

type Buckets = TimelineResponse['timeline']['buckets'];

function sentBy(bucket: Buckets[number], key: string): number {
  const c = bucket.byPerson[key];
  return c ? c.private + c.public : 0;
}

/**
 * A person's volume from the timeline of `participant:` the person: `a` what they sent (their
 * own count in byPerson), `b` what they received (everything else in the bucket: items they
 * took part in and did not send).
 */
export function volumeSeries(buckets: Buckets, key: string): TwoSeriesBar[] {
  return buckets.slice(0, MAX_TIME_BARS).map((bk) => {
    const sent = sentBy(bk, key);
    return { start: bk.start, a: sent, b: Math.max(0, bk.private + bk.public - sent) };
  });
}

/** The messages of a pair each way, from the timeline of the two persons' private items. */
export function pairSeries(buckets: Buckets, aKey: string, bKey: string): TwoSeriesBar[] {
  return buckets.slice(0, MAX_TIME_BARS).map((bk) => ({
    start: bk.start,
    a: sentBy(bk, aKey),
    b: sentBy(bk, bKey),
  }));
}

// ---- naming a person in a query and in URLs ----------------------------------------------------

/** `field:value`, the value quoted (with `\"` and `\\` escaped) when the query language needs it. */
export function fieldTerm(field: string, value: string): string {
  if (value !== '' && !/[\s()"\\]/u.test(value)) return `${field}:${value}`;
  return `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The value that names a person in `from:` `to:` `participant:`: the address of its identity
 * with the most items. Every item of a person carries the addresses, handles and names of all
 * its identities, most used identity first (src/store/sqlite/README.md), so one address finds
 * them all; an address (an account id, an email address) names nobody else, where a name might.
 */
export function personAddress(identities: readonly PersonIdentity[]): string | null {
  let best: PersonIdentity | null = null;
  for (const id of identities) {
    if (best === null || id.sent + id.received > best.sent + best.received) best = id;
  }
  return best?.address ?? null;
}

/** A query for the items of the person named by `address`, with `field` (participant, from, to). */
export function personQuery(address: string, field: 'participant' | 'from' | 'to' = 'participant'): string {
  return fieldTerm(field, address);
}

/** Both persons' private messages; `q` (the reader's own query) narrows them further. */
export function pairQuery(aAddress: string, bAddress: string, q = ''): string {
  const both = `is:private ${fieldTerm('participant', aAddress)} ${fieldTerm('participant', bAddress)}`;
  return q.trim() === '' ? both : `(${q.trim()}) ${both}`;
}

export function personHref(key: string): string {
  return `/person?${new URLSearchParams({ key }).toString()}`;
}

export function pairHref(a: string, b: string, q = ''): string {
  const p = new URLSearchParams({ a, b });
  if (q.trim() !== '') p.set('q', q.trim());
  return `/pair?${p.toString()}`;
}

/** Persons per page of the people list. */
export const PEOPLE_PAGE_SIZE = 50;
/** Highest page accepted from a URL (the API takes offsets up to 10,000,000). */
export const MAX_PEOPLE_PAGE = 100_000;

export function readPeopleListState(params: URLSearchParams): { q: string; page: number } {
  const p = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: params.get('q') ?? '',
    page: Number.isFinite(p) && p >= 1 ? Math.min(p, MAX_PEOPLE_PAGE) : 1,
  };
}

export function peopleListHref(state: { q: string; page?: number }): string {
  const p = new URLSearchParams();
  if (state.q.trim() !== '') p.set('q', state.q.trim());
  if (state.page !== undefined && state.page > 1) p.set('page', String(state.page));
  const s = p.toString();
  return s ? `/person?${s}` : '/person';
}

// ---- text --------------------------------------------------------------------------------------

/** Characters of a message shown in a list; the item page has the whole text. */
export const EXCERPT_CHARS = 280;

/** The start of `text`, cut at a word where one is near, with an ellipsis when cut. */
export function excerpt(text: string, max = EXCERPT_CHARS, alreadyCut = false): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return alreadyCut ? `${flat} …` : flat;
  let cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.7) cut = cut.slice(0, space);
  return `${cut} …`;
}

/** 0.2857 → 29 (a whole percentage); null stays null. */
export function percent(rate: number | null): number | null {
  return rate === null || !Number.isFinite(rate) ? null : Math.round(rate * 100);
}
