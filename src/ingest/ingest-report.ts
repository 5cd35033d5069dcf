/** The per-input report of an ingest run (STYLE.md habit 5): printed by the CLI and returned by the API. */

export interface QuarantineNote {
  /** File, archive member and byte offset, as one readable place. */
  where: string;
  reason: string;
}

export interface InputReport {
  /** The input as given, resolved to an absolute path. */
  path: string;
  /** ok: everything stored or duplicate; quarantined: some records could not be read; failed: the input itself could not be opened. */
  status: 'ok' | 'quarantined' | 'failed';
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  bytes: number;
  /** The first quarantine reasons (all of them are in the database). */
  problems: QuarantineNote[];
  /** Why the input failed as a whole, for status 'failed'. */
  error?: string;
  /** What the input was read as: 'mail', 'X archive', 'Slack export', 'post list', … */
  format?: string;
  /** The reader's remarks (an X archive's record counts against its manifest.js). */
  notes?: string[];
}

export interface IngestReport {
  inputs: InputReport[];
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  bytes: number;
  seconds: number;
}

export interface IngestProgress {
  /** Bytes of message data handled so far and in all (the total is an estimate from file sizes). */
  bytesDone: number;
  bytesTotal: number;
  messages: number;
  seconds: number;
}

/** At most this many quarantine reasons are listed per input in the report (all are stored). */
export const MAX_PROBLEMS_LISTED = 50;

export function describeLocation(loc: { path: string; member: string | null; offset: number }): string {
  return `${loc.path}${loc.member ? ` → ${loc.member}` : ''} @ byte ${loc.offset}`;
}
