/**
 * How strong the evidence is that public item Q echoes private item P. The formula, in full:
 *
 *   score(P, Q) = (Σ weight(e) over the evidence e) × decay(Q.sentAt − P.sentAt) × relation(P, Q)
 *
 * Evidence weights (at most MAX_EVIDENCE_PER_KIND pieces of one kind count, the strongest):
 *   link        3.0 × rarity(df)   a link in both, exactly as normalised (df: items holding it)
 *               2.4 × rarity(df)   else the same host+path (query, `www.`, trailing `/` ignored)
 *   attachment  3.0 × rarity(df)   a file with the same sha256 in both
 *   quote       3.0 × (1 − e^(−k/3)) × rarity(min df)   k five-word passages of P in Q
 *   mention     1.5 × rarity(m + 1) × rarity(k + 1)   Q names P's sender X, where m = public
 *               items in P's window by others that name X, Q included (one post naming X is telling,
 *               one of fifty that week much less), and k = X's private items in the window
 *               before Q, P included (a post naming X says little about which of X's twenty
 *               messages that week prompted it)
 *   terms       3.0 × (1 − e^(−S/2)) × √cos, when at least 2 stems are shared and S ≥ 1
 *
 *   rarity(df) = 1 / (1 + ln(max(df, 2) / 2)): 1 for a link only P and Q hold, 0.52 for one
 *     five items hold, 0.18 for one two hundred items hold. A link to a popular site (posted by
 *     many) is weak evidence; a link to an obscure page is strong.
 *   For terms, every stem gets nidf(df) = ln(N/df) / ln(N/2), clamped to [0, 1] (N: items in
 *     the case), so 1 is a stem only P and Q hold whatever the size of the case, and stems in
 *     more than `rareDf` items are not terms at all. S = Σ nidf of the shared stems. One
 *     shared word, or two common-ish ones (S < 1), is coincidence, not evidence: in a large
 *     case nearly every pair of texts a week apart shares a word, and in the seed case the
 *     son's "Good day out with the family" would otherwise echo any message saying "day";
 *     cos = S / √(mass(P) · mass(Q)), mass = Σ nidf of all the item's rare stems. The first
 *     factor grows with how much rare vocabulary is shared and saturates (a post sharing
 *     twenty rare words is not ten times the evidence of one sharing two); √cos discounts
 *     sharing that is a small part of what either text says (a 1 MB paste shares words with
 *     everything).
 *
 *   decay(Δ) = 0.25 + 0.75 · 2^(−Δ / halfLife), halfLife one day by default: a post 15 minutes
 *     after the message keeps 99.5 %, one day after 62.5 %, a week after 25.6 %. The floor keeps
 *     strong evidence days later (a private link posted two days on) above weak evidence the
 *     same hour.
 *   relation = 1.0 when Q's author is one of P's recipients (the message reached them, and
 *     they published), 0.85 when Q's author is P's sender (published their own private words),
 *     0.5 for anybody else (they may have got it through the recipient, or by coincidence).
 */

export const LINK_WEIGHT = 3.0;
/** Weight of a link matched by host+path only, a little below an exact match. */
export const LOOSE_LINK_WEIGHT = 2.4;
export const ATTACHMENT_WEIGHT = 3.0;
export const QUOTE_WEIGHT = 3.0;
/** Passages at which a quote's weight reaches 63 % of QUOTE_WEIGHT. */
export const QUOTE_SCALE = 3;
export const MENTION_WEIGHT = 1.5;
export const TERMS_WEIGHT = 3.0;
/** Shared rarity (Σ nidf) at which the terms weight reaches 63 % of TERMS_WEIGHT. */
export const TERMS_SCALE = 2;
/** Pieces of evidence of one kind that count and are listed (the strongest). */
export const MAX_EVIDENCE_PER_KIND = 3;

export const DEFAULT_HALF_LIFE_SECONDS = 86_400;
export const DECAY_FLOOR = 0.25;

export const RELATION_RECIPIENT = 1.0;
export const RELATION_SENDER = 0.85;
export const RELATION_OTHER = 0.5;

export type EchoRelation = 'recipient' | 'sender' | 'other';

/** See the module comment. */
export function rarity(df: number): number {
  return 1 / (1 + Math.log(Math.max(df, 2) / 2));
}

/** Normalised inverse document frequency in [0, 1] (see the module comment). */
export function nidf(df: number, n: number): number {
  if (n <= 2) return 1;
  const v = Math.log(n / Math.max(df, 1)) / Math.log(n / 2);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export function decay(latencySeconds: number, halfLifeSeconds: number): number {
  return DECAY_FLOOR + (1 - DECAY_FLOOR) * Math.pow(2, -latencySeconds / halfLifeSeconds);
}

export function relationFactor(r: EchoRelation): number {
  return r === 'recipient' ? RELATION_RECIPIENT : r === 'sender' ? RELATION_SENDER : RELATION_OTHER;
}

/** Shared stems and shared rarity (Σ nidf) below which shared terms are not evidence (see the module comment). */
export const MIN_SHARED_TERMS = 2;
export const MIN_TERMS_SHARED = 1;

/**
 * Weight of shared terms: `count` stems shared, `shared` = Σ of their nidf, masses of P and Q.
 */
export function termsWeight(count: number, shared: number, massP: number, massQ: number): number {
  // The epsilon keeps two stems whose nidf add up to 1 exactly in, whatever the rounding.
  if (count < MIN_SHARED_TERMS || shared < MIN_TERMS_SHARED - 1e-9 || massP <= 0 || massQ <= 0) return 0;
  const cos = Math.min(1, shared / Math.sqrt(massP * massQ));
  return TERMS_WEIGHT * (1 - Math.exp(-shared / TERMS_SCALE)) * Math.sqrt(cos);
}

/** Weight of a quotation: `passages` shared five-word passages, the rarest held by `minDf` items. */
export function quoteWeight(passages: number, minDf: number): number {
  if (passages <= 0) return 0;
  return QUOTE_WEIGHT * (1 - Math.exp(-passages / QUOTE_SCALE)) * rarity(minDf);
}
