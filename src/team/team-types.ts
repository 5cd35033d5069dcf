import type { Access, Role } from './team-names.js';

/**
 * Who made a request, as the team store found them for it: read afresh on every request (a
 * grant, a revocation, a demotion or a disabled account counts from the next request on).
 */
export interface TeamUser {
  id: number;
  name: string;
  admin: boolean;
  /** The collections granted to the user, with the role in each. An admin may do everything anyway. */
  grants: ReadonlyMap<string, Role>;
  /** How the request proved who it is: a browser session (cookie) or an API token. */
  via: 'session' | 'token';
  /** The session's CSRF token; null for an API token (not an ambient credential: no CSRF). */
  csrfToken: string | null;
}

/** Who changes something, for the audit log: the user (null: the command line or nobody yet) and where from. */
export interface Actor {
  user: string | null;
  /** The client's address for HTTP, `cli:USER@HOST` for the command line. */
  client: string | null;
}

export interface GrantRecord {
  collection: string;
  role: Role;
}

export interface UserRecord {
  id: number;
  name: string;
  admin: boolean;
  disabled: boolean;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Sorted by collection. */
  grants: GrantRecord[];
  /** API tokens the user holds. */
  tokens: number;
  /** Browser sessions still valid. */
  sessions: number;
}

export interface CollectionRecord {
  name: string;
  /** The PostgreSQL schema holding its case tables: `c_<name>`. */
  schema: string;
  createdAt: string;
  /** The user who added it; null when added from the command line. */
  createdBy: string | null;
}

/** A collection as one user sees it. */
export interface CollectionAccess {
  name: string;
  schema: string;
  /** 'admin' for an admin (every collection), else the role granted. */
  role: Exclude<Access, 'none'>;
}

export interface ApiTokenRecord {
  id: number;
  user: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A new API token: the secret is in here once and never stored or shown again. */
export interface NewApiToken extends ApiTokenRecord {
  token: string;
}

/** A new browser session: the id goes into the cookie and is stored only as its sha256. */
export interface NewSession {
  id: string;
  csrfToken: string;
  expiresAt: string;
}

/** Everything the audit log records (docs/team.md "Audit log"). */
export const AUDIT_ACTIONS = [
  'login',
  'login-failed',
  'logout',
  'user-add',
  'user-remove',
  'user-passwd',
  'user-admin',
  'user-disable',
  'user-enable',
  'grant',
  'revoke',
  'token-create',
  'token-revoke',
  'collection-add',
  'collection-remove',
  'search',
  'item-open',
  'export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  /** Who did it (for `login-failed`: the name tried); null from the command line. */
  user: string | null;
  action: AuditAction;
  collection: string | null;
  /** What exactly: the query searched, the item opened, the user granted, why a login failed… */
  detail: Record<string, unknown>;
  client: string | null;
}

export interface AuditFilter {
  user?: string;
  action?: AuditAction;
  collection?: string;
  /** Entries at or after this moment. */
  since?: Date;
  /** Entries before this moment. */
  until?: Date;
  /** Keyset paging: entries with a smaller id than this (the `next` of the previous page). */
  before?: number;
  /** Entries per page, 1-MAX_AUDIT_PAGE. */
  limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** The `before` of the next (older) page; null when this is the last. */
  next: number | null;
}

export type LoginResult =
  | { ok: true; user: TeamUser; session: NewSession }
  | {
      ok: false;
      /** 'rate-limited': too many failures for this name or from this client; try again later. */
      reason: 'bad-credentials' | 'rate-limited';
      /** Seconds until a new try is counted again ('rate-limited' only). */
      retryAfterSeconds: number | null;
    };
