import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/index.js';
import type { ExportHook } from './export-audit.js';
import type { ResponseCache } from './response-cache.js';

/** What every route needs, handed to each route module by build-app.ts. */
export interface ApiContext {
  store: Store;
  /** The built UI (web/dist). */
  uiDir: string;
  /** Where errors and their causes are written (stderr by default). */
  log: (line: string) => void;
  /** Search answers by query and data version; null when caching is off. */
  cache: ResponseCache | null;
  /**
   * Told of every evidence zip, mbox and report the API hands out (routes/export-routes.ts).
   * Unset for now: the team mode's audit log is to set it (issue 9, point 5).
   */
  onExport?: ExportHook;
  /**
   * Who makes a request's annotations and saved searches: the account's name in team mode (set
   * by team-server.ts from the user it authenticated), null in single-user mode.
   */
  authorOf?: (request: FastifyRequest) => string | null;
}
