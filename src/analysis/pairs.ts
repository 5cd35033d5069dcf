import type { AnalysisItem, AnalysisPerson } from './analysis-item.js';
import { isDated, isoTime, secondsOption, sortByTime, type DatedItem } from './analysis-time.js';
import { DEFAULT_SILENCE_SECONDS } from './conversations.js';
import { isRequest, type RequestVerdict } from '../extract/requests.js';

/**
 * Who talks to whom, who starts, who answers and how fast, and which requests were left
 * unanswered: one record per two persons that exchanged private messages.
 *
 * What counts: items with visibility 'private' that name a sender. An item from X to [Y, Z]
 * counts once toward X→Y and once toward X→Z (the reply of Y in a group answers X in the pair
 * X–Y whoever else it went to). Public posts never count, whatever they mention. Recipients
 * equal to the sender (a note to self) and repeated recipients are ignored.
 *
 * Definitions, per pair {a, b}, over the pair's own messages in time order (ties at the same
 * millisecond by item id, see compareDated):
 *
 * - **Session**: a new session starts at the pair's first message and after every silence
 *   longer than `silenceSeconds` (default 30 min); `aStarted` / `bStarted` count the sessions
 *   whose first message came from a / b.
 * - **Burst**: a maximal run of messages from one side with no message of the other side
 *   between them and no silence longer than `silenceSeconds` inside. So A writing at 10:00 and
 *   again at 14:00 with no answer between makes two bursts: "A wrote again".
 * - **Answered**: a burst from A is answered when B's first message after the burst's last
 *   message comes (1) before A's next burst and (2) at most `unansweredAfterSeconds` (default 7
 *   days) after the burst's last message; whichever of the two deadlines comes first closes the
 *   burst. This is the "a message or burst from A that B never answered before A wrote
 *   again or within a configurable time". Consequences, deliberately: a request repeated the next
 *   day and answered after the repeat leaves the first asking unanswered (the repeat's answer is
 *   the answer to the repeat); a message weeks later is not a reply. In the seed, @wikileaks
 *   wrote again 11 d 22 h after his first answer and 8 d 21 h after his question of 2016-10-03
 *   ("Anything to the rumours …?"): both of his bursts stand unanswered, the question listed as
 *   an unanswered request.
 * - **Reply latency**: from the last message of the answered burst to the first message of the
 *   answer, in seconds (the seed: 03:59 → 15:50 is 11 h 51 min). `median` is the middle value
 *   (the mean of the two middle values for an even count), `p90` the nearest-rank 90th
 *   percentile (the value at rank ⌈0.9·n⌉), `min` and `max` the extremes.
 * - **Unanswered**: for every unanswered burst, each of its messages that is a request
 *   (requests.ts: a question in the sender's own words or a request phrase) is listed with
 *   `request: true`; a burst with no request is listed once, by its last message, with
 *   `request: false`, so every unanswered burst appears and the requests stand out.
 *
 * The last burst of a pair with no answer is unanswered even when the material simply ends
 * soon after it: the analysis cannot know what came after the export.
 *
 * Undated messages count in `aToB` / `bToA` (and in `undated`) but cannot be placed in
 * sessions or bursts and are left out of everything timed.
 */

/** A burst not answered within 7 days is unanswered (the configurable time). */
export const DEFAULT_UNANSWERED_AFTER_SECONDS = 7 * 24 * 60 * 60;

/** Text of an unanswered message is cut to this many characters: the full text is one link away. */
export const MAX_UNANSWERED_TEXT_CHARS = 1000;

export interface PairOptions {
  /** See "Answered" above; default 7 days. */
  unansweredAfterSeconds?: number;
  /** See "Session" and "Burst" above; default 30 minutes. */
  silenceSeconds?: number;
  /** Persons, for display names (aName, bName). */
  persons?: readonly AnalysisPerson[];
  /** Only the pairs this person key is part of (`innsyn pairs --person X`). */
  person?: string;
  /** With `person`: only the pair of `person` and this person key (`--with Y`). */
  with?: string;
}

export interface LatencyStats {
  /** Number of answered bursts measured. */
  count: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** One answered burst, with the two messages a reporter cites for its latency. */
export interface AnsweredBurst {
  burstFirstId: string;
  burstLastId: string;
  burstLastAt: string;
  replyId: string;
  replyAt: string;
  /** replyAt − burstLastAt, in seconds. */
  seconds: number;
}

export interface UnansweredMessage {
  id: string;
  sentAt: string;
  from: string;
  /** The other person of the pair. */
  to: string;
  /** The message's text, cut to MAX_UNANSWERED_TEXT_CHARS. */
  text: string;
  textTruncated: boolean;
  /** Whether the message asks for something (requests.ts), and what in it says so. */
  request: boolean;
  why: string | null;
  /** The burst it belongs to: its first message and its size. */
  burstFirstId: string;
  burstMessages: number;
}

export interface Pair {
  /** Person keys, a < b (code-unit order). */
  a: string;
  b: string;
  aName: string | null;
  bName: string | null;
  /** Private messages each way (dated and undated). */
  aToB: number;
  bToA: number;
  /** Of those, messages without a date. */
  undated: number;
  sessions: number;
  aStarted: number;
  bStarted: number;
  /** Bursts from a to b, and how many of them b answered; likewise the other way. */
  burstsAtoB: number;
  answeredAtoB: number;
  burstsBtoA: number;
  answeredBtoA: number;
  /** answeredAtoB / burstsAtoB: the share of a's bursts that b answered; null without bursts. */
  replyRateAtoB: number | null;
  replyRateBtoA: number | null;
  /** How fast b answered a (AtoB) and a answered b (BtoA); null when never. */
  replySecondsAtoB: LatencyStats | null;
  replySecondsBtoA: LatencyStats | null;
  /** The answered bursts each way, in time order: the evidence behind the latencies. */
  repliesAtoB: AnsweredBurst[];
  repliesBtoA: AnsweredBurst[];
  /** First and last dated message of the pair (ISO 8601 UTC); null when none is dated. */
  firstAt: string | null;
  lastAt: string | null;
  /** Unanswered bursts of both sides, in time order (see "Unanswered" above). */
  unanswered: UnansweredMessage[];
}

export interface PairsResult {
  /** By total messages (aToB + bToA), most first; ties by a, then b. */
  pairs: Pair[];
}

interface PairState {
  a: string;
  b: string;
  /** Dated messages in time order, and their direction: 0 = a→b, 1 = b→a. */
  events: DatedItem[];
  dirs: Dir[];
  count: [number, number];
  undated: number;
}

/** 0 = a→b, 1 = b→a. */
type Dir = 0 | 1;

interface Burst {
  dir: Dir;
  /** Index of the first and last message in PairState.events. */
  s: number;
  e: number;
}

/**
 * Every pair of persons that exchanged private messages, with the measures defined above.
 * O(m log m) time and O(m) memory, m the number of (item, recipient) couples: only pairs that
 * actually exchanged messages exist. Throws InnsynError('usage') for a bad option.
 */
export function computePairs(items: readonly AnalysisItem[], options: PairOptions = {}): PairsResult {
  const afterMs =
    secondsOption(
      'unansweredAfterSeconds',
      options.unansweredAfterSeconds,
      DEFAULT_UNANSWERED_AFTER_SECONDS,
    ) * 1000;
  const silenceMs = secondsOption('silenceSeconds', options.silenceSeconds, DEFAULT_SILENCE_SECONDS) * 1000;
  const only = options.person;
  const other = only === undefined ? undefined : options.with;

  const names = new Map<string, string | null>();
  for (const p of options.persons ?? []) names.set(p.key, p.name ?? p.names[0] ?? null);

  // Nested maps, not a joined key: person keys are data and may hold any separator.
  const byA = new Map<string, Map<string, PairState>>();
  const stateOf = (a: string, b: string): PairState => {
    let inner = byA.get(a);
    if (inner === undefined) {
      inner = new Map();
      byA.set(a, inner);
    }
    let st = inner.get(b);
    if (st === undefined) {
      st = { a, b, events: [], dirs: [], count: [0, 0], undated: 0 };
      inner.set(b, st);
    }
    return st;
  };

  // Items in time order, so every pair's events arrive sorted: one sort for all pairs.
  const { dated, undated } = sortByTime(items);
  const visit = (item: AnalysisItem): void => {
    const from = item.from;
    if (item.visibility !== 'private' || from === null) return;
    const seen = item.to.length > 1 ? new Set<string>() : null;
    for (const to of item.to) {
      if (to === from) continue;
      if (seen !== null) {
        if (seen.has(to)) continue;
        seen.add(to);
      }
      if (only !== undefined && from !== only && to !== only) continue;
      if (other !== undefined && from !== other && to !== other) continue;
      const dir: Dir = from < to ? 0 : 1;
      const st = dir === 0 ? stateOf(from, to) : stateOf(to, from);
      st.count[dir]++;
      if (isDated(item)) {
        st.events.push(item);
        st.dirs.push(dir);
      } else {
        st.undated++;
      }
    }
  };
  for (const item of dated) visit(item);
  for (const item of undated) visit(item);

  const verdicts = new Map<string, RequestVerdict>();
  const pairs: Pair[] = [];
  for (const inner of byA.values()) {
    for (const st of inner.values()) {
      pairs.push(analysePair(st, silenceMs, afterMs, verdicts, names));
    }
  }
  pairs.sort((x, y) => {
    const d = y.aToB + y.bToA - (x.aToB + x.bToA);
    if (d !== 0) return d;
    if (x.a !== y.a) return x.a < y.a ? -1 : 1;
    return x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
  });
  return { pairs };
}

function analysePair(
  st: PairState,
  silenceMs: number,
  afterMs: number,
  verdicts: Map<string, RequestVerdict>,
  names: ReadonlyMap<string, string | null>,
): Pair {
  const { events: ev, dirs } = st;
  const started: [number, number] = [0, 0];
  let sessions = 0;
  const bursts: Burst[] = [];
  for (let i = 0; i < ev.length; i++) {
    const dir = dirs[i] as Dir;
    const gap = i === 0 ? Infinity : (ev[i] as DatedItem).sentAt - (ev[i - 1] as DatedItem).sentAt;
    if (gap > silenceMs) {
      sessions++;
      started[dir]++;
    }
    const last = bursts[bursts.length - 1];
    if (last === undefined || last.dir !== dir || gap > silenceMs) bursts.push({ dir, s: i, e: i });
    else last.e = i;
  }

  // Walking backwards, next[d] is the index of the next burst from side d.
  const answer: number[] = new Array<number>(bursts.length).fill(-1);
  const next: [number, number] = [-1, -1];
  for (let k = bursts.length - 1; k >= 0; k--) {
    const burst = bursts[k] as Burst;
    const reply = next[burst.dir === 0 ? 1 : 0];
    const again = next[burst.dir];
    if (reply !== -1 && (again === -1 || reply < again)) {
      const latency = at(ev, (bursts[reply] as Burst).s).sentAt - at(ev, burst.e).sentAt;
      if (latency <= afterMs) answer[k] = reply;
    }
    next[burst.dir] = k;
  }

  const burstCount: [number, number] = [0, 0];
  const answered: [AnsweredBurst[], AnsweredBurst[]] = [[], []];
  const unanswered: UnansweredMessage[] = [];
  for (let k = 0; k < bursts.length; k++) {
    const burst = bursts[k] as Burst;
    burstCount[burst.dir]++;
    const r = answer[k] as number;
    if (r !== -1) {
      const lastMsg = at(ev, burst.e);
      const replyMsg = at(ev, (bursts[r] as Burst).s);
      answered[burst.dir].push({
        burstFirstId: at(ev, burst.s).id,
        burstLastId: lastMsg.id,
        burstLastAt: isoTime(lastMsg.sentAt),
        replyId: replyMsg.id,
        replyAt: isoTime(replyMsg.sentAt),
        seconds: (replyMsg.sentAt - lastMsg.sentAt) / 1000,
      });
    } else {
      listUnanswered(st, burst, verdicts, unanswered);
    }
  }

  const [aToB, bToA] = st.count;
  const [burstsAtoB, burstsBtoA] = burstCount;
  const first = ev[0];
  const lastEv = ev[ev.length - 1];
  return {
    a: st.a,
    b: st.b,
    aName: names.get(st.a) ?? null,
    bName: names.get(st.b) ?? null,
    aToB,
    bToA,
    undated: st.undated,
    sessions,
    aStarted: started[0],
    bStarted: started[1],
    burstsAtoB,
    answeredAtoB: answered[0].length,
    burstsBtoA,
    answeredBtoA: answered[1].length,
    replyRateAtoB: burstsAtoB === 0 ? null : answered[0].length / burstsAtoB,
    replyRateBtoA: burstsBtoA === 0 ? null : answered[1].length / burstsBtoA,
    replySecondsAtoB: latencyStats(answered[0].map((x) => x.seconds)),
    replySecondsBtoA: latencyStats(answered[1].map((x) => x.seconds)),
    repliesAtoB: answered[0],
    repliesBtoA: answered[1],
    firstAt: first === undefined ? null : isoTime(first.sentAt),
    lastAt: lastEv === undefined ? null : isoTime(lastEv.sentAt),
    unanswered,
  };
}

function at(ev: readonly DatedItem[], i: number): DatedItem {
  return ev[i] as DatedItem;
}

function listUnanswered(
  st: PairState,
  burst: Burst,
  verdicts: Map<string, RequestVerdict>,
  out: UnansweredMessage[],
): void {
  const from = burst.dir === 0 ? st.a : st.b;
  const to = burst.dir === 0 ? st.b : st.a;
  const entry = (item: DatedItem, v: RequestVerdict): UnansweredMessage => {
    const { text, truncated } = cut(item.text);
    return {
      id: item.id,
      sentAt: isoTime(item.sentAt),
      from,
      to,
      text,
      textTruncated: truncated,
      request: v.request,
      why: v.why,
      burstFirstId: at(st.events, burst.s).id,
      burstMessages: burst.e - burst.s + 1,
    };
  };
  let listed = false;
  for (let i = burst.s; i <= burst.e; i++) {
    const item = at(st.events, i);
    // One verdict per item: a group message unanswered by many recipients is read once. An item
    // to one person is in one pair only and needs no cache entry.
    let v = verdicts.get(item.id);
    if (v === undefined) {
      // Judged when stored (items.ask) when the store did; else judged here from the text.
      v =
        typeof item.ask === 'string'
          ? { request: item.ask !== '', why: item.ask || null }
          : isRequest(item.text, item.lang);
      if (item.to.length > 1) verdicts.set(item.id, v);
    }
    if (v.request) {
      out.push(entry(item, v));
      listed = true;
    }
  }
  if (!listed) out.push(entry(at(st.events, burst.e), { request: false, why: null }));
}

/** The ids of every unanswered message listed in `pairs`: the texts `withTexts` needs. */
export function unansweredIds(pairs: readonly Pair[]): string[] {
  const ids = new Set<string>();
  for (const p of pairs) for (const u of p.unanswered) ids.add(u.id);
  return [...ids];
}

/**
 * The pairs with each unanswered message's text from `texts` (by item id; subject and text, as
 * AnalysisItem.text), cut as computePairs cuts it. For pairs computed from items loaded without
 * text, whose verdicts the store judged (AnalysisItem.ask): only the texts shown are read.
 */
export function withTexts(pairs: readonly Pair[], texts: ReadonlyMap<string, string>): Pair[] {
  return pairs.map((p) => ({
    ...p,
    unanswered: p.unanswered.map((u) => {
      const full = texts.get(u.id);
      if (full === undefined) return u;
      const { text, truncated } = cut(full);
      return { ...u, text, textTruncated: truncated };
    }),
  }));
}

function cut(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_UNANSWERED_TEXT_CHARS) return { text, truncated: false };
  let end = MAX_UNANSWERED_TEXT_CHARS;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // never split a surrogate pair
  return { text: text.slice(0, end), truncated: true };
}

/** Median (mean of the two middle values when even), nearest-rank p90, min, max; null when empty. */
export function latencyStats(values: readonly number[]): LatencyStats | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const n = s.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return {
    count: n,
    median,
    p90: s[Math.ceil(0.9 * n) - 1] as number,
    min: s[0] as number,
    max: s[n - 1] as number,
  };
}
