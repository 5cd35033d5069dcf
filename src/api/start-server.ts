import { isIP } from 'node:net';
import type { Store } from '../store/index.js';
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
  if (options.warm) await options.store.facets(null, { limit: 1 });
  const built = await buildApp({ ...options, token, port: options.port === 0 ? undefined : options.port });
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
    close: () => built.app.close(),
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
