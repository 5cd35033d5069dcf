import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startTeamServer, type RunningTeamServer } from '../../src/api/team-server.js';
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

/** Logs in to a team server as `name`: the session cookie (name=value) and its CSRF token. */
export async function loginTo(
  serverUrl: string,
  name: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(new URL('/api/login', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

/**
 * The end of a team server test (its after()): stops the server, the team store and the
 * cluster, removes the folder, then fails if the server logged a failure meanwhile.
 */
export async function endTeamTest(parts: {
  server: { close(): Promise<void> } | null | undefined;
  team: TeamStore | undefined;
  cluster: PgCluster | null | undefined;
  dir: string;
  logged: readonly string[];
}): Promise<void> {
  await parts.server?.close();
  await parts.team?.close();
  parts.cluster?.stop();
  if (parts.dir) await rm(parts.dir, { recursive: true, force: true });
  assert.deepEqual(parts.logged, [], 'the server logged a failure');
}

/** A stand-in UI folder (the front serves its index.html as the shell): its path. */
export async function uiShell(dir: string): Promise<string> {
  const ui = path.join(dir, 'ui');
  await mkdir(ui, { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>innsyn</title>');
  return ui;
}

/** A team server on loopback (a free port) over the database `url`; what it logs goes to `logged`. */
export function startLoopbackTeam(
  url: string,
  team: TeamStore,
  uiDir: string,
  logged: string[],
): Promise<RunningTeamServer> {
  return startTeamServer({
    db: url,
    team,
    port: 0,
    host: '127.0.0.1',
    uiDir,
    log: (line) => logged.push(line),
  });
}
