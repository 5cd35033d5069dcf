import { printableSpec } from '../../store/index.js';
import { InnsynError } from '../../model/index.js';
import { EXIT, type Command } from '../command.js';
import { parseCount } from './parse-count.js';

/** --search-threads at most: far beyond what helps (SQLite reads scale with cores). */
const MAX_SEARCH_THREADS = 64;
/** A token shorter than this is guessable over a night of requests. */
const MIN_TOKEN_CHARS = 16;
/** --collection-idle at most a week (setTimeout's limit is 24.8 days; 0 means never anyway). */
const MAX_COLLECTION_IDLE_MINUTES = 7 * 24 * 60;

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'Serve the web UI and the HTTP API (docs/api.md) on 127.0.0.1, behind a secret token; Ctrl-C stops it.',
  usage:
    'innsyn serve [--db FILE] [--port 7070] [--host 127.0.0.1] [--token T] [--cache MB] [--search-threads N] [--collection NAME] [--db-read URL] [--json]\n' +
    '       innsyn serve --team --db postgres://… [--secure-cookies] [--trust-proxy] [--collection-idle 15] [--port 7070] [--host 127.0.0.1] [--cache MB] [--db-read URL] [--json]   (team mode: docs/team.md)',
  access: 'read',
  options: {
    port: { type: 'string', default: '7070' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    // Answers kept per data version, in MiB of JSON (0: none); several servers each keep their own.
    cache: { type: 'string' },
    // Threads answering searches of a database file (one per core, at most 2; 0: the server's own).
    'search-threads': { type: 'string' },
    // Team mode (docs/team.md "Serving a team"): accounts and every collection of the database.
    team: { type: 'boolean', default: false },
    'secure-cookies': { type: 'boolean', default: false },
    'trust-proxy': { type: 'boolean', default: false },
    // Minutes a collection's app and pool stay open without a request (0: until the server stops).
    'collection-idle': { type: 'string' },
  },
  async run({ values, store, dbPath, json, out }) {
    // Loaded here, not at start-up: the HTTP stack is heavy and only this command needs it.
    const { isLoopback, startServer } = await import('../../api/index.js');
    const port = parseCount(values.port, '--port', 0, 65535);
    const host = String(values.host).trim();
    if (host === '') throw new InnsynError('usage', '--host needs an address, e.g. 127.0.0.1');
    const token = typeof values.token === 'string' ? values.token : process.env.INNSYN_TOKEN || undefined;
    if (token !== undefined && !new RegExp(`^[A-Za-z0-9._~-]{${MIN_TOKEN_CHARS},}$`).test(token)) {
      throw new InnsynError(
        'usage',
        `--token (or INNSYN_TOKEN) must be at least ${MIN_TOKEN_CHARS} characters of A-Z a-z 0-9 . _ ~ - (leave it out for a random one)`,
      );
    }
    const cacheChars =
      values.cache === undefined ? undefined : parseCount(values.cache, '--cache', 0, 65536) * 1024 * 1024;
    const { defaultReadWorkers } = await import('../../store/sqlite/sqlite-read-pool.js');
    const { SqliteStore } = await import('../../store/sqlite/sqlite-store.js');
    const threads = values['search-threads'] ?? process.env.INNSYN_SEARCH_THREADS;
    const readWorkers =
      threads === undefined || threads === ''
        ? defaultReadWorkers()
        : parseCount(String(threads), '--search-threads (or INNSYN_SEARCH_THREADS)', 0, MAX_SEARCH_THREADS);
    if (values['search-threads'] !== undefined && !(store instanceof SqliteStore))
      throw new InnsynError(
        'usage',
        '--search-threads applies to a database file: PostgreSQL answers each connection in a process of its own',
      );
    if (values.team === true) return serveTeam({ values, dbPath, json, out, port, host, cacheChars });
    if (
      values['secure-cookies'] === true ||
      values['trust-proxy'] === true ||
      values['collection-idle'] !== undefined
    )
      throw new InnsynError(
        'usage',
        '--secure-cookies, --trust-proxy and --collection-idle apply in team mode only (--team)',
      );
    let server;
    try {
      server = await startServer({
        store,
        port,
        host,
        token,
        cacheChars,
        readWorkers,
        warm: true,
        log: (line) => out.error(line),
      });
    } catch (e) {
      listenError(e, port, host);
    }
    if (!isLoopback(host)) {
      out.error(
        `innsyn: warning: listening on ${host}, not only on this machine: anyone who can reach it and has the token can read the case`,
      );
    }
    if (json) out.json({ database: printableSpec(dbPath), url: server.url, port: server.port, host });
    else out.line(`innsyn: serving ${printableSpec(dbPath)} at ${server.url}`);
    await stopped();
    await server.close();
    return EXIT.ok;
  },
};

/** The error of a server that could not listen, in the user's terms. */
function listenError(e: unknown, port: number, host: string): never {
  const code = (e as { code?: string }).code;
  if (code === 'EADDRINUSE')
    throw new InnsynError('usage', `port ${port} on ${host} is in use: choose another with --port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    throw new InnsynError('usage', `${host} is not an address of this machine: choose another with --host`);
  throw e;
}

function stopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/**
 * `innsyn serve --team`: the front app of src/api/team-server.ts over every collection of the
 * PostgreSQL database; users log in (no token URL).
 */
async function serveTeam(a: {
  values: Record<string, unknown>;
  dbPath: string;
  json: boolean;
  out: Parameters<Command['run']>[0]['out'];
  port: number;
  host: string;
  cacheChars: number | undefined;
}): Promise<number> {
  const { values, dbPath, json, out, port, host } = a;
  const { isPostgresUrl, openTeamStore } = await import('../../team/index.js');
  if (!isPostgresUrl(dbPath))
    throw new InnsynError(
      'usage',
      `team mode needs PostgreSQL (--db postgres://…); ${printableSpec(dbPath)} is a file: serve it without --team`,
    );
  if (values.token !== undefined)
    throw new InnsynError('usage', '--token does not apply with --team: users log in');
  if (values.collection !== undefined)
    throw new InnsynError('usage', '--collection does not apply with --team: every collection is served');
  const { isLoopback } = await import('../../api/index.js');
  const { startTeamServer } = await import('../../api/team-server.js');
  const dbRead =
    typeof values['db-read'] === 'string' ? values['db-read'] : process.env.INNSYN_DB_READ || undefined;
  const collectionIdleMs =
    values['collection-idle'] === undefined
      ? undefined
      : parseCount(values['collection-idle'], '--collection-idle', 0, MAX_COLLECTION_IDLE_MINUTES) * 60_000;
  const team = await openTeamStore(dbPath);
  try {
    let server;
    try {
      server = await startTeamServer({
        db: dbPath,
        ...(dbRead === undefined ? {} : { dbRead }),
        team,
        port,
        host,
        secureCookies: values['secure-cookies'] === true,
        trustProxy: values['trust-proxy'] === true,
        cacheChars: a.cacheChars,
        ...(collectionIdleMs === undefined ? {} : { collectionIdleMs }),
        log: (line) => out.error(line),
      });
    } catch (e) {
      listenError(e, port, host);
    }
    if (!isLoopback(host) && values['secure-cookies'] !== true) {
      out.error(
        `innsyn: warning: listening on ${host} without --secure-cookies: put it behind https (docs/team.md "Serving a team")`,
      );
    }
    const users = await team.listUsers();
    if (json)
      out.json({ database: printableSpec(dbPath), url: server.url, port: server.port, host, team: true });
    else
      out.line(`innsyn: serving the team database ${printableSpec(dbPath)} at ${server.url} (users log in)`);
    if (!users.some((u) => u.admin && !u.disabled))
      out.error("innsyn: no admin yet: create the first one with 'innsyn users add NAME --admin'");
    await stopped();
    await server.close();
    return EXIT.ok;
  } finally {
    await team.close();
  }
}
