/**
 * A real store for the chat view's browser tests, filled by the real ingest (the readers of
 * issue 4, not hand-built items): the seed scenario's X archive (DMs and the son's posts), the
 * father's public posts, the seed email chain, and Telegram's two samples from the
 * chat-analytics corpus: a two-person DM and a 20-person group of 5,475 messages; and a small
 * hostile Telegram DM and a three-post channel of our own (fixtures/).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
import type { SourceRecord } from '../../src/store/index.js';
import { sharedPath } from '../helpers/shared.js';
import type { FixtureCorpus } from './fixture-corpus.js';

/** A Telegram DM written for these tests: hostile text, a reply, a long message, a sticker. */
export const HOSTILE_TELEGRAM = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'telegram-hostile-dm.json',
);

/** A Telegram channel of three posts written for these tests: a feed, not a reply chain. */
export const TELEGRAM_CHANNEL = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'telegram-channel.json',
);

export const SEED = sharedPath('fixtures/seed-scenario');
export const TELEGRAM = sharedPath('corpora/chat-analytics/tests/samples/telegram');
/** Messages in the big Telegram sample, as its name (BIG_20A_5475M) and its JSON say. */
export const BIG_GROUP_MESSAGES = 5475;

/** Why the chat tests cannot run here, or false. */
export const chatCorpusSkip: string | false = SEED.skip || TELEGRAM.skip;

export async function buildChatCorpus(): Promise<FixtureCorpus> {
  const store = await openStore(':memory:');
  const inputs = [
    path.join(SEED.path, 'DonaldJTrumpJr-x-archive'),
    path.join(SEED.path, 'realDonaldTrump-public-posts.csv'),
    path.join(SEED.path, 'DonaldJTrumpJr-mail.mbox'),
    path.join(TELEGRAM.path, 'DM_2A_7M.json'),
    path.join(TELEGRAM.path, 'BIG_20A_5475M.json'),
    HOSTILE_TELEGRAM,
    TELEGRAM_CHANNEL,
  ];
  const report = await ingest(inputs, store, { workers: 0 });
  await rebuildThreads(store);
  const sources: SourceRecord[] = report.inputs.map((r) => ({
    path: r.path,
    size: r.bytes,
    mtimeMs: Date.UTC(2024, 0, 15, 9, 30),
    state: 'complete',
    read: r.read,
    stored: r.stored,
    duplicates: r.duplicates,
    quarantined: r.quarantined,
  }));
  return { store, sources };
}
