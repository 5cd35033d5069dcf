import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { outlookToItem } from '../../src/ingest/outlook-to-item.js';
import type { Item, RawMessage } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore } from '../../src/store/index.js';
import type { OutlookAddress, OutlookItem } from '../../src/sources/outlook/outlook-item.js';
import { outlookItem } from '../sources/outlook/outlook-item-fixture.js';
import { encodePstItem } from '../../src/sources/outlook/pst-item-json.js';

/**
 * Outlook mail whose sender has a name but no usable address. EDRM's Enron PSTs (the enron.pst
 * of pst-extractor's tests: 13 of its 71 items) keep Exchange mail with transport headers that
 * say `from: Moore`, the X.500 address cut off, and sender properties that repeat the name where
 * the address goes; Outlook can keep a sender with a name only. Such mail showed no sender and
 * `from:moore` found none of it. Now the sender is the properties' (or the name alone), and the
 * id stays the one the mail had: a reporter's links to it keep working.
 */
function itemOf(o: OutlookItem): Item {
  const folder = 'Top of Personal Folders/lokay-m/Personal';
  const bytes = encodePstItem(o, folder, 2099300);
  const raw: RawMessage & { format: 'outlook-pst' } = {
    type: 'message',
    format: 'outlook-pst',
    bytes,
    location: { path: '/evidence/enron.pst', member: `${folder}#2099300`, offset: 0, length: bytes.length },
  };
  const r = outlookToItem(raw);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.item;
}

const stored = (name: string, address: string | null, addressType: string | null): OutlookAddress => ({
  name,
  address,
  addressType,
});

/** As the Enron PSTs hold it: the From header a bare name, the properties the name twice. */
const enronStyle = outlookItem({
  subject: 'Rose Rec',
  sender: stored('Moore', 'Moore', 'SMTP'),
  representing: stored('Moore', 'Moore', 'SMTP'),
  recipients: [{ name: 'Lokay', address: 'Lokay', addressType: 'SMTP', type: 'to' }],
  submitTime: '2001-10-24T15:08:00.000Z',
  transportHeaders:
    'date: Wed, 24 Oct 2001 08:08:00 -0700 (PDT)\r\nMessage-ID: <ROSEREC@zlsvr22>\r\nfrom: Moore\r\n' +
    'to: Lokay\r\nsubject: Rose Rec\r\n',
  body: 'Michelle, the rose rec is attached.',
});

/** No transport headers (a sent item) and a sender with a name only. */
const nameOnly = outlookItem({
  subject: 'Accomplishments for Year 2001',
  sender: stored('Goradia', null, null),
  recipients: [{ name: 'Michelle Lokay', address: 'mlokay@enron.example', addressType: 'SMTP', type: 'to' }],
  submitTime: '2001-05-10T12:00:00.000Z',
  body: 'As of 05/10.',
});

/** An Exchange sender known by its X.500 address, no SMTP: it was the sender already. */
const exchange = outlookItem({
  subject: 'TW Weekly Report',
  sender: stored('Michelle Lokay', '/O=ENRON/OU=NA/CN=RECIPIENTS/CN=MLOKAY', 'EX'),
  submitTime: '2001-10-26T12:00:00.000Z',
  body: 'Weekly report.',
});

describe('Outlook senders with a name and no usable address', () => {
  test("Outlook senders - a From header with a name only: the sender is the properties' one, the id as before", () => {
    const item = itemOf(enronStyle);
    assert.deepEqual(item.from, { platform: 'email', address: 'moore', name: 'Moore' });
    assert.ok(item.flags.includes('from-address-from-properties'));
    // The id innsyn gave this mail before it read such senders (it hashes the From as read then).
    assert.equal(item.id, 'e74b95d9af0d562392562df42c48da31');
  });

  test('Outlook senders - a sender property with a name only: the name stands for the address, the id as before', () => {
    const item = itemOf(nameOnly);
    assert.deepEqual(item.from, { platform: 'email', address: 'goradia', name: 'Goradia' });
    assert.ok(item.flags.includes('from-name-only'));
    assert.equal(item.id, '071202e811b5001d7fdc0d60e709e6a1');
  });

  test('Outlook senders - an Exchange address without SMTP was the sender already, and is unchanged', () => {
    const item = itemOf(exchange);
    assert.deepEqual(item.from, {
      platform: 'email',
      address: '/o=enron/ou=na/cn=recipients/cn=mlokay',
      name: 'Michelle Lokay',
    });
    assert.ok(!item.flags.some((f) => f.startsWith('from-')));
  });

  test('Outlook senders - a contact has no sender, name or not', () => {
    const item = itemOf(
      outlookItem({ messageClass: 'IPM.Contact', subject: 'Moore', sender: stored('Moore', null, null) }),
    );
    assert.equal(item.from, null);
  });

  test('Outlook senders - from: finds them by name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-outlook-senders-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore(path.join(dir, 'case.db'));
    try {
      const items = [enronStyle, nameOnly, exchange].map((o) => itemOf(o));
      await store.writeBatch({
        items: items.map((item) => ({ item, raw: new Uint8Array(0) })),
        quarantine: [],
      });
      const hits = async (q: string): Promise<Array<string | null>> =>
        (await store.search(parseQuery(q), { limit: 10, offset: 0, sort: 'date' })).items.map(
          (i) => i.subject,
        );
      assert.deepEqual(await hits('from:moore'), ['Rose Rec']);
      assert.deepEqual(await hits('from:goradia'), ['Accomplishments for Year 2001']);
      assert.deepEqual(await hits('from:lokay'), ['TW Weekly Report']);
    } finally {
      await store.close();
    }
  });
});
