import type { Access } from './team-names.js';
import type { TeamUser } from './team-types.js';

const RANK: Record<Access, number> = { none: 0, reader: 1, editor: 2, admin: 3 };

/**
 * What `user` may do in `collection`: 'admin' for an admin (in every collection, whether it
 * exists or not: check that apart), the granted role for a member, else 'none'. Nobody (null:
 * not logged in) may do nothing. Reads the grants the request was authenticated with, which
 * are read afresh for every request.
 */
export function accessOf(user: TeamUser | null | undefined, collection: string): Access {
  if (!user) return 'none';
  if (user.admin) return 'admin';
  return user.grants.get(collection) ?? 'none';
}

/** True when `access` is at least `needed`: `allows(accessOf(u, c), 'reader')` to read, `'editor'` to annotate. */
export function allows(access: Access, needed: Exclude<Access, 'none'>): boolean {
  return RANK[access] >= RANK[needed];
}
