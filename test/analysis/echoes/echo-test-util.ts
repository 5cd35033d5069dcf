/** Small builders for echo tests: items and people with only what a test cares about set. */
import type { AnalysisItem, AnalysisPerson } from '../../../src/analysis/analysis-item.js';
import type { Echo } from '../../../src/analysis/echoes.js';

export const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A private DM from `from` to `to` at T0 + `at` ms. */
export function dm(
  id: string,
  at: number,
  from: string,
  to: string,
  text: string,
  extra: Partial<AnalysisItem> = {},
): AnalysisItem {
  return {
    id,
    kind: 'message',
    platform: 'x',
    visibility: 'private',
    sentAt: T0 + at,
    from,
    to: [to],
    text,
    lang: 'en',
    links: [],
    mentions: [],
    attachments: [],
    conversationId: null,
    replyTo: null,
    ...extra,
  };
}

/** A public post by `from` at T0 + `at` ms. */
export function post(
  id: string,
  at: number,
  from: string,
  text: string,
  extra: Partial<AnalysisItem> = {},
): AnalysisItem {
  return {
    id,
    kind: 'post',
    platform: 'x',
    visibility: 'public',
    sentAt: T0 + at,
    from,
    to: [],
    text,
    lang: 'en',
    links: [],
    mentions: [],
    attachments: [],
    conversationId: null,
    replyTo: null,
    ...extra,
  };
}

export function person(
  key: string,
  name: string | null,
  handles: string[] = [],
  addresses: string[] = [],
): AnalysisPerson {
  return { key, name, handles, addresses, names: name === null ? [] : [name] };
}

/**
 * Filler traffic that shares nothing telling with anything: the same six everyday words in
 * every item (held by more items than are rare) and one word of its own. It makes a case large
 * enough for its everyday words to be common. Use at least 30.
 */
export function filler(count: number, startAt = -30 * DAY): AnalysisItem[] {
  const text = 'weather report lunch budget coffee schedule';
  const out: AnalysisItem[] = [];
  for (let k = 0; k < count; k++) {
    const own = `${text} fillerword${k}`;
    const at = startAt + k * 37 * MINUTE;
    out.push(
      k % 3 === 0
        ? post(`fill-post-${k}`, at, 'x:filler', own)
        : dm(`fill-dm-${k}`, at, 'x:filler', 'x:other', own),
    );
  }
  return out;
}

/** The echo between two ids, if found. */
export function echoOf(echoes: readonly Echo[], privateId: string, publicId: string): Echo | undefined {
  return echoes.find((e) => e.privateId === privateId && e.publicId === publicId);
}

/** Kinds of an echo's evidence, sorted. */
export function kinds(e: Echo | undefined): string[] {
  return e === undefined ? [] : [...new Set(e.evidence.map((x) => x.kind))].sort();
}
