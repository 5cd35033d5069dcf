import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailToItem } from '../../src/ingest/email-to-item.js';
import type { Item, RawMessage } from '../../src/model/index.js';
import { readMbox } from '../../src/sources/containers/index.js';
import { parseEmail } from '../../src/sources/email/index.js';
import { chunked, collect } from '../sources/containers/collect.js';

/**
 * Where an email's date comes from when its Date header is missing or unreadable (the
 * HyperKitty test mails resent-date.txt, unixfrom-date.txt and bad_date_tz.txt, written
 * again here): Resent-Date, then the newest Received header, then the mbox separator line,
 * then the file's time.
 */

const where = { path: '/cases/list.mbox', member: null };

async function itemsOfMbox(mbox: string, chunk = 7): Promise<Item[]> {
  const records = await collect(readMbox(chunked(Buffer.from(mbox, 'latin1'), chunk), where));
  return records.map((r) => {
    assert.equal(r.type, 'message');
    const raw = r as RawMessage;
    const out = emailToItem(parseEmail(raw.bytes), raw);
    assert.ok(out.ok);
    return out.item;
  });
}

const dated = (i: Item) => [i.sentAt, i.tzOffset, i.dateSource, i.flags.filter((f) => f.startsWith('date'))];

void describe('Email dates', () => {
  void it("Email dates - the mbox reader keeps each message's separator line", async () => {
    const mbox =
      '\ufeffFrom a@x.org  Mon Nov  9 21:54:11 1999\r\nSubject: one\r\n\r\nbody\r\n\r\n' +
      'From b@x.org Tue Nov 10 08:00:00 1999\r\nSubject: two\r\n\r\nbody\r\n';
    for (const chunk of [3, 64, 4096]) {
      const records = await collect(readMbox(chunked(Buffer.from(mbox, 'utf8'), chunk), where));
      assert.deepEqual(
        records.map((r) => (r as RawMessage).postmark),
        ['From a@x.org  Mon Nov  9 21:54:11 1999', 'From b@x.org Tue Nov 10 08:00:00 1999'],
      );
    }
  });

  void it('Email dates - Resent-Date, then Received, then the mbox separator line', async () => {
    const items = await itemsOfMbox(
      [
        'From zzz@example.com  Mon Nov  9 21:54:11 1999',
        'Message-ID: <msg@id>',
        'From: "Some One" <zzz@example.com>',
        'Resent-Date: Mon, 8 Nov 1999 20:53:05 -0600',
        'Subject: resent',
        '',
        'This should be dated 8 Nov 1999',
        '',
        'From zzz@example.com  Mon Nov  9 21:54:11 1999',
        'Received: from a by b; Tue, 9 Nov 1999 22:00:01 +0100 (CET)',
        'From: "Some One" <zzz@example.com>',
        'Subject: received',
        '',
        'Dated by its Received header',
        '',
        'From zzz@example.com  Mon Nov  9 21:54:11 1999',
        'From: "Some One" <zzz@example.com>',
        'Subject: postmark',
        '',
        'Dated 9 Nov 1999 by the separator line',
        '',
        'From MAILER-DAEMON Thu Jan  1 00:00:00 1970',
        'From: "Some One" <zzz@example.com>',
        'Subject: epoch',
        '',
        'No date at all',
        '',
      ].join('\n'),
    );
    assert.deepEqual(items.map(dated), [
      ['1999-11-09T02:53:05.000Z', -360, 'header', ['date-from-resent-date']],
      ['1999-11-09T21:00:01.000Z', null, 'received', ['date-from-received']],
      ['1999-11-09T21:54:11.000Z', null, 'received', ['date-from-mbox-postmark']],
      [null, null, 'unknown', []],
    ]);
  });

  void it('Email dates - a Date with a zone that is no offset is read, and flagged', async () => {
    const [item] = await itemsOfMbox(
      'From x  Wed Dec  1 00:56:19 1999\nFrom: user@example.com\n' +
        'Date: Tue, 30 Nov 1999 23:56:33 -3000 (CST)\nSubject: bad zone\n\nmsg1\n',
    );
    assert.deepEqual(dated(item as Item), [
      '1999-12-01T05:56:33.000Z',
      -360,
      'header',
      ['date-zone-invalid'],
    ]);
    // Its id is the one it had when such a Date was unreadable: as if it had none.
    const [unreadable] = await itemsOfMbox(
      'From x  Wed Dec  1 00:56:19 1999\nFrom: user@example.com\n' +
        'Date: sometime\nSubject: bad zone\n\nmsg1\n',
    );
    assert.equal(item?.id, unreadable?.id);
  });

  void it('Email dates - a Date far from the delivery time is kept and flagged', async () => {
    const received = 'Received: from a by b; Fri,  4 Oct 2002 09:06:02 -0700 (PDT)\n';
    const one = (date: string, extra = '') =>
      `From x  Fri Oct  4 16:06:19 2002\n${received}${extra}From: a@b.no\nDate: ${date}\nSubject: s\n\nbody ${date}\n\n`;
    const items = await itemsOfMbox(
      // The SpamAssassin ham mail with a clock 26 years ahead; a month and a half before;
      // three hours after (a wrong time zone, no more); resent mail (its Received is the resending's).
      one('Wed, 04 Oct 2028 12:05:01 -0400') +
        one('Mon, 19 Aug 2002 09:00:00 -0700') +
        one('Fri, 4 Oct 2002 15:06:02 -0400') +
        one('Mon, 19 Aug 2002 09:00:00 -0700', 'Resent-Date: Fri, 4 Oct 2002 09:00:00 -0700\n') +
        // Sent in August, imported into this mailbox in October: the oldest Received counts.
        one('Mon, 19 Aug 2002 09:00:00 -0700', 'Received: from c by d; Mon, 19 Aug 2002 09:00:40 -0700\n'),
    );
    assert.deepEqual(items.map(dated), [
      ['2028-10-04T16:05:01.000Z', -240, 'header', ['date-after-received']],
      ['2002-08-19T16:00:00.000Z', -420, 'header', ['date-before-received']],
      ['2002-10-04T19:06:02.000Z', -240, 'header', []],
      ['2002-08-19T16:00:00.000Z', -420, 'header', []],
      ['2002-08-19T16:00:00.000Z', -420, 'header', []],
    ]);
  });

  void it('Email dates - a Date header that reads wins, and a file without one falls back to its time', () => {
    const raw = (s: string, mtime?: Date): RawMessage => ({
      type: 'message',
      format: 'rfc822',
      bytes: Buffer.from(s),
      location: { path: '/cases/a.eml', member: null, offset: 0, length: s.length },
      postmark: 'From x Mon Nov  9 21:54:11 1999',
      ...(mtime ? { mtime } : {}),
    });
    const item = (r: RawMessage): Item => {
      const out = emailToItem(parseEmail(r.bytes), r);
      assert.ok(out.ok);
      return out.item;
    };
    const withDate =
      'Date: Tue, 1 Jul 2003 10:52:37 +0200\nResent-Date: Mon, 8 Nov 1999 20:53:05 -0600\nSubject: a\n\nx\n';
    assert.deepEqual(dated(item(raw(withDate))), ['2003-07-01T08:52:37.000Z', 120, 'header', []]);
    const mtime = new Date('2020-02-02T02:02:02Z');
    const unparsed = { ...raw('Date: sometime\nSubject: a\n\nx\n', mtime) };
    delete unparsed.postmark;
    assert.deepEqual(dated(item(unparsed)), [
      '2020-02-02T02:02:02.000Z',
      null,
      'file-mtime',
      ['date-unparsed', 'date-from-file-mtime'],
    ]);
  });
});
