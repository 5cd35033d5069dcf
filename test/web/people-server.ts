/**
 * The real server (`innsyn serve`, in this process) over a store filled by the real readers,
 * for the browser tests and screenshots of the people, pair and network pages: those pages
 * read /api/people, /api/pairs, /api/timeline and /api/network, which only the real API
 * computes. `seed`: the seed scenario bundled in demo/ (X archive with the DMs, the father's
 * posts, the email chain). `demo`: the whole demo case, with the generated 3,000-message
 * mailbox beside the seed (for how a denser network looks).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { buildDemo } from '../../src/demo/build-demo.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';
import { buildUi } from './build-ui.js';

export const SEED_INPUTS = [
  path.join(repoRoot, 'demo', 'DonaldJTrumpJr-x-archive'),
  path.join(repoRoot, 'demo', 'realDonaldTrump-public-posts.csv'),
  path.join(repoRoot, 'demo', 'DonaldJTrumpJr-mail.mbox'),
];

export interface PeopleCase {
  server: RunningServer;
  store: Store;
  close(): Promise<void>;
}

export async function startPeopleCase(kind: 'seed' | 'demo' = 'seed'): Promise<PeopleCase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'innsyn-people-'));
  const dist = path.join(dir, 'ui');
  await buildUi(dist);
  const store = await openStore(path.join(dir, 'case.db'));
  if (kind === 'demo') {
    await buildDemo(store, path.join(dir, 'files'));
  } else {
    await ingest(SEED_INPUTS, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
  }
  const server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: dist, log: () => {} });
  return {
    server,
    store,
    close: async () => {
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
