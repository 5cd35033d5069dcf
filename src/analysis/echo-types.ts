/** The shapes findEchoes returns (echoes.ts re-exports them). */
import type { EchoRelation } from './echo-score.js';

export type { EchoRelation } from './echo-score.js';

export type EchoEvidenceKind = 'link' | 'mention' | 'terms' | 'quote' | 'attachment';

/** Character ranges of the evidence in the private and the public item's `text`, where known. */
export interface EchoSpan {
  private: [number, number] | null;
  public: [number, number] | null;
}

export interface EchoEvidence {
  kind: EchoEvidenceKind;
  /** One line for a reader: what is shared. */
  detail: string;
  /** This evidence's part of the score, before decay and relation (echo-score.ts). */
  weight: number;
  /** terms: the shared words as the public item writes them (folded), rarest first. */
  terms?: string[];
  /** link: the link as the public item holds it. */
  link?: string;
  /** quote: the passage in both texts; mention: the name in the public item's text. */
  span?: EchoSpan;
}

export interface Echo {
  privateId: string;
  publicId: string;
  /** Public sentAt − private sentAt, in seconds (> 0). */
  latencySeconds: number;
  /** Who wrote the public item, seen from the private one: a recipient, its sender, or someone else. */
  relation: EchoRelation;
  /** Strongest first. */
  evidence: EchoEvidence[];
  score: number;
}
