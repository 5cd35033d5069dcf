/**
 * The answer of GET /api/echoes (docs/api.md) as the echoes page and the item page read it.
 * Texts are from the material: hostile, rendered as text only.
 */
import type { ItemKind } from '../api/api-types.js';

export type EchoEvidenceKind = 'link' | 'mention' | 'terms' | 'quote' | 'attachment';
export type EchoMarkKind = Exclude<EchoEvidenceKind, 'attachment'>;
export type EchoRelation = 'recipient' | 'sender' | 'other';

export interface EchoEvidence {
  kind: EchoEvidenceKind;
  /** One line in English, from the server. */
  detail: string;
  weight: number;
  terms?: string[];
  link?: string;
  span?: { private: [number, number] | null; public: [number, number] | null };
}

/** `text.slice(start, end)` is evidence of `kind` (UTF-16 offsets into the side's `text`). */
export interface EchoMark {
  start: number;
  end: number;
  kind: EchoMarkKind;
}

interface EchoSideBase {
  id: string;
  kind: ItemKind;
  platform: string;
  /** ISO 8601, UTC. */
  sentAt: string | null;
  /** The text around the evidence (all of it when short): starts at `textOffset` of `textLength`. */
  text: string;
  textOffset: number;
  textLength: number;
  marks: EchoMark[];
}

export interface EchoPrivateSide extends EchoSideBase {
  /** Person keys. */
  from: string | null;
  to: string[];
  /** Recipients in all (`to` holds the first ones). */
  toCount: number;
}

export interface EchoPublicSide extends EchoSideBase {
  author: string | null;
}

export interface EchoRow {
  privateId: string;
  publicId: string;
  latencySeconds: number;
  relation: EchoRelation;
  evidence: EchoEvidence[];
  score: number;
  private: EchoPrivateSide;
  public: EchoPublicSide;
}

export interface EchoPerson {
  name: string | null;
  handle: string | null;
}

export interface EchoesResponse {
  version: 1;
  /** Echoes that pass the filters; `echoes` holds the first `limit` of them. */
  total: number;
  echoes: EchoRow[];
  people: Record<string, EchoPerson>;
}
