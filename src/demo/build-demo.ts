import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuildThreads } from '../analysis/rebuild-threads.js';
import { ingest, type IngestProgress, type IngestReport } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import { generateCorpus } from './generate-corpus.js';

/** The package root, from src/demo (tsx) or dist/demo (built): the bundled demo/ folder is beside it. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The email chain of the seed scenario (../shared/fixtures/seed-scenario), bundled with innsyn. */
export const DEMO_SEED_MBOX = path.join(packageRoot, 'demo', 'DonaldJTrumpJr-mail.mbox');
/** The rest of the seed scenario: the son's X archive and the father's public posts. */
export const DEMO_SEED_EXPORTS = [
  path.join(packageRoot, 'demo', 'DonaldJTrumpJr-x-archive'),
  path.join(packageRoot, 'demo', 'realDonaldTrump-public-posts.csv'),
];

/** Messages in the generated mailbox beside the seed chain: enough to make search, facets and threads meaningful. */
export const DEMO_GENERATED_MESSAGES = 3000;
/** Fixed, so every machine builds the same demo case with the same ids. */
const DEMO_SEED = 2016;

/**
 * Builds the demo case into `store`: the seed scenario's email chain and a generated mailbox
 * (written once into `filesDir`, so every item's provenance points at a file that exists).
 * Idempotent: building again adds nothing.
 */
export async function buildDemo(
  store: Store,
  filesDir: string,
  onProgress?: (p: IngestProgress) => void,
): Promise<{ report: IngestReport; threads: number }> {
  const generatedDir = path.join(filesDir, `generated-${DEMO_GENERATED_MESSAGES}-seed${DEMO_SEED}-documents`);
  const mbox = path.join(generatedDir, 'corpus.mbox');
  if (!existsSync(mbox)) {
    mkdirSync(generatedDir, { recursive: true });
    await generateCorpus({
      messages: DEMO_GENERATED_MESSAGES,
      seed: DEMO_SEED,
      format: 'mbox',
      dir: generatedDir,
      documents: 'real',
    });
  }
  const report = await ingest([DEMO_SEED_MBOX, ...DEMO_SEED_EXPORTS, mbox], store, { onProgress });
  const threads = await rebuildThreads(store);
  await store.rebuildPeople();
  return { report, threads };
}

/** Searches that show what innsyn does, on the demo case. */
export const DEMO_SEARCHES: ReadonlyArray<{ query: string; what: string }> = [
  { query: 'from:wikileaks tax', what: 'the direct message asking for the tax returns' },
  { query: 'link:wlsearch.tk', what: 'the link sent in a DM, and the public post that shared it' },
  { query: 'is:public wikileaks', what: 'public posts that name WikiLeaks' },
  { query: 'date:2016-06 meeting', what: 'the June 2016 emails about the meeting' },
  { query: 'from:goldstone', what: 'everything Rob Goldstone sent' },
  { query: '"private and confidential"', what: 'an exact phrase' },
  { query: 'participant:kushner OR participant:manafort', what: 'the two people the forward brought in' },
  { query: 'møtene', what: 'Norwegian stemming: finds møte, møtet, møtene' },
  { query: 'lang:no budsjett -subject:sv', what: 'Norwegian mail about the budget that is not a reply' },
  { query: 'has:attachment filename:pdf', what: 'messages with PDF attachments' },
  { query: 'type:document attachment:kommunestyret', what: 'a word inside attached Word files' },
  { query: 'regjer* date:2022', what: 'a prefix, within one year' },
];
