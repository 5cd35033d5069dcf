/**
 * What the export routes (routes/export-routes.ts) tell the API context's `onExport` hook after
 * every evidence zip, mbox and report they hand out. In team mode the audit log records it
 * (src/team/export-audit-hook.ts), after the front recorded the export's start before its first
 * byte (team-request-audit.ts): an export the log cannot record is not sent.
 */
import type { FastifyRequest } from 'fastify';

export interface ExportEvent {
  format: 'evidence-zip' | 'mbox' | 'report';
  /** The query as given ('' for every item). */
  query: string;
  /** When the request came, ISO 8601 UTC. */
  started: string;
  /** 'cancelled': the client went away before the last byte; 'failed': the server could not finish. */
  outcome: 'complete' | 'cancelled' | 'failed';
  /** Items in it: the evidence export's items, the mbox's emails, the report's items (as far as it got). */
  items: number;
  /** The fingerprint of what was sent when complete: the manifest's sha256 (zip), the file's (mbox, report). */
  sha256: string | null;
}

/** Called once per export, when it ended one way or another; its failures are logged, never sent. */
export type ExportHook = (event: ExportEvent, request: FastifyRequest) => void | Promise<void>;
