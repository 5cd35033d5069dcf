/**
 * From what a private item P and a public candidate Q share (gathered from the indexes) to
 * weighted evidence (echo-score.ts). The weight sum is computed for every candidate without
 * building any object; the evidence records, with their words, are built only for the echoes
 * kept, and the details that need the texts (quoted passage, where a name stands) only for
 * those reported.
 */
import type { AnalysisItem } from './analysis-item.js';
import type { EchoFeatures } from './echo-features.js';
import type { NameHit } from './echo-mentions.js';
import {
  ATTACHMENT_WEIGHT,
  LINK_WEIGHT,
  LOOSE_LINK_WEIGHT,
  MAX_EVIDENCE_PER_KIND,
  MENTION_WEIGHT,
  quoteWeight,
  rarity,
  termsWeight,
} from './echo-score.js';
import { longestQuotedPassage } from './echo-spans.js';
import type { EchoEvidence, EchoEvidenceKind } from './echo-types.js';

/** Characters of a quoted passage shown in an evidence's detail. */
const MAX_DETAIL_QUOTE_CHARS = 200;

/** What P and one public candidate share. Lists stay null until something is shared. */
export interface Candidate {
  links: string[] | null;
  loose: string[] | null;
  attachments: string[] | null;
  mention: boolean;
  /** Σ nidf of the shared rare stems, and the stems, rarest first. */
  termShared: number;
  terms: string[] | null;
  /** Shared rare passages, and the smallest number of items holding one of them. */
  passages: number;
  passageMinDf: number;
}

export function newCandidate(): Candidate {
  return resetCandidate({} as Candidate);
}

/** Empties `c` for reuse (its lists are replaced, not cleared: a copy of it may hold them). */
export function resetCandidate(c: Candidate): Candidate {
  c.links = null;
  c.loose = null;
  c.attachments = null;
  c.mention = false;
  c.termShared = 0;
  c.terms = null;
  c.passages = 0;
  c.passageMinDf = Infinity;
  return c;
}

/**
 * How common what is shared is in the case. One mutable object is filled per candidate (the
 * fields a candidate does not need are left stale: masses are read only when terms are shared,
 * sentBeforeQ only when there is a mention).
 */
export interface Rarities {
  linkDf: ReadonlyMap<string, number>;
  looseDf: ReadonlyMap<string, number>;
  attDf: ReadonlyMap<string, number>;
  /** Public items in P's window by others than P's sender that name the sender, Q included. */
  mentionsInWindow: number;
  /** Private items from P's sender in the window before Q, P included. */
  sentBeforeQ: number;
  /** Σ nidf of all rare stems of P and of Q. */
  massP: number;
  massQ: number;
}

interface LinkHit {
  weight: number;
  /** The link as Q holds it. */
  link: string;
  detail: string;
}

/** The link evidence: exact matches, then host+path matches not already exact, strongest first. */
function linkHits(
  c: Candidate,
  pf: EchoFeatures,
  qf: EchoFeatures,
  r: Rarities,
  withDetail: boolean,
): LinkHit[] {
  const hits: LinkHit[] = [];
  const exactKeys = new Set<string>();
  for (const l of c.links ?? []) {
    exactKeys.add(pf.looseLinks[pf.links.indexOf(l)] as string);
    const df = r.linkDf.get(l) ?? 2;
    hits.push({
      weight: LINK_WEIGHT * rarity(df),
      link: l,
      detail: withDetail ? `both hold the link ${l} (${df} items in the case do)` : '',
    });
  }
  for (const k of c.loose ?? []) {
    if (exactKeys.has(k)) continue;
    const ql = qf.links[qf.looseLinks.indexOf(k)] as string;
    const df = r.looseDf.get(k) ?? 2;
    hits.push({
      weight: LOOSE_LINK_WEIGHT * rarity(df),
      link: ql,
      detail: withDetail
        ? `both link to the page ${k} (private: ${pf.links[pf.looseLinks.indexOf(k)] as string}, public: ${ql})`
        : '',
    });
  }
  return strongest(hits);
}

function attachmentHits(c: Candidate, r: Rarities, withDetail: boolean): LinkHit[] {
  return strongest(
    (c.attachments ?? []).map((a) => {
      const df = r.attDf.get(a) ?? 2;
      return {
        weight: ATTACHMENT_WEIGHT * rarity(df),
        link: a,
        detail: withDetail ? `both carry the file with sha256 ${a} (${df} items in the case do)` : '',
      };
    }),
  );
}

function strongest(hits: LinkHit[]): LinkHit[] {
  if (hits.length > 1)
    hits.sort((a, b) => b.weight - a.weight || (a.link < b.link ? -1 : a.link > b.link ? 1 : 0));
  return hits.length > MAX_EVIDENCE_PER_KIND ? hits.slice(0, MAX_EVIDENCE_PER_KIND) : hits;
}

function mentionWeight(c: Candidate, r: Rarities): number {
  return c.mention ? MENTION_WEIGHT * rarity(r.mentionsInWindow + 1) * rarity(r.sentBeforeQ + 1) : 0;
}

function candidateTermsWeight(c: Candidate, r: Rarities): number {
  return c.termShared > 0 ? termsWeight(c.terms?.length ?? 0, c.termShared, r.massP, r.massQ) : 0;
}

/** Σ of the evidence weights of a candidate (what evidenceOf's weights add up to), without allocating for the common case. */
export function evidenceWeight(c: Candidate, pf: EchoFeatures, qf: EchoFeatures, r: Rarities): number {
  let sum = mentionWeight(c, r) + candidateTermsWeight(c, r);
  if (c.passages > 0) sum += quoteWeight(c.passages, c.passageMinDf);
  if (c.links !== null || c.loose !== null) for (const h of linkHits(c, pf, qf, r, false)) sum += h.weight;
  if (c.attachments !== null) for (const h of attachmentHits(c, r, false)) sum += h.weight;
  return sum;
}

const KIND_ORDER: readonly EchoEvidenceKind[] = ['link', 'attachment', 'quote', 'mention', 'terms'];

/** The evidence records of a candidate (each kind's strongest MAX_EVIDENCE_PER_KIND), strongest first. */
export function evidenceOf(c: Candidate, pf: EchoFeatures, qf: EchoFeatures, r: Rarities): EchoEvidence[] {
  const out: EchoEvidence[] = [];
  for (const h of linkHits(c, pf, qf, r, true))
    out.push({ kind: 'link', weight: h.weight, link: h.link, detail: h.detail });
  for (const h of attachmentHits(c, r, true))
    out.push({ kind: 'attachment', weight: h.weight, detail: h.detail });
  if (c.passages > 0)
    out.push({
      kind: 'quote',
      weight: quoteWeight(c.passages, c.passageMinDf),
      detail: `reproduces ${c.passages} five-word passage${c.passages === 1 ? '' : 's'} of the private text`,
    });
  if (c.mention)
    out.push({
      kind: 'mention',
      weight: mentionWeight(c, r),
      detail: 'names the sender of the private message',
    });
  const tw = candidateTermsWeight(c, r);
  if (tw > 0) {
    // The words as Q writes them: stems ("meet") mean little to a reader.
    const shown: string[] = [];
    for (const s of c.terms ?? []) {
      const k = qf.stems.indexOf(s);
      const w = k < 0 ? s : (qf.termWords[k] as string);
      if (!shown.includes(w)) shown.push(w);
    }
    out.push({ kind: 'terms', weight: tw, terms: shown, detail: `shares rare terms: ${shown.join(', ')}` });
  }
  out.sort((a, b) => b.weight - a.weight || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return out;
}

/**
 * Adds what needs the two texts: the longest quoted passage (both places, and its words in the
 * detail) and the place where Q names P's sender.
 */
export function withTextDetails(
  evidence: readonly EchoEvidence[],
  P: AnalysisItem,
  Q: AnalysisItem,
  senderHit: NameHit | undefined,
): EchoEvidence[] {
  return evidence.map((e): EchoEvidence => {
    if (e.kind === 'quote') {
      const passage = longestQuotedPassage(P.text, Q.text);
      if (passage === null) return e;
      let quoted = Q.text.slice(passage.public[0], passage.public[1]);
      if (quoted.length > MAX_DETAIL_QUOTE_CHARS) quoted = `${quoted.slice(0, MAX_DETAIL_QUOTE_CHARS)}…`;
      return {
        ...e,
        detail: `reproduces a passage of ${passage.words} words: "${quoted}"`,
        span: { private: passage.private, public: passage.public },
      };
    }
    if (e.kind === 'mention' && senderHit !== undefined)
      return {
        ...e,
        detail: `names the sender of the private message (${P.from ?? ''}) as "${senderHit.as}"`,
        span: { private: null, public: senderHit.span },
      };
    return e;
  });
}
