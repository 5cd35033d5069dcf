import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';

/** `at` as 'YYYY-MM-DDTHH:MM[:SS]' in UTC, or null for an undated item. */
export type At = string | null;

/** An AnalysisItem for a test: a private message unless told otherwise. */
export function item(
  id: string,
  at: At,
  from: string | null,
  to: string[],
  over: Partial<AnalysisItem> = {},
): AnalysisItem {
  return {
    id,
    kind: 'message',
    platform: 'x',
    visibility: 'private',
    sentAt: at === null ? null : ms(at),
    from,
    to,
    text: '',
    lang: null,
    links: [],
    mentions: [],
    attachments: [],
    conversationId: null,
    replyTo: null,
    ...over,
  };
}

/** A public post. */
export function post(id: string, at: At, from: string, over: Partial<AnalysisItem> = {}): AnalysisItem {
  return item(id, at, from, [], { kind: 'post', visibility: 'public', ...over });
}

export function ms(at: string): number {
  const t = Date.parse(`${at}Z`);
  if (Number.isNaN(t)) throw new Error(`bad test time ${at}`);
  return t;
}

/** A deterministic permutation (reversal and interleaving), to show results do not depend on input order. */
export function reorder<T>(xs: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = xs.length - 1; i >= 0; i -= 2) out.push(xs[i] as T);
  for (let i = xs.length - 2; i >= 0; i -= 2) out.push(xs[i] as T);
  return out;
}
