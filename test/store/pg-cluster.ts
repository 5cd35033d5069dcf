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
  /** The URL of database `name` (as the superuser, over the socket). */
  url(name: string): string;
  /** Stops the server and deletes its folder. */
  stop(): void;
  /** Stops the server only (immediate shutdown, as a crash); the folder stays until stop(). */
  stopServer(): void;
  /** What startPgReplica needs: the server's binaries, folder, socket port and its user. */
  readonly server: PgServer;
}

export interface PgServer {
  bin: string;
  /** The cluster's folder: data/ in it, and the Unix socket. */
  dir: string;
  port: string;
  /** Runs a command as the cluster's user (runuser when we are root); throws with its output when it fails. */
  run(cmd: string, args: string[]): void;
  /** Gives a folder we made to the cluster's user. */
  own(dir: string): void;
}

export interface PgClusterOptions {
  /**
   * Server settings (`-c name=value`) over the test defaults: no fsync, no full-page writes,
   * asynchronous commit (a test server needs no durability). A benchmark measuring what a real
   * server does passes `{ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' }`.
   */
  settings?: Record<string, string>;
}

export type PgClusterStart = { cluster: PgCluster } | { skip: string };

const TEST_SETTINGS: Record<string, string> = {
  fsync: 'off',
  full_page_writes: 'off',
  synchronous_commit: 'off',
};

/** The newest installed `initdb`, or null. */
export function findInitdb(): string | null {
  if (!existsSync(DEBIAN_PG_ROOT)) return null;
  const versions = readdirSync(DEBIAN_PG_ROOT)
    .filter((v) => existsSync(path.join(DEBIAN_PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(DEBIAN_PG_ROOT, versions[0] as string, 'bin', 'initdb') : null;
}

/** Starts a cluster, or says why it cannot (the caller skips its tests with that reason). */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgClusterStart> {
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
  const stopServer = (): void => {
    if (started) {
      started = false;
      const [file, ...rest] = as(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-s']);
      spawnSync(file as string, rest, { stdio: 'ignore' });
    }
  };
  const stop = (): void => {
    stopServer();
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
    startServer(bin, data, dir, port, { ...TEST_SETTINGS, ...options.settings }, run);
    started = true;
    const url = (db: string): string => socketUrl(dir, port, db);
    let n = 0;
    const cluster: PgCluster = {
      url,
      stopServer,
      server: {
        bin,
        dir,
        port,
        run,
        own: (d) => {
          if (runAs !== null) chownSync(d, runAs.uid, runAs.gid);
          chmodSync(d, 0o700);
        },
      },
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

/** `pg_ctl start`: no TCP at all, the socket in `dir`; `settings` as `-c` options. */
function startServer(
  bin: string,
  data: string,
  dir: string,
  port: string,
  settings: Record<string, string>,
  run: (cmd: string, args: string[]) => void,
): void {
  const c = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
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
    '-o',
    `-c listen_addresses='' -k ${dir} -p ${port} ${c}`,
  ]);
}

function socketUrl(dir: string, port: string, db: string): string {
  return `postgres://${SUPERUSER}@${encodeURIComponent(dir)}:${port}/${db}`;
}

export interface PgReplica {
  /** The replica's URL for a database of the primary, given the primary's URL of it (createDatabase's). */
  urlFor(primaryUrl: string): string;
  /**
   * Waits until the replica has replayed everything the primary had written when called
   * (`pg_last_wal_replay_lsn()` on the replica ≥ the end of the primary's last WAL record).
   * Throws after `timeoutMs`.
   */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops the replica and deletes its folder. */
  stop(): void;
}

export type PgReplicaStart = { replica: PgReplica } | { skip: string };

/**
 * A streaming replica of `primary` (hot standby), as a newsroom would run one for `--db-read`:
 * `pg_basebackup -R` (a copy of the running cluster with the standby settings and the
 * primary's address written in), started on a socket of its own in another temporary folder.
 * The primary's defaults allow it (wal_level replica, WAL senders, and initdb's `local
 * replication` trust line).
 */
export async function startPgReplica(primary: PgCluster): Promise<PgReplicaStart> {
  const { bin, run, own } = primary.server;
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-pg-replica-'));
  own(dir);
  const data = path.join(dir, 'data');
  const port = String(20_000 + Math.floor(Math.random() * 30_000));
  let started = false;
  const stop = (): void => {
    if (started) {
      started = false;
      try {
        run(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-s']);
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    run(path.join(bin, 'pg_basebackup'), [
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
      '-h',
      primary.server.dir,
      '-p',
      primary.server.port,
      '-U',
      SUPERUSER,
    ]);
    startServer(bin, data, dir, port, { ...TEST_SETTINGS, hot_standby: 'on' }, run);
    started = true;
  } catch (e) {
    stop();
    process.removeListener('exit', stop);
    return { skip: `could not start a PostgreSQL replica: ${(e as Error).message}` };
  }
  const query = async <R>(url: string, text: string): Promise<R> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows[0] as R;
    } finally {
      await client.end();
    }
  };
  const replica: PgReplica = {
    urlFor(primaryUrl) {
      const name = new URL(primaryUrl).pathname.slice(1);
      return socketUrl(dir, port, name);
    },
    async waitForReplay(timeoutMs = 60_000) {
      // The end of the last WAL record the primary wrote. Its insert position is that, except
      // when the record ended a page: then it points past the next page's header, where no
      // record ends, and replay stops at the boundary before it.
      const p = await query<{ lsn: string; page: number; segment: string }>(
        primary.url('postgres'),
        "SELECT pg_current_wal_insert_lsn()::text AS lsn, current_setting('wal_block_size')::int AS page, " +
          "pg_size_bytes(current_setting('wal_segment_size'))::text AS segment",
      );
      const target = lsnWithoutPageHeader(p.lsn, p.page, Number(p.segment));
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await query<{ done: boolean }>(
          socketUrl(dir, port, 'postgres'),
          `SELECT pg_last_wal_replay_lsn() >= '${target}'::pg_lsn AS done`,
        );
        if (r.done) return;
        if (Date.now() > until)
          throw new Error(`the replica did not replay up to ${target} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop() {
      process.removeListener('exit', stop);
      stop();
    },
  };
  return { replica };
}

/** An LSN (`0/34A4018`) less the page header it points past, as text: see waitForReplay. */
function lsnWithoutPageHeader(text: string, page: number, segment: number): string {
  const [hi, lo] = text.split('/').map((x) => BigInt(`0x${x}`)) as [bigint, bigint];
  let lsn = (hi << 32n) | lo;
  if (lsn % BigInt(segment) === 40n) lsn -= 40n;
  else if (lsn % BigInt(page) === 24n) lsn -= 24n;
  return `${(lsn >> 32n).toString(16)}/${(lsn & 0xffffffffn).toString(16)}`;
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
