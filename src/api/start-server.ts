import { isIP } from 'node:net';
import type { Store } from '../store/index.js';
import { SqliteReadPool, withReadPool, type PooledMethod } from '../store/sqlite/sqlite-read-pool.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { newAccessToken } from './access-token.js';
import { buildApp, type InnsynApp } from './build-app.js';

export interface ServeOptions {
  store: Store;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The secret; a new random one when absent. */
  token?: string;
  uiDir?: string;
  log?: (line: string) => void;
  cacheChars?: number;
  /**
   * Build the store's facet index before listening (about 1 s for 100,000 items), so that the
   * reporter's first search does not wait for it.
   */
  warm?: boolean;
  /**
   * Threads that answer searches, facets and histograms of a SQLite case, each with its own
   * connection (src/store/sqlite/sqlite-read-pool.ts); 0 or absent: the server's own thread. Not
   * used for PostgreSQL, whose server already answers each connection in a process of its own.
   */
  readWorkers?: number;
}

export interface RunningServer extends InnsynApp {
  /** The URL to open, with the token: `http://127.0.0.1:7070/?token=…`. */
  url: string;
  /** The same without the token. */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Builds the app and listens; the store stays the caller's to close. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newAccessToken();
  const pool = readPool(options);
  const store = pool ? withReadPool(options.store, pool) : options.store;
  try {
    if (options.warm) await (pool ? pool.warm() : store.facets(null, { limit: 1 }));
    const built = await buildApp({
      ...options,
      store,
      token,
      port: options.port === 0 ? undefined : options.port,
    });
    await built.app.listen({ port: options.port, host: options.host });
    const address = built.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const origin = `http://${isIP(options.host) === 6 ? `[${options.host}]` : options.host}:${port}`;
    return {
      ...built,
      url: `${origin}/?token=${encodeURIComponent(token)}`,
      origin,
      port,
      token,
      close: async () => {
        await built.app.close();
        await pool?.close();
      },
    };
  } catch (e) {
    await pool?.close();
    throw e;
  }
}

/** The search threads of a SQLite case's server, or null (none asked, PostgreSQL, or a database in memory). */
function readPool(options: ServeOptions): SqliteReadPool | null {
  const { store, readWorkers = 0 } = options;
  if (readWorkers < 1 || !(store instanceof SqliteStore) || store.databaseFile === ':memory:') return null;
  const own = (method: PooledMethod, args: unknown[]): Promise<unknown> =>
    (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
  return new SqliteReadPool(store.databaseFile, readWorkers, own, options.log);
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
