/**
 * The admin routes of team mode (docs/team.md "HTTP routes"), for admins only. Changes carry
 * the session's CSRF token (login/csrf-token.ts).
 */
import { getJson } from '../api/api-client.js';
import { csrfHeaders } from '../login/csrf-token.js';
import { failure, send } from '../login/team-api.js';

export type MemberRole = 'reader' | 'editor';

export interface AdminUser {
  name: string;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
  grants: Array<{ collection: string; role: MemberRole }>;
  tokens: number;
  sessions: number;
}

export interface AdminCollection {
  name: string;
  schema: string;
  createdAt: string;
  createdBy: string | null;
}

export const AUDIT_ACTIONS = [
  'login',
  'login-failed',
  'logout',
  'search',
  'item-open',
  'export',
  'grant',
  'revoke',
  'user-add',
  'user-remove',
  'user-passwd',
  'user-admin',
  'user-disable',
  'user-enable',
  'token-create',
  'token-revoke',
  'collection-add',
  'collection-remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  user: string | null;
  action: AuditAction;
  collection: string | null;
  detail: Record<string, unknown>;
  client: string | null;
}

export interface AuditFilters {
  user?: string;
  action?: AuditAction;
  collection?: string;
  /** YYYY-MM-DD */
  since?: string;
  /** YYYY-MM-DD: entries before this day (the day itself excluded). */
  until?: string;
}

/** Entries per page on the admin page. */
export const AUDIT_PAGE = 100;

export function getUsers(signal?: AbortSignal): Promise<{ users: AdminUser[] }> {
  return getJson('/api/admin/users', signal);
}

export function getCollections(signal?: AbortSignal): Promise<{ collections: AdminCollection[] }> {
  return getJson('/api/admin/collections', signal);
}

export function getAudit(
  filters: AuditFilters,
  before: number | null,
  signal?: AbortSignal,
): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const p = new URLSearchParams();
  for (const k of ['user', 'action', 'collection', 'since', 'until'] as const) {
    const v = filters[k];
    if (v) p.set(k, v);
  }
  if (before !== null) p.set('before', String(before));
  p.set('limit', String(AUDIT_PAGE));
  return getJson(`/api/admin/audit?${p.toString()}`, signal);
}

/** Gives `user` a role in `collection`, or takes it away ('none'). Answers the user as it is now. */
export async function setGrant(
  user: string,
  collection: string,
  role: MemberRole | 'none',
): Promise<{ user: AdminUser; changed: boolean }> {
  const res = await send('/api/admin/grants', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders('POST') },
    body: JSON.stringify({ user, collection, role }),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as { user: AdminUser; changed: boolean };
}
