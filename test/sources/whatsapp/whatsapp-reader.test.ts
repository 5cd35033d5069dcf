import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExportRecord } from '../../../src/model/export-record.js';
import { sha256Hex } from '../../../src/model/ids.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { memoryTree, type ExportTree } from '../../../src/sources/export/export-tree.js';
import { zipTree } from '../../../src/sources/export/zip-tree.js';
import {
  isWhatsAppExport,
  isWhatsAppText,
  readWhatsAppExport,
  type WhatsAppLimits,
} from '../../../src/sources/whatsapp/index.js';
import { repoRoot, sharedPath } from '../../helpers/shared.js';

type Out = ExportRecord | UnreadableInput;

const samples = sharedPath('corpora/chat-analytics/tests/samples/whatsapp');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'whatsapp');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 0xff, 0xd9]);

async function collect(tree: ExportTree, options?: Partial<WhatsAppLimits>): Promise<Out[]> {
  const out: Out[] = [];
  for await (const r of readWhatsAppExport(tree, options)) out.push(r);
  return out;
}

const exported = (out: Out[]): ExportRecord[] => out.filter((r): r is ExportRecord => r.type === 'export');
const unreadables = (out: Out[]): UnreadableInput[] =>
  out.filter((r): r is UnreadableInput => r.type === 'unreadable');

/** A lone .txt, wrapped in a tree the way the ingest wraps a single file. */
function txtTree(name: string, content: string | Uint8Array = fixture(name)): ExportTree {
  return memoryTree(`/cases/${name}`, { [name]: content });
}

/** Compact view of a record: [sentAt, from, text, flags]. */
function row(r: ExportRecord): [string | null, string | null, string, string[]] {
  return [r.draft.sentAt, r.draft.from?.name ?? null, r.draft.text, r.draft.flags];
}

/** Records and unreadables tile the file: each one's bytes are exactly its place in the file. */
function assertTiles(out: Out[], file: Uint8Array, from = 0): void {
  let pos = from;
  for (const r of out) {
    assert.equal(r.location.offset, pos, 'no gap and no overlap');
    assert.deepEqual(Buffer.from(file.subarray(pos, pos + r.location.length)), Buffer.from(r.bytes));
    pos += r.location.length;
  }
  assert.equal(pos, file.length, 'the last record ends at the end of the file');
}

void describe('WhatsApp reader - chat-analytics samples', () => {
  void it(
    'WhatsApp samples - 2A_5M.txt: 5 messages by 2 authors, a DM, dates flagged ambiguous',
    { skip: samples.skip },
    async () => {
      const file = readFileSync(path.join(samples.path, '2A_5M.txt'));
      const tree = memoryTree(path.join(samples.path, '2A_5M.txt'), { '2A_5M.txt': file });
      assert.equal(await isWhatsAppExport(tree), true);
      const out = await collect(tree);
      assertTiles(out, file);
      const recs = exported(out);
      assert.equal(recs.length, 5);
      assert.equal(new Set(recs.map((r) => r.draft.from?.address)).size, 2);
      // "1/1/21": both fields ≤ 12 everywhere, so the file cannot tell; day-first, flagged.
      assert.ok(
        recs.every(
          (r) => r.draft.flags.includes('date-ambiguous') && r.draft.flags.includes('date-local-no-timezone'),
        ),
      );
      assert.deepEqual(recs.map(row)[3], [
        '2021-01-01T12:03:00.000Z',
        'B',
        '',
        ['date-local-no-timezone', 'date-ambiguous', 'media-omitted'],
      ]);
      assert.deepEqual(recs[3]?.draft.attachments, [
        { name: null, contentType: 'application/octet-stream', member: null, size: null, sha256: null },
      ]);
      // File order is kept, even where the times go backwards.
      assert.equal(recs[4]?.draft.text, 'This message should be reordered');
      assert.equal(recs[4]?.draft.sentAt, '2021-01-01T12:02:00.000Z');
      const conv = recs[0]?.draft.conversation;
      assert.deepEqual([conv?.nativeId, conv?.type, conv?.title], ['2A_5M', 'dm', null]);
      assert.deepEqual(
        recs[0]?.draft.to.map((p) => p.address),
        ['B'],
      );
    },
  );

  void it(
    'WhatsApp samples - 4A_11M.txt and its .zip: 11 messages, 3 system notices, the same from both',
    { skip: samples.skip },
    async () => {
      const file = readFileSync(path.join(samples.path, '4A_11M.txt'));
      const fromTxt = await collect(
        memoryTree(path.join(samples.path, '4A_11M.txt'), { '4A_11M.txt': file }),
      );
      assertTiles(fromTxt, file);
      const zipPath = path.join(samples.path, '4A_11M.zip');
      const zipped = await zipTree(zipPath);
      assert.deepEqual(zipped.list(), ['_chat.txt']);
      assert.equal(await isWhatsAppExport(zipped), true);
      const fromZip = await collect(zipped);
      for (const out of [fromTxt, fromZip]) {
        const recs = exported(out);
        assert.equal(unreadables(out).length, 0);
        const system = recs.filter((r) => r.draft.flags.includes('system'));
        const messages = recs.filter((r) => !r.draft.flags.includes('system'));
        assert.equal(messages.length, 11);
        assert.deepEqual(
          system.map((r) => [r.draft.from, r.draft.text.slice(0, 20)]),
          [
            [null, 'Messages and calls a'],
            [null, 'Alice created group '],
            [null, 'Alice added you'],
          ],
        );
        // The file name says 4 authors; the file has five distinct senders (Bob, Eve, Alice,
        // Mallory, Trent), which is what is reported.
        const senders = [...new Set(messages.map((r) => r.draft.from?.name))];
        assert.deepEqual(senders, ['Bob', 'Eve', 'Alice', 'Mallory', 'Trent']);
        assert.equal(recs[0]?.draft.conversation?.type, 'group');
        assert.equal(
          recs[0]?.draft.conversation?.nativeId,
          '4A_11M',
          'iOS-style _chat.txt takes its name from the zip',
        );
        assert.equal(messages[9]?.draft.text, 'im still mallory');
      }
      // CRLF in the zip, LF in the .txt: the same messages, the same ids.
      assert.deepEqual(
        exported(fromZip).map((r) => r.draft.nativeId),
        exported(fromTxt).map((r) => r.draft.nativeId),
      );
      assert.equal(exported(fromZip)[3]?.bytes.at(-2), 0x0d);
    },
  );
});

void describe('WhatsApp reader - layouts and locales', () => {
  void it('WhatsApp Android 24h day-first - messages, multi-line, notices, media, edits, deletions', async () => {
    const name = 'WhatsApp Chat with Kari Holm.txt';
    const file = fixture(name);
    const tree = memoryTree('/cases/WhatsApp Chat with Kari Holm.zip', {
      [name]: file,
      'IMG-20161012-WA0001.jpg': JPEG,
    });
    const out = await collect(tree);
    assertTiles(out, file);
    const recs = exported(out);
    const base = ['date-local-no-timezone'];
    assert.deepEqual(recs.map(row), [
      [
        '2016-10-12T14:31:00.000Z',
        null,
        'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
        [...base, 'system'],
      ],
      ['2016-10-12T14:31:00.000Z', 'Ola Nordmann', 'Did you see this?', base],
      [
        '2016-10-12T14:35:00.000Z',
        'Kari Holm',
        'Yes, it is here:\nhttps://example.org/leak\n\nand it is big',
        base,
      ],
      ['2016-10-12T14:40:00.000Z', 'Ola Nordmann', 'The first page', base],
      ['2016-10-12T14:41:00.000Z', 'Kari Holm', '', [...base, 'attachment-missing:VID-20161012-WA0002.mp4']],
      ['2016-10-12T14:42:00.000Z', 'Kari Holm', '', [...base, 'media-omitted']],
      ['2016-10-13T09:00:00.000Z', 'Ola Nordmann', '', [...base, 'deleted']],
      ['2016-10-13T09:01:00.000Z', 'Kari Holm', 'Publish tonight?', [...base, 'edited']],
      ['2016-10-13T09:01:00.000Z', 'Kari Holm', 'ok', base],
      ['2016-10-13T09:01:00.000Z', 'Kari Holm', 'ok', base],
    ]);
    assert.deepEqual(recs[3]?.draft.attachments, [
      {
        name: 'IMG-20161012-WA0001.jpg',
        contentType: 'image/jpeg',
        member: 'IMG-20161012-WA0001.jpg',
        size: JPEG.length,
        sha256: sha256Hex(JPEG),
      },
    ]);
    assert.deepEqual(recs[4]?.draft.attachments, [
      {
        name: 'VID-20161012-WA0002.mp4',
        contentType: 'video/mp4',
        member: 'VID-20161012-WA0002.mp4',
        size: null,
        sha256: null,
      },
    ]);
    const conv = recs[1]?.draft.conversation;
    assert.deepEqual(conv, {
      nativeId: 'Kari Holm',
      type: 'dm',
      title: 'Kari Holm',
      participants: [
        { platform: 'whatsapp', address: 'Ola Nordmann', handle: null, name: 'Ola Nordmann' },
        { platform: 'whatsapp', address: 'Kari Holm', handle: null, name: 'Kari Holm' },
      ],
    });
    assert.deepEqual(
      recs[1]?.draft.to.map((p) => p.name),
      ['Kari Holm'],
    );
    assert.deepEqual(recs[0]?.draft.to, []);
    for (const r of recs) {
      assert.equal(r.draft.kind, 'message');
      assert.equal(r.draft.platform, 'whatsapp');
      assert.equal(r.draft.visibility, 'private');
      assert.equal(r.draft.tzOffset, null);
      assert.equal(r.location.member, name);
      assert.equal(r.location.path, '/cases/WhatsApp Chat with Kari Holm.zip');
    }
    // The multi-line message: its bytes are its four lines.
    assert.equal(
      Buffer.from(recs[2]?.bytes ?? []).toString(),
      '12/10/2016, 14:35 - Kari Holm: Yes, it is here:\nhttps://example.org/leak\n\nand it is big\n',
    );
    // Two identical messages in the same minute: the occurrence counter keeps them apart.
    const okHash = sha256Hex('ok').slice(0, 16);
    assert.deepEqual(
      recs.slice(8).map((r) => r.draft.nativeId),
      [
        `Kari Holm|2016-10-13T09:01:00|Kari Holm|${okHash}|1`,
        `Kari Holm|2016-10-13T09:01:00|Kari Holm|${okHash}|2`,
      ],
    );
    // Reading again gives the same ids.
    assert.deepEqual(
      exported(await collect(tree)).map((r) => r.draft.nativeId),
      recs.map((r) => r.draft.nativeId),
    );
  });

  void it('WhatsApp iOS group 12h month-first - brackets, U+200E and U+202F, CRLF, the group named on its notices', async () => {
    const file = fixture('ios-group/_chat.txt');
    const photo = '00000004-PHOTO-2016-10-13-09-02-00.jpg';
    const tree = memoryTree('/cases/WhatsApp Chat - Leak team.zip', { '_chat.txt': file, [photo]: JPEG });
    assert.equal(await isWhatsAppExport(tree), true);
    const out = await collect(tree);
    assertTiles(out, file);
    const recs = exported(out);
    const base = ['date-local-no-timezone'];
    assert.deepEqual(recs.map(row), [
      [
        '2016-10-13T09:00:00.000Z',
        null,
        'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
        [...base, 'system'],
      ],
      ['2016-10-13T09:00:05.000Z', null, 'Ola Nordmann created group “Leak team”', [...base, 'system']],
      ['2016-10-13T09:00:06.000Z', null, 'Ola Nordmann added Kari Holm', [...base, 'system']],
      ['2016-10-13T09:01:00.000Z', 'Per Berg', 'hello team', base],
      ['2016-10-13T09:02:00.000Z', 'Kari Holm', '', base],
      ['2016-10-13T09:03:00.000Z', 'Ola Nordmann', 'two\nlines', base],
      ['2016-10-13T09:04:00.000Z', 'Per Berg', '', [...base, 'media-omitted']],
      ['2016-10-13T09:05:00.000Z', 'Kari Holm', '', [...base, 'media-omitted']],
      ['2016-10-13T12:30:00.000Z', 'Ola Nordmann', 'Missed voice call', [...base, 'system']],
      ['2016-10-13T13:15:00.000Z', 'Per Berg', '', [...base, 'deleted']],
    ]);
    assert.deepEqual(recs[4]?.draft.attachments, [
      { name: photo, contentType: 'image/jpeg', member: photo, size: JPEG.length, sha256: sha256Hex(JPEG) },
    ]);
    assert.deepEqual(recs[6]?.draft.attachments[0]?.contentType, 'image/jpeg');
    assert.deepEqual(recs[7]?.draft.attachments[0]?.name, 'Report.pdf');
    const conv = recs[0]?.draft.conversation;
    assert.deepEqual(
      [conv?.nativeId, conv?.type, conv?.title, conv?.participants.map((p) => p.name)],
      ['Leak team', 'group', 'Leak team', ['Per Berg', 'Kari Holm', 'Ola Nordmann']],
    );
    assert.deepEqual(
      recs[3]?.draft.to.map((p) => p.name),
      ['Kari Holm', 'Ola Nordmann'],
    );
    // Without the zip's name the group's own name on its notices still titles it.
    const bare = exported(await collect(memoryTree('/cases/_chat.txt', { '_chat.txt': file })));
    assert.deepEqual(
      [bare[0]?.draft.conversation?.title, bare[0]?.draft.conversation?.nativeId],
      ['Leak team', '_chat'],
    );
    assert.ok(bare[4]?.draft.flags.includes(`attachment-missing:${photo}`));
  });

  void it('WhatsApp Norwegian - dotted day-first dates, 24h clock, a BOM, æøå, <Media utelatt>', async () => {
    const name = 'WhatsApp Chat med Per Berg.txt';
    const file = fixture(name);
    const out = await collect(txtTree(name, file));
    assertTiles(out, file, 3);
    const recs = exported(out);
    const base = ['date-local-no-timezone'];
    assert.deepEqual(recs.map(row), [
      [
        '2016-10-14T08:00:00.000Z',
        null,
        'Meldinger og anrop er ende-til-ende-krypterte. Ingen utenfor denne chatten, ikke engang WhatsApp, kan lese eller lytte til dem. Trykk for å lære mer.',
        [...base, 'system'],
      ],
      ['2016-10-14T08:01:00.000Z', 'Per Berg', 'Hei! Har du sett dokumentene?', base],
      ['2016-10-14T08:05:00.000Z', 'Ola Nordmann', 'Ja, jeg har lest dem. Blåbærsyltetøy og æøå.', base],
      ['2016-10-14T08:06:00.000Z', 'Ola Nordmann', '', [...base, 'media-omitted']],
      ['2016-10-15T21:45:00.000Z', 'Per Berg', 'Vi snakkes i morgen', base],
    ]);
    assert.deepEqual(
      [recs[1]?.draft.conversation?.title, recs[1]?.draft.conversation?.type],
      ['Per Berg', 'dm'],
    );
  });

  void it('WhatsApp German 2-digit years - a file that never tells the order is day-first and flagged', async () => {
    const name = 'WhatsApp Chat mit Anna.txt';
    const recs = exported(await collect(txtTree(name)));
    const flags = ['date-local-no-timezone', 'date-ambiguous'];
    assert.deepEqual(recs.map(row), [
      ['2020-11-03T19:02:00.000Z', 'Anna', 'Hallo', flags],
      ['2020-11-03T19:03:00.000Z', 'Ben', '', [...flags, 'attachment-missing:IMG-20201103-WA0003.jpg']],
      ['2020-11-03T19:04:00.000Z', 'Anna', '', [...flags, 'deleted']],
      ['2020-11-04T07:15:00.000Z', 'Ben', 'Guten Morgen', flags],
    ]);
    assert.equal(recs[0]?.draft.conversation?.title, 'Anna');
  });

  void it('WhatsApp 12h Android, ambiguous - AM/PM (U+202F too) read, 12 AM is midnight, day-first flagged', async () => {
    const recs = exported(await collect(txtTree('WhatsApp Chat with Sam.txt')));
    const flags = ['date-local-no-timezone', 'date-ambiguous'];
    assert.deepEqual(recs.map(row), [
      ['2021-02-01T21:05:00.000Z', 'Sam', 'hi, are you there?', flags],
      ['2021-02-01T21:06:00.000Z', 'Alex', 'yes', flags],
      ['2021-02-01T00:00:00.000Z', 'Sam', 'midnight? no, noon is 12 PM', flags],
      ['2021-03-01T12:15:00.000Z', 'Alex', 'noon', flags],
    ]);
  });

  void it('WhatsApp Spanish - "p. m." and "a.m." clocks, a file name with an accent', async () => {
    const recs = exported(await collect(txtTree('Chat de WhatsApp con Lucía.txt')));
    assert.deepEqual(
      recs.map((r) => [r.draft.sentAt, r.draft.from?.name, r.draft.flags]),
      [
        ['2020-12-25T21:05:00.000Z', 'Lucía', ['date-local-no-timezone']],
        ['2020-12-25T00:00:00.000Z', 'Marco', ['date-local-no-timezone']],
        ['2020-12-26T10:30:00.000Z', 'Lucía', ['date-local-no-timezone']],
      ],
    );
    assert.equal(recs[0]?.draft.conversation?.nativeId, 'Lucía');
  });

  void it('WhatsApp month-first decided by the file, and year-first dates', async () => {
    const us = '12/25/20, 9:05 PM - A: x\n1/2/21, 10:00 AM - B: y\n';
    const recs = exported(await collect(txtTree('us.txt', us)));
    assert.deepEqual(
      recs.map((r) => [r.draft.sentAt, r.draft.flags]),
      [
        ['2020-12-25T21:05:00.000Z', ['date-local-no-timezone']],
        ['2021-01-02T10:00:00.000Z', ['date-local-no-timezone']],
      ],
    );
    const iso = exported(
      await collect(txtTree('iso.txt', '2021-02-03, 10:00 - A: x\n2021-02-04, 11:30 - B: y\n')),
    );
    assert.deepEqual(
      iso.map((r) => [r.draft.sentAt, r.draft.flags]),
      [
        ['2021-02-03T10:00:00.000Z', ['date-local-no-timezone']],
        ['2021-02-04T11:30:00.000Z', ['date-local-no-timezone']],
      ],
    );
  });

  void it('WhatsApp iOS 24h day-first - seconds, phone-number senders in bidi marks, a caption-less attachment', async () => {
    const text = [
      '[25/12/2020, 21:05:09] \u202a+47 912 34 567\u202c: God jul!',
      '\u200e[25/12/2020, 21:06:10] Kari: \u200e<attached: 00000002-PHOTO-2020-12-25-21-06-10.jpg>',
      '[26/12/2020, 08:00:00] \u202a+47 912 34 567\u202c: takk',
      '',
    ].join('\n');
    const recs = exported(await collect(txtTree('WhatsApp Chat - Kari.txt', text)));
    assert.deepEqual(
      recs.map((r) => [r.draft.sentAt, r.draft.from?.address, r.draft.text, r.draft.flags]),
      [
        ['2020-12-25T21:05:09.000Z', '+47 912 34 567', 'God jul!', ['date-local-no-timezone']],
        [
          '2020-12-25T21:06:10.000Z',
          'Kari',
          '',
          ['date-local-no-timezone', 'attachment-missing:00000002-PHOTO-2020-12-25-21-06-10.jpg'],
        ],
        ['2020-12-26T08:00:00.000Z', '+47 912 34 567', 'takk', ['date-local-no-timezone']],
      ],
    );
    assert.deepEqual([recs[0]?.draft.conversation?.title, recs[0]?.draft.conversation?.type], ['Kari', 'dm']);
  });

  void it('WhatsApp one-way DM - only one person wrote: a DM with the person of the file name', async () => {
    const recs = exported(
      await collect(
        txtTree(
          'WhatsApp Chat with Bob.txt',
          '13/1/21, 10:00 - Alice: hello?\n14/1/21, 10:00 - Alice: anyone?\n',
        ),
      ),
    );
    const conv = recs[0]?.draft.conversation;
    assert.deepEqual([conv?.type, conv?.participants.map((p) => p.name)], ['dm', ['Alice', 'Bob']]);
    assert.deepEqual(
      recs[0]?.draft.to.map((p) => p.name),
      ['Bob'],
    );
    assert.ok(recs[0]?.draft.flags.includes('participant-from-file-name'));
    // An iOS group where one person wrote is still a group: its notices say so.
    const lrm = '\u200e';
    const group = [
      `${lrm}[13/01/2021, 10:00:00] Leak team: ${lrm}Alice created group “Leak team”`,
      '[13/01/2021, 10:01:00] Alice: anyone?',
      '',
    ].join('\n');
    const iosGroup = exported(await collect(txtTree('WhatsApp Chat - Leak team.txt', group)));
    assert.deepEqual(
      [
        iosGroup[1]?.draft.conversation?.type,
        iosGroup[1]?.draft.conversation?.participants.map((p) => p.name),
      ],
      ['group', ['Alice']],
    );
    const three = exported(
      await collect(
        txtTree('x.txt', '13/1/21, 10:00 - A: a\n13/1/21, 10:01 - B: b\n13/1/21, 10:02 - C: c\n'),
      ),
    );
    assert.equal(three[0]?.draft.conversation?.type, 'group');
  });
});

void describe('WhatsApp reader - hostile and broken files', () => {
  void it('WhatsApp hostile - lines before the first message are reported with their line numbers', async () => {
    const text = '\nExported by a tool\nnotes: none\n13/1/21, 10:00 - A: hi\ncontinued\n';
    const file = new TextEncoder().encode(text);
    const out = await collect(txtTree('pasted.txt', file));
    assertTiles(out, file, 1);
    const bad = unreadables(out);
    assert.equal(bad.length, 1);
    assert.match(
      bad[0]?.reason ?? '',
      /\/cases\/pasted\.txt, member pasted\.txt, byte 1, lines 2–3: no WhatsApp message starts here/,
    );
    assert.deepEqual(
      exported(out).map((r) => r.draft.text),
      ['hi\ncontinued'],
    );
  });

  void it('WhatsApp hostile - a message past maxMessageBytes keeps its start; the rest is reported', async () => {
    const text = `13/1/21, 10:00 - A: start\n${'x'.repeat(50)}\n${'y'.repeat(50)}\n13/1/21, 10:01 - B: next\n`;
    const file = new TextEncoder().encode(text);
    const out = await collect(txtTree('long.txt', file), { maxMessageBytes: 100 });
    assertTiles(out, file);
    assert.deepEqual(
      out.map((r) => r.type),
      ['export', 'unreadable', 'export'],
    );
    assert.match(
      unreadables(out)[0]?.reason ?? '',
      /line 3: continue the message of line 1 past the limit maxMessageBytes \(100\)/,
    );
  });

  void it('WhatsApp hostile - conflicting dates, impossible dates, invalid UTF-8, UTF-16, paths out of the export', async () => {
    const text =
      '13/01/2021, 10:00 - A: x\n14/01/2021, 10:00 - B: y\n01/13/2021, 10:00 - A: z\n31/02/2021, 10:00 - B: ../../etc/passwd (file attached)\n';
    const bytes = Buffer.from(text.replace(' z', ' z\u0001'));
    bytes[bytes.indexOf(1)] = 0xfe;
    const recs = exported(await collect(txtTree('mixed.txt', bytes)));
    assert.deepEqual(
      recs.map((r) => [r.draft.sentAt, r.draft.dateSource, r.draft.flags]),
      [
        ['2021-01-13T10:00:00.000Z', 'export', ['date-local-no-timezone', 'date-order-conflict']],
        ['2021-01-14T10:00:00.000Z', 'export', ['date-local-no-timezone', 'date-order-conflict']],
        [null, 'unknown', ['date-invalid', 'utf8-repaired']],
        [null, 'unknown', ['date-invalid']],
      ],
    );
    assert.equal(recs[2]?.draft.text, 'z\ufffd');
    assert.match(recs[2]?.draft.nativeId ?? '', /^mixed\|01\/13\/2021 10:00\|A\|/);
    assert.deepEqual(recs[3]?.draft.attachments, [], 'a path out of the export is never looked up');
    assert.equal(recs[3]?.draft.text, '../../etc/passwd (file attached)');

    const utf16 = await collect(
      txtTree('WhatsApp Chat with X.txt', Buffer.from('\ufeff13/1/21, 10:00 - A: hi\n', 'utf16le')),
    );
    assert.match(unreadables(utf16)[0]?.reason ?? '', /UTF-16 text.*convert it to UTF-8/);
  });

  void it('WhatsApp hostile - a chat .txt sent as a document inside the zip is not a second chat', async () => {
    const name = 'WhatsApp Chat with Kari Holm.txt';
    const tree = memoryTree('/cases/export.zip', {
      [name]: fixture(name),
      'forwarded.txt': '13/1/21, 10:00 - Someone: a chat someone shared\n',
    });
    const out = await collect(tree);
    assert.equal(out.length, 10);
    assert.ok(out.every((r) => r.location.member === name));
  });

  void it('WhatsApp hostile - recognising chats, and trees without one', async () => {
    assert.equal(isWhatsAppText('chat.txt', fixture('WhatsApp Chat with Kari Holm.txt')), true);
    assert.equal(isWhatsAppText('_chat.txt', fixture('ios-group/_chat.txt')), true);
    assert.equal(isWhatsAppText('chat.csv', fixture('WhatsApp Chat with Kari Holm.txt')), false);
    assert.equal(
      isWhatsAppText('notes.txt', new TextEncoder().encode('Shopping list\n- milk\n- 12/10/2016 bread\n')),
      false,
    );
    assert.equal(isWhatsAppText('result.txt', new TextEncoder().encode('{"name": "x"}')), false);
    const notes = memoryTree('/cases/folder', { 'a.txt': 'just notes\n', 'b.txt': 'more notes\n' });
    assert.equal(await isWhatsAppExport(notes), false);
    const none = await collect(notes);
    assert.equal(none.length, 1);
    assert.match(unreadables(none)[0]?.reason ?? '', /no WhatsApp chat/);
    // A lone .txt is read even when it does not look like a chat: its lines come back unreadable.
    const lone = await collect(txtTree('notes.txt', 'just notes\nnothing else\n'));
    assert.deepEqual(
      lone.map((r) => r.type),
      ['unreadable'],
    );
    assert.match(unreadables(lone)[0]?.reason ?? '', /lines 1–2: no WhatsApp message starts here/);
    await assert.rejects(
      readWhatsAppExport(notes, { maxRecipients: -1 }).next(),
      /maxRecipients must be a positive integer/,
    );
  });

  it('a group of more than 100 others is read as a channel: its messages to nobody, flagged limit:to', async () => {
    const chat = (speakers: number) =>
      Array.from(
        { length: speakers },
        (_, i) => `12/10/2016, 14:${String(i % 60).padStart(2, '0')} - Person ${i}: hello ${i}\n`,
      ).join('');
    const big = exported(await collect(txtTree('WhatsApp Chat with Big Group.txt', chat(102))));
    assert.equal(big.length, 102);
    for (const r of big) {
      assert.deepEqual(r.draft.to, []);
      assert.ok(r.draft.flags.includes('limit:to'));
    }
    // 101 speakers: each message to the 100 others.
    const small = exported(await collect(txtTree('WhatsApp Chat with Group.txt', chat(101))));
    assert.equal(small.at(-1)?.draft.to.length, 100);
    assert.ok(!small.some((r) => r.draft.flags.includes('limit:to')));
  });
});
