/**
 * What the story timeline report is made from: plain data, gathered from the store by
 * build-report.ts and turned into HTML by the pure functions of render-report.ts.
 */
import type { EchoEvidenceKind, EchoRelation } from '../analysis/echoes.js';
import type { Item, ItemKind, Location } from '../model/index.js';
import type { ReportLang } from './report-messages.js';

export interface ReportSettings {
  /** Shown at the top; the language's "Story timeline" when empty. */
  title: string;
  /** The query as the user wrote it ('' for every item). */
  queryText: string;
  /** IANA zone, as checkTimeZone returns it. */
  timeZone: string;
  lang: ReportLang;
  /** Permalinks are `<baseUrl>/item/<id>`; null: printed relative, `/item/<id>`. */
  baseUrl: string | null;
  created: Date;
  innsynVersion: string;
  /** The echo window the echoes were found with, in seconds. */
  echoWindowSeconds: number;
}

export interface ReportPerson {
  key: string;
  name: string | null;
  handles: string[];
  addresses: string[];
  /** Items of this report it sent and received. */
  sent: number;
  received: number;
}

export interface ReportCounts {
  items: number;
  private: number;
  public: number;
  undated: number;
  /** ms since 1970 of the first and last dated item. */
  first: number | null;
  last: number | null;
  /** Echoes with at least one side among the report's items. */
  echoes: number;
}

/** The first part of the report: everything known before the items are read one by one. */
export interface ReportHead {
  settings: ReportSettings;
  counts: ReportCounts;
  people: ReportPerson[];
  contents: ReportContentsRow[];
}

/** One line of "the items at a glance". */
export interface ReportContentsRow {
  n: number;
  id: string;
  sentAt: number | null;
  kind: ItemKind;
  platform: string;
  visibility: 'private' | 'public';
  from: string | null;
  /** The first recipients' names (MAX_CONTENTS_RECIPIENTS). */
  to: string[];
  /** Recipients beyond those named. */
  toMore: number;
  /** The start of the subject and text. */
  excerpt: string;
}

/** The other side of an echo, as the report names it. */
export interface ReportEchoPartner {
  id: string;
  /** Its number in this report, or null when it is not in it. */
  n: number | null;
  sentAt: number | null;
  kind: ItemKind;
  platform: string;
  /** Who wrote it, as a reader names them. */
  author: string | null;
}

export interface ReportEcho {
  /** 'echoed-by': this (private) item was echoed by the partner; 'echo-of': this (public) item echoes it. */
  direction: 'echoed-by' | 'echo-of';
  partner: ReportEchoPartner;
  latencySeconds: number;
  relation: EchoRelation;
  /** Strongest first. */
  evidence: ReportEvidence[];
}

/** One piece of an echo's evidence, with what is shared as text. */
export interface ReportEvidence {
  kind: EchoEvidenceKind;
  /** link: the link; terms: the words; mention: the name as the public item writes it; quote: the passage; else null. */
  value: string | null;
}

/** What the report says about an item's original bytes. */
export type ReportRaw = {
  /** sha256 of the bytes the database holds now (what `innsyn show --raw` prints). */
  sha256: string;
  size: number;
  /** The sha256 recorded when they were read; differs from `sha256` only when the database was changed. */
  recorded: string;
  /** Where an evidence export puts them: `items/<id>.<ext>`. */
  exportFile: string;
} | null;

/** One item, complete. */
export interface ReportEntry {
  n: number;
  item: Item;
  /** Every place a copy was found, first one first. */
  locations: Location[];
  raw: ReportRaw;
  echoes: ReportEcho[];
}

export interface ReportProblem {
  n: number;
  id: string;
  /** no-raw: no original bytes stored; raw-hash-mismatch: they no longer hash as recorded; vanished: deleted while the report was made. */
  code: 'no-raw' | 'raw-hash-mismatch' | 'vanished';
}
