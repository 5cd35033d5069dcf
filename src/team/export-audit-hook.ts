import type { FastifyRequest } from 'fastify';
import type { ExportEvent, ExportHook } from '../api/export-audit.js';
import type { TeamStore } from './team-store.js';

/**
 * The `onExport` hook of the API context (api/api-context.ts) for team mode: every evidence zip,
 * mbox and report handed out becomes an 'export' entry of the audit log, with the user the
 * request was authenticated as, the collection `collectionOf` reads from the request (however
 * the app scopes requests to a collection), and what was exported: format, query, outcome,
 * item count and the fingerprint of what was sent. The export routes log the hook's failures.
 */
export function exportAuditHook(
  team: TeamStore,
  collectionOf: (request: FastifyRequest) => string | null = () => null,
): ExportHook {
  return async (event: ExportEvent, request: FastifyRequest) => {
    await team.audit(
      request.teamUser,
      'export',
      collectionOf(request),
      {
        format: event.format,
        query: event.query,
        started: event.started,
        outcome: event.outcome,
        items: event.items,
        sha256: event.sha256,
      },
      request.ip,
    );
  };
}
