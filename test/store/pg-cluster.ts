import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throw-away PostgreSQL server for the tests (DESIGN.md: "a real PostgreSQL server started by
 * the tests' own set-up. No mocked databases"): `initdb` in a temporary folder, a server that
 * listens only on a Unix socket in that folder (no TCP port to collide with anything else on
 * the machine), one fresh database per store, everything stopped and deleted at the end.
 *
 * PostgreSQL refuses to run as root. As root, the cluster runs as the `postgres` system user
 * (Debian's package creates it), else `nobody`, through `runuser`; the folder is given to it.
 */

/** Where Debian puts each installed major version's server binaries. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';
/** How long pg_ctl waits for the server to accept connections. */
const START_TIMEOUT_S = 60;
/** The superuser initdb creates; trust authentication on the socket only (nothing else listens). */
const SUPERUSER = 'innsyn';

export interface PgCluster {
  /** A connection URL for a new, empty database of this cluster. */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

export type PgClusterStart = { cluster: PgCluster } | { skip: string };

/** The newest installed `initdb`, or null. */
export function findInitdb(): string | null {
  if (!existsSync(DEBIAN_PG_ROOT)) return null;
  const versions = readdirSync(DEBIAN_PG_ROOT)
    .filter((v) => existsSync(path.join(DEBIAN_PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(DEBIAN_PG_ROOT, versions[0] as string, 'bin', 'initdb') : null;
}

/** Starts a cluster, or says why it cannot (the caller skips its tests with that reason). */
export async function startPgCluster(): Promise<PgClusterStart> {
  const initdb = findInitdb();
  if (initdb === null) {
    return {
      skip: `no PostgreSQL server binaries (${DEBIAN_PG_ROOT}/*/bin/initdb): install Debian's postgresql package (.ci/run does)`,
    };
  }
  const bin = path.dirname(initdb);
  let runAs: { user: string; uid: number; gid: number } | null = null;
  if (process.getuid?.() === 0) {
    runAs = systemUser('postgres') ?? systemUser('nobody');
    if (runAs === null)
      return { skip: 'running as root and there is no postgres or nobody user to run PostgreSQL as' };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-pg-'));
  const data = path.join(dir, 'data');
  const as = (cmd: string, args: string[]): string[] =>
    runAs === null ? [cmd, ...args] : ['runuser', '-u', runAs.user, '--', cmd, ...args];
  const run = (cmd: string, args: string[]): void => {
    const [file, ...rest] = as(cmd, args);
    const r = spawnSync(file as string, rest, { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || String(r.error)}`,
      );
    }
  };
  if (runAs !== null) {
    chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dir, 0o700);
  }
  let started = false;
  const stop = (): void => {
    if (started) {
      started = false;
      const [file, ...rest] = as(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-s']);
      spawnSync(file as string, rest, { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run killed half-way still takes its server down with it.
  process.once('exit', stop);
  try {
    run(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    // Only names the socket file (and the shared memory key): any number, different per run,
    // so that two test files starting clusters at once never meet.
    const port = String(20_000 + Math.floor(Math.random() * 30_000));
    run(path.join(bin, 'pg_ctl'), [
      'start',
      '-D',
      data,
      '-w',
      '-t',
      String(START_TIMEOUT_S),
      '-s',
      '-l',
      path.join(dir, 'server.log'),
      // No TCP at all; the socket lives in our folder. fsync off: a test server needs no durability.
      '-o',
      `-c listen_addresses='' -k ${dir} -p ${port} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`,
    ]);
    started = true;
    const url = (db: string): string => `postgres://${SUPERUSER}@${encodeURIComponent(dir)}:${port}/${db}`;
    let n = 0;
    const cluster: PgCluster = {
      async createDatabase() {
        const name = `case_${++n}`;
        const client = new pg.Client({ connectionString: url('postgres') });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      stop() {
        process.removeListener('exit', stop);
        stop();
      },
    };
    return { cluster };
  } catch (e) {
    stop();
    process.removeListener('exit', stop);
    return { skip: `could not start a PostgreSQL server: ${(e as Error).message}` };
  }
}

function systemUser(name: string): { user: string; uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { user: name, uid, gid } : null;
  } catch {
    return null;
  }
}
