/**
 * Echoes: a private item P (DM, chat message, email) followed within a window by a public item
 * Q (a post) that carries what P said: the same link, P's sender's name, P's rare words, a
 * passage of P, or P's attachment. The seed case (DESIGN.md): a link sent privately to a
 * politician's son was posted by his father 15 minutes later (naming the sender) and by the
 * son two days later; a request for emails was followed three hours later by the son
 * publishing them.
 *
 * For every P and every public Q with P.sentAt < Q.sentAt ≤ P.sentAt + window (strictly
 * after: a post in the same millisecond cannot have been prompted by the message), evidence:
 * - link: a link in both (exact normalised form, or the same host+path);
 * - mention: Q names P's sender (a handle, address or name of the person, as whole words,
 *   folded; or a handle in Q's mentions); a person naming themselves does not count;
 * - terms: Q shares rare stems with P (stemmed in each item's language; rare = held by at
 *   most max(RARE_DF_FLOOR, RARE_DF_FRACTION × N) items of the whole set; stop words of
 *   English and Norwegian never count);
 * - quote: Q holds a five-word passage of P (folded words, not stop words only, rare as above);
 * - attachment: a file with the same sha256 in both.
 * The score combines the evidence with its rarity, the latency and who wrote Q: the formula
 * is in echo-score.ts.
 *
 * Scale: the public items are sorted by time once and indexed (link, host+path, attachment,
 * rare stem, passage, person named → positions); each P looks up its own keys and takes the
 * slice of each position list that falls in its window (binary search). Pairs that share
 * nothing are never looked at: the work is about Σ over P of the postings in P's window.
 */
import type { AnalysisItem, AnalysisPerson } from './analysis-item.js';
import { InnsynError } from '../model/index.js';
import { stemLanguage } from '../model/text/analyzer.js';
import {
  evidenceOf,
  evidenceWeight,
  newCandidate,
  resetCandidate,
  withTextDetails,
  type Candidate,
  type Rarities,
} from './echo-evidence.js';
import { echoFeatures, type EchoFeatures } from './echo-features.js';
import { MentionMatcher, type NameHit } from './echo-mentions.js';
import { PackedPostings, Postings, lowerBound, upperBound, type PostingSlice } from './echo-postings.js';
import { DEFAULT_HALF_LIFE_SECONDS, decay, nidf, relationFactor, type EchoRelation } from './echo-score.js';
import { ShingleTable } from './echo-shingle-table.js';
import type { Echo } from './echo-types.js';

export type { Echo, EchoEvidence, EchoEvidenceKind, EchoRelation, EchoSpan } from './echo-types.js';

export const DEFAULT_ECHO_WINDOW_SECONDS = 7 * 86_400;
/** Echoes kept per private item (its strongest): a prolific sender named in every post is bounded. */
export const DEFAULT_MAX_ECHOES_PER_PRIVATE = 20;
/**
 * A stem or passage held by more items than max(RARE_DF_FLOOR, RARE_DF_FRACTION × N) is not
 * rare: it is not evidence and is never looked up. The floor matters in small cases (among 25
 * messages, "email" in five of them is still telling); the fraction in large ones.
 */
export const RARE_DF_FLOOR = 10;
export const RARE_DF_FRACTION = 0.005;
/** Rare stems of one private item that are looked up (its rarest). */
export const MAX_QUERY_TERMS = 64;
/**
 * Public items taken from one key's postings inside one window (the earliest). A link to a
 * popular site posted 100,000 times in a week would otherwise make every private item that
 * holds it compare with all of those posts; its rarity makes such evidence near worthless anyway.
 */
export const MAX_POSTINGS_PER_KEY = 5_000;

export interface EchoOptions {
  /** How long after P a public item may echo it, in seconds. Default 7 days. */
  windowSeconds?: number;
  /** Echoes scoring below this are left out. Default 0 (every echo with evidence). */
  minScore?: number;
  /** At most this many echoes, the strongest. Default: all. */
  limit?: number;
  /** At most this many echoes per private item, its strongest. Default 20. */
  maxPerPrivate?: number;
  /** Half-life of the time decay, in seconds. Default one day. */
  halfLifeSeconds?: number;
}

interface ResolvedOptions {
  windowMs: number;
  minScore: number;
  limit: number;
  maxPerPrivate: number;
  halfLifeSeconds: number;
}

function positiveNumber(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new InnsynError('usage', `echoes: ${name} must be a positive number of seconds, not ${String(v)}`);
  return v;
}

function positiveInteger(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new InnsynError('usage', `echoes: ${name} must be a whole number of at least 1, not ${String(v)}`);
  return v;
}

/** Checks the options; throws InnsynError('usage') naming the bad one. */
export function resolveEchoOptions(o: EchoOptions): ResolvedOptions {
  const minScore = o.minScore ?? 0;
  if (typeof minScore !== 'number' || !Number.isFinite(minScore))
    throw new InnsynError('usage', `echoes: minScore must be a number, not ${String(minScore)}`);
  return {
    windowMs: positiveNumber('windowSeconds', o.windowSeconds, DEFAULT_ECHO_WINDOW_SECONDS) * 1000,
    minScore,
    limit: positiveInteger('limit', o.limit, Number.MAX_SAFE_INTEGER),
    maxPerPrivate: positiveInteger('maxPerPrivate', o.maxPerPrivate, DEFAULT_MAX_ECHOES_PER_PRIVATE),
    halfLifeSeconds: positiveNumber('halfLifeSeconds', o.halfLifeSeconds, DEFAULT_HALF_LIFE_SECONDS),
  };
}

/** An echo before its evidence records are built (only the kept ones get them). */
interface Draft {
  p: number;
  q: number;
  pos: number;
  cand: Candidate;
  mentionsInWindow: number;
  latencySeconds: number;
  relation: EchoRelation;
  score: number;
}

function isDated(item: AnalysisItem): boolean {
  return typeof item.sentAt === 'number' && Number.isFinite(item.sentAt);
}

/**
 * The language to stem an item without one in: the case's commonest (by stemming language),
 * the smaller code on a tie. A DM of one line is often too short to tell its language, and
 * stemming it like the posts around it lets "emails" meet "email".
 */
export function dominantLanguage(items: readonly AnalysisItem[]): string | null {
  const counts = new Map<string, number>();
  for (const it of items) {
    const code = stemLanguage(typeof it.lang === 'string' ? it.lang : null);
    if (code !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [code, n] of counts)
    if (n > bestN || (n === bestN && best !== null && code < best)) {
      best = code;
      bestN = n;
    }
  return best;
}

/** The person key's own part (`x:wikileaks` → `wikileaks`), for senders in no person. */
function fallbackPerson(key: string): AnalysisPerson {
  const rest = key.slice(key.indexOf(':') + 1);
  return {
    key,
    name: null,
    handles: rest === '' ? [] : [rest],
    addresses: rest === '' ? [] : [rest],
    names: [],
  };
}

function visit(r: PostingSlice, each: (pos: number) => void): void {
  for (let k = r.from; k < r.to; k++) each(r.list[k] as number);
}

const NO_SHINGLES = new Uint32Array(0);
const NO_IDS = new Int32Array(0);
const NO_STRINGS: string[] = [];

function compareText(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

/** (key, position) pairs in ascending position order, packed into PackedPostings at the end. */
class PairBuffer {
  private keys = new Int32Array(1024);
  private positions = new Int32Array(1024);
  private count = 0;

  push(key: number, pos: number): void {
    if (this.count === this.keys.length) {
      const keys = new Int32Array(this.count * 2);
      keys.set(this.keys);
      this.keys = keys;
      const positions = new Int32Array(this.count * 2);
      positions.set(this.positions);
      this.positions = positions;
    }
    this.keys[this.count] = key;
    this.positions[this.count] = pos;
    this.count += 1;
  }

  /** The postings; the buffer is emptied. */
  pack(keyCount: number): PackedPostings {
    const packed = new PackedPostings(this.keys, this.positions, this.count, keyCount);
    this.keys = new Int32Array(0);
    this.positions = new Int32Array(0);
    this.count = 0;
    return packed;
  }
}

/**
 * Every echo of a private item in a public one (see the module comment), strongest first
 * (then shorter latency, then by ids), at most `maxPerPrivate` per private item and `limit` in
 * all. Items without a date are skipped (they still count in the rarity of words and links).
 * Pure: reads its arguments only; the same input gives the same output in the same order.
 * Throws InnsynError('usage') for a bad option, nothing else.
 */
export function findEchoes(
  items: readonly AnalysisItem[],
  persons: readonly AnalysisPerson[],
  options: EchoOptions = {},
): Echo[] {
  const opts = resolveEchoOptions(options);
  const fallbackLang = dominantLanguage(items);
  const langOf = (it: AnalysisItem): string | null =>
    stemLanguage(typeof it.lang === 'string' ? it.lang : null) ?? fallbackLang;
  const n = items.length;
  const idOf = (i: number): string => (items[i] as AnalysisItem).id;
  const timeOf = (i: number): number => (items[i] as AnalysisItem).sentAt as number;

  const pub: number[] = [];
  const priv: number[] = [];
  for (let i = 0; i < n; i++) {
    const it = items[i] as AnalysisItem;
    if (!isDated(it)) continue;
    if (it.visibility === 'public') pub.push(i);
    else if (it.visibility === 'private') priv.push(i);
  }
  const byTime = (a: number, b: number): number =>
    timeOf(a) - timeOf(b) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : a - b);
  pub.sort(byTime);
  priv.sort(byTime);
  const pubTimes = new Float64Array(pub.length);
  for (let k = 0; k < pub.length; k++) pubTimes[k] = timeOf(pub[k] as number);

  // Document frequencies over the whole set; postings over the public items. Stems are
  // interned as dense ids (a string Map lookup per word, then arrays), passages likewise.
  const stemIds = new Map<string, number>();
  const stemText: string[] = [];
  const stemDf: number[] = [];
  const linkDf = new Map<string, number>();
  const looseDf = new Map<string, number>();
  const attDf = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  /** Counts an item's stems, links and files; returns its stem ids. */
  const countCommon = (f: EchoFeatures): Int32Array => {
    const ids = new Int32Array(f.stems.length);
    for (let k = 0; k < f.stems.length; k++) {
      const s = f.stems[k] as string;
      let id = stemIds.get(s);
      if (id === undefined) {
        id = stemText.length;
        stemIds.set(s, id);
        stemText.push(s);
        stemDf.push(0);
      }
      stemDf[id] = (stemDf[id] as number) + 1;
      ids[k] = id;
    }
    for (const l of f.links) bump(linkDf, l);
    if (f.looseLinks.length > 0) for (const k of new Set(f.looseLinks)) bump(looseDf, k);
    for (const a of f.attachments) bump(attDf, a);
    return ids;
  };
  const byLink = new Postings<string>();
  const byLoose = new Postings<string>();
  const byAttachment = new Postings<string>();
  const byPerson = new Postings<string>();
  const stemPairs = new PairBuffer();
  /** Per item: its features (shingles dropped once counted) and its stem ids. */
  const feats: (EchoFeatures | null)[] = new Array<EchoFeatures | null>(n).fill(null);
  const stemsOf: (Int32Array | null)[] = new Array<Int32Array | null>(n).fill(null);

  // Passages: dense ids from the table; per id how many items hold it and the last item that
  // counted it (an item repeating a passage counts once).
  const passages = new ShingleTable(pub.length * 16);
  const passageDf: number[] = [];
  const passageSeenIn: number[] = [];
  const passagePairs = new PairBuffer();
  const privPassages: (Int32Array | null)[] = new Array<Int32Array | null>(n).fill(null);

  const matcher = new MentionMatcher(persons);
  for (const i of priv) {
    const from = (items[i] as AnalysisItem).from;
    if (typeof from === 'string' && from !== '' && !matcher.has(from))
      matcher.addPerson(fallbackPerson(from));
  }
  const hitsAt = new Map<number, NameHit[]>();

  for (let pos = 0; pos < pub.length; pos++) {
    const it = items[pub[pos] as number] as AnalysisItem;
    const f = echoFeatures(it, langOf(it));
    const ids = countCommon(f);
    for (const id of ids) stemPairs.push(id, pos);
    for (const l of f.links) byLink.add(l, pos);
    for (const k of f.looseLinks) byLoose.add(k, pos);
    for (const a of f.attachments) byAttachment.add(a, pos);
    const sh = f.shingles;
    for (let k = 0; k < sh.length; k += 2) {
      const id = passages.add(sh[k] as number, sh[k + 1] as number);
      if (id === passageDf.length) {
        passageDf.push(0);
        passageSeenIn.push(-1);
      }
      if (passageSeenIn[id] === pos) continue;
      passageSeenIn[id] = pos;
      passageDf[id] = (passageDf[id] as number) + 1;
      passagePairs.push(id, pos);
    }
    feats[pub[pos] as number] = { ...f, shingles: NO_SHINGLES };
    stemsOf[pub[pos] as number] = ids;
    const hits = matcher.named(it);
    if (hits.length > 0) {
      hitsAt.set(pos, hits);
      for (const h of hits) byPerson.add(h.key, pos);
    }
  }
  const byStem = stemPairs.pack(stemText.length);
  const byPassage = passagePairs.pack(passageDf.length);

  const isPub = new Uint8Array(n);
  for (const i of pub) isPub[i] = 1;
  const isPriv = new Uint8Array(n);
  for (const i of priv) isPriv[i] = 1;
  for (let i = 0; i < n; i++) {
    if (isPub[i] === 1) continue;
    const it = items[i] as AnalysisItem;
    const f = echoFeatures(it, langOf(it));
    const stemIdList = countCommon(f);
    // Only passages some public item holds can be quoted: the others are neither counted nor kept.
    const sh = f.shingles;
    const ids: number[] = [];
    const mark = -2 - i;
    for (let k = 0; k < sh.length; k += 2) {
      const id = passages.get(sh[k] as number, sh[k + 1] as number);
      if (id < 0 || passageSeenIn[id] === mark) continue;
      passageSeenIn[id] = mark;
      passageDf[id] = (passageDf[id] as number) + 1;
      ids.push(id);
    }
    if (isPriv[i] === 1) {
      // A private item's words are never shown (only the public side's), so only its ids stay.
      feats[i] = { ...f, stems: NO_STRINGS, termWords: NO_STRINGS, shingles: NO_SHINGLES };
      stemsOf[i] = stemIdList;
      privPassages[i] = Int32Array.from(ids);
    }
  }

  const rareDf = Math.max(RARE_DF_FLOOR, Math.ceil(RARE_DF_FRACTION * n));
  const mass = new Float64Array(n).fill(-1);
  const massOf = (i: number): number => {
    let m = mass[i] as number;
    if (m < 0) {
      m = 0;
      for (const id of stemsOf[i] ?? NO_IDS) {
        const df = stemDf[id] as number;
        if (df <= rareDf) m += nidf(df, n);
      }
      mass[i] = m;
    }
    return m;
  };
  // When each sender sent their private items, for "how many of X's messages came before Q".
  const sentAt = new Map<string, number[]>();
  for (const i of priv) {
    const from = (items[i] as AnalysisItem).from;
    if (typeof from !== 'string') continue;
    const list = sentAt.get(from);
    if (list === undefined) sentAt.set(from, [timeOf(i)]);
    else list.push(timeOf(i));
  }
  const sentBefore = (pi: number, qi: number): number => {
    const list = sentAt.get((items[pi] as AnalysisItem).from as string);
    if (list === undefined) return 1;
    const tq = timeOf(qi);
    return Math.max(1, lowerBound(list, tq) - lowerBound(list, tq - opts.windowMs));
  };
  const rar: Rarities = {
    linkDf,
    looseDf,
    attDf,
    mentionsInWindow: 0,
    sentBeforeQ: 0,
    massP: 0,
    massQ: 0,
  };
  /** Fills `rar` for P at `pi` and Q at `qi`, computing only what candidate `c` needs. */
  const raritiesFor = (pi: number, qi: number, c: Candidate, mentionsInWindow: number): Rarities => {
    rar.mentionsInWindow = mentionsInWindow;
    rar.sentBeforeQ = c.mention ? sentBefore(pi, qi) : 0;
    rar.massP = c.termShared > 0 ? massOf(pi) : 0;
    rar.massQ = c.termShared > 0 ? massOf(qi) : 0;
    return rar;
  };

  const drafts: Draft[] = [];
  // Candidates are pooled: a case of 100,000 private items makes millions of them, and only
  // the kept ones (copied into their draft) outlive their private item's turn.
  const cands = new Map<number, Candidate>();
  const pool: Candidate[] = [];
  let pooled = 0;
  const cand = (pos: number): Candidate => {
    let c = cands.get(pos);
    if (c === undefined) {
      if (pooled === pool.length) pool.push(newCandidate());
      c = resetCandidate(pool[pooled++] as Candidate);
      cands.set(pos, c);
    }
    return c;
  };
  for (const pi of priv) {
    const P = items[pi] as AnalysisItem;
    const pf = feats[pi] as EchoFeatures;
    const t = P.sentAt as number;
    const lo = upperBound(pubTimes, t);
    const hi = upperBound(pubTimes, t + opts.windowMs);
    if (lo >= hi) continue;
    cands.clear();
    pooled = 0;

    for (const l of pf.links)
      visit(byLink.range(l, lo, hi, MAX_POSTINGS_PER_KEY), (pos) => (cand(pos).links ??= []).push(l));
    for (const k of new Set(pf.looseLinks))
      visit(byLoose.range(k, lo, hi, MAX_POSTINGS_PER_KEY), (pos) => (cand(pos).loose ??= []).push(k));
    for (const a of pf.attachments)
      visit(byAttachment.range(a, lo, hi, MAX_POSTINGS_PER_KEY), (pos) =>
        (cand(pos).attachments ??= []).push(a),
      );
    const from = P.from;
    let mentionsInWindow = 0;
    if (typeof from === 'string' && from !== '') {
      visit(byPerson.range(from, lo, hi, MAX_POSTINGS_PER_KEY), (pos) => {
        if ((items[pub[pos] as number] as AnalysisItem).from === from) return;
        cand(pos).mention = true;
        mentionsInWindow += 1;
      });
    }
    const rare: number[] = [];
    for (const id of stemsOf[pi] ?? NO_IDS) {
      const df = stemDf[id] as number;
      if (df >= 2 && df <= rareDf) rare.push(id);
    }
    // The rarest first; ties by the stem itself, so the order never depends on input order.
    rare.sort(
      (a, b) => (stemDf[a] as number) - (stemDf[b] as number) || compareText(stemText[a], stemText[b]),
    );
    for (let k = 0; k < rare.length && k < MAX_QUERY_TERMS; k++) {
      const id = rare[k] as number;
      const s = stemText[id] as string;
      const w = nidf(stemDf[id] as number, n);
      visit(byStem.range(id, lo, hi, MAX_POSTINGS_PER_KEY), (pos) => {
        const c = cand(pos);
        c.termShared += w;
        (c.terms ??= []).push(s);
      });
    }
    for (const id of privPassages[pi] ?? []) {
      const df = passageDf[id] as number;
      if (df < 2 || df > rareDf) continue;
      visit(byPassage.range(id, lo, hi, MAX_POSTINGS_PER_KEY), (pos) => {
        const c = cand(pos);
        c.passages += 1;
        if (df < c.passageMinDf) c.passageMinDf = df;
      });
    }

    const mine: Draft[] = [];
    for (const [pos, c] of cands) {
      const qi = pub[pos] as number;
      const Q = items[qi] as AnalysisItem;
      const sum = evidenceWeight(c, pf, feats[qi] as EchoFeatures, raritiesFor(pi, qi, c, mentionsInWindow));
      if (!(sum > 0)) continue;
      const latencySeconds = ((Q.sentAt as number) - t) / 1000;
      const relation: EchoRelation =
        Q.from !== null && P.to.includes(Q.from)
          ? 'recipient'
          : Q.from !== null && Q.from === P.from
            ? 'sender'
            : 'other';
      const score = sum * decay(latencySeconds, opts.halfLifeSeconds) * relationFactor(relation);
      if (!(score > 0) || score < opts.minScore) continue;
      mine.push({ p: pi, q: qi, pos, cand: c, mentionsInWindow, latencySeconds, relation, score });
    }
    if (mine.length > opts.maxPerPrivate) {
      mine.sort(compareDrafts);
      mine.length = opts.maxPerPrivate;
    }
    // The pooled candidate is reused for the next private item: the kept ones get a copy.
    for (const d of mine) drafts.push({ ...d, cand: { ...d.cand } });
  }

  drafts.sort(compareDrafts);
  if (drafts.length > opts.limit) drafts.length = opts.limit;
  return drafts.map((d): Echo => {
    const P = items[d.p] as AnalysisItem;
    const Q = items[d.q] as AnalysisItem;
    const evidence = evidenceOf(
      d.cand,
      feats[d.p] as EchoFeatures,
      feats[d.q] as EchoFeatures,
      raritiesFor(d.p, d.q, d.cand, d.mentionsInWindow),
    );
    const senderHit = hitsAt.get(d.pos)?.find((h) => h.key === P.from);
    return {
      privateId: P.id,
      publicId: Q.id,
      latencySeconds: d.latencySeconds,
      relation: d.relation,
      evidence: withTextDetails(evidence, P, Q, senderHit),
      score: d.score,
    };
  });

  function compareDrafts(a: Draft, b: Draft): number {
    if (a.score !== b.score) return b.score - a.score;
    if (a.latencySeconds !== b.latencySeconds) return a.latencySeconds - b.latencySeconds;
    if (a.p !== b.p) return idOf(a.p) < idOf(b.p) ? -1 : idOf(a.p) > idOf(b.p) ? 1 : a.p - b.p;
    return idOf(a.q) < idOf(b.q) ? -1 : idOf(a.q) > idOf(b.q) ? 1 : a.q - b.q;
  }
}
