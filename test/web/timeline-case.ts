/**
 * The real server (`innsyn serve`, in this process) over a case built by the real readers, for
 * the timeline's browser tests and screenshots: the timeline, echoes and people routes are the
 * server's own, not a stand-in's.
 *
 * - `seed`: the seed scenario as bundled in demo/ (the X archive of @DonaldJTrumpJr with the
 *   DMs from @wikileaks and his posts, the posts of @realDonaldTrump, the June 2016 email chain).
 * - `demo`: the same and the generated 3,000-message mailbox of `innsyn demo` (src/demo/).
 * - `big`: the seed scenario and a generated mailbox of 10,000 messages over three years, to
 *   measure the page on a dense case (not used by the test suite: it takes a minute to build).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { buildDemo, DEMO_SEED_EXPORTS, DEMO_SEED_MBOX } from '../../src/demo/build-demo.js';
import { generateCorpus } from '../../src/demo/generate-corpus.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface TimelineCase {
  server: RunningServer;
  store: Store;
  close(): Promise<void>;
}

export async function startTimelineCase(kind: 'seed' | 'demo' | 'big', uiDir: string): Promise<TimelineCase> {
  const dir = await mkdtemp(path.join(tmpdir(), `innsyn-timeline-${kind}-`));
  const store = await openStore(path.join(dir, 'case.db'));
  if (kind === 'seed') {
    await ingest([...DEMO_SEED_EXPORTS, DEMO_SEED_MBOX], store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
  } else if (kind === 'demo') {
    await buildDemo(store, path.join(dir, 'files'));
  } else {
    const files = path.join(dir, 'files');
    const mbox = await generateCorpus({ messages: 10_000, seed: 2016, format: 'mbox', dir: files });
    await ingest([...DEMO_SEED_EXPORTS, DEMO_SEED_MBOX, mbox.path], store);
    await rebuildThreads(store);
    await store.rebuildPeople();
  }
  const server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir, log: () => {} });
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
