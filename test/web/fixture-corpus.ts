/**
 * A real store filled with the seed scenario (../shared/fixtures/seed-scenario) and a small
 * hostile mailbox, for the UI's throwaway fixture server. Emails go through the real ingest;
 * the X archive and the CSV of public posts have no reader yet, so their items are built here
 * from the export files the way a reader would (platform 'x', DM private, posts public).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { ingest } from '../../src/ingest/index.js';
import type { Identity, Item } from '../../src/model/index.js';
import { contentId, sha256Hex } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import type { SourceRecord, Store } from '../../src/store/index.js';
import { generateItems } from '../store/generate-items.js';
import { sharedPath } from '../helpers/shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const HOSTILE_MBOX = path.join(here, 'fixtures', 'hostile.mbox');

export interface FixtureCorpus {
  store: Store;
  sources: SourceRecord[];
}

interface DmRecord {
  messageCreate: {
    id: string;
    senderId: string;
    recipientId: string;
    text: string;
    createdAt: string;
    urls: Array<{ expanded?: string }>;
  };
}

interface TweetRecord {
  tweet: {
    id_str: string;
    created_at: string;
    full_text: string;
    lang?: string;
    entities?: { urls?: Array<{ expanded_url?: string }>; user_mentions?: Array<{ screen_name?: string }> };
  };
}

/** `window.YTD.x.part0 = [...]`: the JSON after the first '='. */
function parseYtd<T>(text: string): T[] {
  return JSON.parse(text.slice(text.indexOf('=') + 1)) as T[];
}

function xIdentity(handle: string, name: string | null): Identity {
  return { platform: 'x', address: handle.toLowerCase(), name };
}

function baseItem(
  over: Partial<Item> & Pick<Item, 'id' | 'kind' | 'platform' | 'visibility' | 'location'>,
): Item {
  return {
    sentAt: null,
    tzOffset: 0,
    dateSource: 'export',
    from: null,
    to: [],
    cc: [],
    bcc: [],
    subject: null,
    text: '',
    html: null,
    lang: 'en',
    links: [],
    mentions: [],
    attachments: [],
    messageId: null,
    inReplyTo: null,
    references: [],
    conversationId: null,
    replyTo: null,
    flags: [],
    ...over,
  };
}

function located(file: string, index: number, raw: Uint8Array) {
  return { path: file, member: null, offset: index, length: raw.byteLength, sha256: sha256Hex(raw) };
}

async function seedItems(dir: string): Promise<Array<{ item: Item; raw: Uint8Array }>> {
  const out: Array<{ item: Item; raw: Uint8Array }> = [];
  const enc = new TextEncoder();
  const son = xIdentity('DonaldJTrumpJr', 'Donald Trump Jr.');
  // The DM export names the other party by account id only; the handle comes from a mention.
  const people: Record<string, Identity> = {
    '39344374': son,
    '16589206': xIdentity('wikileaks', 'WikiLeaks'),
  };

  const dmFile = path.join(dir, 'DonaldJTrumpJr-x-archive/data/direct-messages.js');
  const dms = parseYtd<{ dmConversation: { conversationId: string; messages: DmRecord[] } }>(
    await readFile(dmFile, 'utf8'),
  );
  let i = 0;
  for (const conv of dms) {
    for (const m of conv.dmConversation.messages) {
      const c = m.messageCreate;
      const raw = enc.encode(JSON.stringify(m));
      const links = [...c.text.matchAll(/https?:\/\/\S+|\b[a-z0-9-]+\.(?:tk|com|org)\b\/?/g)].map(
        (x) => x[0],
      );
      out.push({
        raw,
        item: baseItem({
          id: contentId(['x', c.id]),
          kind: 'message',
          platform: 'x',
          visibility: 'private',
          sentAt: new Date(c.createdAt).toISOString(),
          from: people[c.senderId] ?? xIdentity(c.senderId, null),
          to: [people[c.recipientId] ?? xIdentity(c.recipientId, null)],
          text: c.text,
          links,
          conversationId: contentId(['x-dm', conv.dmConversation.conversationId]),
          location: located(dmFile, i++, raw),
        }),
      });
    }
  }

  const tweetFile = path.join(dir, 'DonaldJTrumpJr-x-archive/data/tweets.js');
  i = 0;
  for (const t of parseYtd<TweetRecord>(await readFile(tweetFile, 'utf8'))) {
    const tw = t.tweet;
    const raw = enc.encode(JSON.stringify(t));
    out.push({
      raw,
      item: baseItem({
        id: contentId(['x', tw.id_str]),
        kind: 'post',
        platform: 'x',
        visibility: 'public',
        sentAt: new Date(tw.created_at).toISOString(),
        from: son,
        text: tw.full_text,
        lang: tw.lang ?? null,
        links: (tw.entities?.urls ?? []).flatMap((u) => (u.expanded_url ? [u.expanded_url] : [])),
        mentions: (tw.entities?.user_mentions ?? []).flatMap((u) => (u.screen_name ? [u.screen_name] : [])),
        location: located(tweetFile, i++, raw),
      }),
    });
  }

  const csvFile = path.join(dir, 'realDonaldTrump-public-posts.csv');
  const lines = (await readFile(csvFile, 'utf8')).split('\n').slice(1).filter(Boolean);
  i = 0;
  for (const line of lines) {
    // id,created_at,author_handle,author_name,text,url: the fixture's texts hold no commas in quotes.
    const cols = line.split(',');
    const [id, created, handle, name] = cols;
    const url = cols[cols.length - 1] ?? '';
    const text = cols.slice(4, -1).join(',');
    const raw = enc.encode(line);
    out.push({
      raw,
      item: baseItem({
        id: contentId(['x', id ?? String(i)]),
        kind: 'post',
        platform: 'x',
        visibility: 'public',
        sentAt: new Date((created ?? '').replace(' ', 'T')).toISOString(),
        from: xIdentity(handle ?? '', name ?? ''),
        text,
        links: [url],
        location: located(csvFile, i++, raw),
      }),
    });
  }
  return out;
}

/**
 * Opens an in-memory store with the seed scenario and the hostile mailbox; with `bulk`, adds
 * that many generated items (test/store/generate-items.ts) to see the UI at scale.
 */
export async function buildFixtureCorpus(options: { bulk?: number } = {}): Promise<FixtureCorpus> {
  const seed = sharedPath('fixtures/seed-scenario');
  const store = await openStore(':memory:');
  const mboxes = [HOSTILE_MBOX];
  if (!seed.skip) mboxes.push(path.join(seed.path, 'DonaldJTrumpJr-mail.mbox'));
  const report = await ingest(mboxes, store, { workers: 0 });
  if (!seed.skip) await store.writeBatch({ items: await seedItems(seed.path), quarantine: [] });
  // One quarantined record, so that the sources page has something to show.
  const bad = new TextEncoder().encode('From nobody\n\x00\x00 not a message');
  await store.writeBatch({
    items: [],
    quarantine: [
      {
        location: {
          path: '/evidence/broken.mbox',
          member: null,
          offset: 0,
          length: bad.byteLength,
          sha256: sha256Hex(bad),
        },
        reason: 'no header block: the record starts with binary data (NUL at byte 12)',
        bytes: bad,
      },
    ],
  });
  if (options.bulk) {
    let batch: Array<{ item: Item; raw: Uint8Array }> = [];
    for (const g of generateItems(options.bulk, 7)) {
      batch.push(g);
      if (batch.length === 1000) {
        await store.writeBatch({ items: batch, quarantine: [] });
        batch = [];
      }
    }
    if (batch.length) await store.writeBatch({ items: batch, quarantine: [] });
  }
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
