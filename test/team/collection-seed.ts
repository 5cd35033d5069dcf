/**
 * A collection of a team database filled with two small emails (one HTML, one plain text, each
 * with a text attachment, the second a reply to the first), every word of them marked with
 * `word`, so that tests can tell the collections' answers apart.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** One mbox message with a text attachment; `word` is in the body, the subject and the attachment. */
function mail(n: number, word: string, from: string, inReplyTo: string | null): string {
  const attachment = Buffer.from(`Attached notes about ${word} number ${n}.\n`).toString('base64');
  return [
    `From ${from} Mon Oct 10 12:0${n}:00 2016`,
    `From: ${word} Sender <${from}>`,
    'To: Desk <desk@news.example>',
    `Subject: ${word} report ${n}`,
    `Date: Mon, 1${n} Oct 2016 12:00:00 +0000`,
    `Message-ID: <${word}-${n}@example.org>`,
    ...(inReplyTo === null ? [] : [`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`]),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    // The first one as HTML (for /api/items/:id/html), the second as plain text.
    `Content-Type: text/${n === 1 ? 'html' : 'plain'}; charset=utf-8`,
    '',
    n === 1
      ? `<p>The <b>${word}</b> pipeline is leaking, report ${n}.</p>`
      : `The ${word} pipeline is leaking, report ${n}.`,
    '--b1',
    `Content-Type: text/plain; name="${word}-${n}.txt"`,
    `Content-Disposition: attachment; filename="${word}-${n}.txt"`,
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--b1--',
    '',
  ].join('\n');
}

export interface Seed {
  word: string;
  sender: string;
  ids: string[];
  threadId: string;
  sha256: string;
  personKey: string;
}

export async function seedCollection(
  url: string,
  collection: string,
  dir: string,
  word: string,
  sender: string,
): Promise<Seed> {
  const file = path.join(dir, `${collection}.mbox`);
  await writeFile(file, mail(1, word, sender, null) + mail(2, word, sender, `${word}-1@example.org`));
  const store: Store = await openStore(url, { collection });
  try {
    await ingest([file], store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    const found = await store.search(parseQuery(word), { limit: 10, offset: 0, sort: 'date-asc' });
    assert.equal(found.total, 2, `seeded ${collection}`);
    const ids = found.items.map((i) => i.id);
    const first = await store.getItem(ids[0] as string);
    const sha256 = first?.attachments[0]?.sha256 ?? '';
    assert.match(sha256, /^[0-9a-f]{64}$/);
    const threadId = found.items.find((i) => i.conversationId !== null)?.conversationId ?? '';
    assert.notEqual(threadId, '');
    return { word, sender, ids, threadId, sha256, personKey: `email:${sender}` };
  } finally {
    await store.close();
  }
}
