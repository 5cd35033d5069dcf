import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { buildApp, type InnsynApp } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_MBOX = path.join(root, 'demo', 'DonaldJTrumpJr-mail.mbox');
export const HOSTILE_EML = path.join(root, 'test', 'fixtures', 'e2e', 'hostile.eml');
export const LATIN1_EML = path.join(root, 'test', 'fixtures', 'api', 'latin1.eml');

export const TOKEN = 'test-token-0123456789abcdef';
export const PORT = 7070;
export const HOST = `127.0.0.1:${PORT}`;
/** Headers of a request the UI itself makes. */
export const AUTH = { host: HOST, authorization: `Bearer ${TOKEN}` };

export interface ApiCase extends InnsynApp {
  store: Store;
  uiDir: string;
  /** Ids found by searching the fixtures. */
  ids: { hostile: string; latin1: string; demoFirst: string; demoLast: string };
  logged: string[];
  get(url: string, headers?: InjectOptions['headers']): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The real app (buildApp) over a real SQLite store filled by the real ingest and threading
 * from the demo mailbox, the hostile message and a Latin-1 message, with a tiny built UI in a
 * temporary folder. Requests go through app.inject(): the whole Fastify pipeline, no socket.
 */
export async function startApiCase(
  options: { ui?: boolean; store?: (s: Store) => Store } = {},
): Promise<ApiCase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-api-'));
  const uiDir = path.join(dir, 'dist');
  if (options.ui !== false) {
    mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(uiDir, 'index.html'),
      '<!doctype html><title>innsyn ui</title><div id="app"></div>',
    );
    writeFileSync(path.join(uiDir, 'assets', 'app-abc123.js'), 'console.log("ui");');
    writeFileSync(path.join(uiDir, 'assets', 'app-abc123.css'), 'body{}');
  }
  const real = await openStore(path.join(dir, 'case.db'));
  await ingest([DEMO_MBOX, HOSTILE_EML, LATIN1_EML], real, { workers: 0 });
  await rebuildThreads(real);
  const store = options.store ? options.store(real) : real;
  const one = async (q: string): Promise<string> =>
    (await real.search(parseQuery(q), { limit: 1, offset: 0, sort: 'date' })).items[0]?.id ?? '';
  const ids = {
    hostile: await one('zebrafish'),
    latin1: await one('subject:latin'),
    demoFirst:
      (await real.search(parseQuery('russia'), { limit: 1, offset: 0, sort: 'date-asc' })).items[0]?.id ?? '',
    demoLast: await one('russia'),
  };
  const logged: string[] = [];
  const built = await buildApp({ store, token: TOKEN, port: PORT, uiDir, log: (l) => logged.push(l) });
  const app: FastifyInstance = built.app;
  return {
    ...built,
    store: real,
    uiDir,
    ids,
    logged,
    get: (url, headers = AUTH) => app.inject({ method: 'GET', url, headers }),
    close: async () => {
      await app.close();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function json(r: LightMyRequestResponse): Record<string, unknown> {
  return JSON.parse(r.body) as Record<string, unknown>;
}

export const APP_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
