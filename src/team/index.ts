export { accessOf, allows } from './team-access.js';
export { exportAuditHook } from './export-audit-hook.js';
export {
  auditRequest,
  CSRF_HEADER,
  registerTeamAuth,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  type MeDocument,
  type TeamAuthOptions,
} from './team-auth.js';
export { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, parseAuditDate } from './team-audit.js';
export { checkCollectionName, collectionSchema, ROLES, type Access, type Role } from './team-names.js';
export {
  checkTeamDatabase,
  cliActor,
  isPostgresUrl,
  openTeamStore,
  TeamStore,
  type TeamStoreOptions,
} from './team-store.js';
export { AUDIT_ACTIONS } from './team-types.js';
export type * from './team-types.js';
