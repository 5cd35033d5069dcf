import type { CollectionRecord, TeamStore, UserRecord } from '../../team/index.js';

/**
 * Opens the team tables of the command's database (`--db postgres://…` or INNSYN_DB), or says
 * that team mode needs PostgreSQL. Loaded on use: the other commands never load it.
 */
export async function openTeamFor(dbPath: string): Promise<TeamStore> {
  const { checkTeamDatabase, openTeamStore } = await import('../../team/index.js');
  return openTeamStore(checkTeamDatabase(dbPath));
}

/** A user as the JSON output shows it (docs/json.md `innsyn users`). */
export function userJson(u: UserRecord) {
  return {
    name: u.name,
    admin: u.admin,
    disabled: u.disabled,
    createdAt: u.createdAt,
    grants: u.grants,
    tokens: u.tokens,
    sessions: u.sessions,
  };
}

export function userLine(u: UserRecord): string {
  const marks = [u.admin ? 'admin' : null, u.disabled ? 'disabled' : null].filter((m) => m !== null);
  const grants = u.grants.map((g) => `${g.collection} (${g.role})`).join(', ');
  return (
    `${u.name}${marks.length > 0 ? ` [${marks.join(', ')}]` : ''}: ` +
    `${u.admin ? 'every collection' : grants === '' ? 'no collections' : grants}` +
    `; ${u.tokens} token${u.tokens === 1 ? '' : 's'}, ${u.sessions} session${u.sessions === 1 ? '' : 's'}`
  );
}

export function collectionLine(c: CollectionRecord): string {
  return `${c.name}  (schema ${c.schema}, added ${c.createdAt.slice(0, 10)}${c.createdBy ? ` by ${c.createdBy}` : ''})`;
}
