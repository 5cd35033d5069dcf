import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_MBOX = path.join(root, 'demo', 'DonaldJTrumpJr-mail.mbox');
export const HOSTILE_EML = path.join(root, 'test', 'fixtures', 'e2e', 'hostile.eml');
export const UI_DIR = path.join(root, 'web', 'dist');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium)`;
  if (!existsSync(path.join(UI_DIR, 'index.html')))
    return `the UI is not built (${path.relative(root, UI_DIR)} is missing): run npx vite build --config web/vite.config.ts`;
  return null;
}

export interface E2eCase {
  server: RunningServer;
  store: Store;
  close(): Promise<void>;
}

/**
 * The real server, in this process, on 127.0.0.1 and a free port, over a temporary database
 * made by the real ingest (and threading) from the demo mailbox and the hostile message.
 */
export async function startE2eCase(): Promise<E2eCase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-e2e-'));
  const store = await openStore(path.join(dir, 'case.db'));
  await ingest([DEMO_MBOX, HOSTILE_EML], store, { workers: 0 });
  await rebuildThreads(store);
  const server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: UI_DIR, log: () => {} });
  return {
    server,
    store,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
