import pg from 'pg';
import { openTeamStore, type TeamStore, type TeamStoreOptions } from '../../src/team/index.js';
import type { ScryptParams } from '../../src/team/passwords.js';
import type { PgCluster } from '../store/pg-cluster.js';

/**
 * Cheap scrypt parameters for tests that make many accounts (the cost is stored in each hash;
 * passwords.test.ts and the CLI tests use the real defaults).
 */
export const FAST_SCRYPT: ScryptParams = { ln: 10, r: 8, p: 1 };

/** A clock the test moves by hand. */
export class FrozenClock {
  constructor(public ms = Date.parse('2026-11-26T09:00:00Z')) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A team store on a fresh database of the cluster. */
export async function freshTeam(
  cluster: PgCluster,
  options: TeamStoreOptions = {},
): Promise<{ url: string; team: TeamStore }> {
  const url = await cluster.createDatabase();
  const team = await openTeamStore(url, { passwordParams: FAST_SCRYPT, ...options });
  return { url, team };
}

/** Runs one statement on its own connection. */
export async function sql<R = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

export const CLI_ACTOR = { user: null, client: 'cli:test@host' } as const;
