/**
 * Header text in charsets innsyn read wrongly before 2026-11-28, read right now, while the item
 * keeps the id it had (ids hash the subject, the senders and recipients without an address, and
 * the text: a reporter's permalinks, and a second ingest of the same mailbox, must find the same
 * items): Japanese subjects in several ISO-2022-JP words, Windows' charset names.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import type { RawMessage } from '../../../src/model/raw-record.js';
import { decodeEncodedWords } from '../../../src/sources/email/decode-encoded-words.js';
import { parseEmail } from '../../../src/sources/email/index.js';

const raw = (bytes: Buffer): RawMessage => ({
  type: 'message',
  format: 'rfc822',
  bytes,
  location: { path: '/case/header-charsets.eml', member: null, offset: 0, length: bytes.length },
});

/** The item of `bytes`, and the item it was before: the same parse with the fields as innsyn read them then. */
function itemAndBefore(bytes: Buffer, before: Partial<ReturnType<typeof parseEmail>>) {
  const parsed = parseEmail(bytes);
  const now = emailToItem(parsed, raw(bytes));
  const then = emailToItem({ ...parsed, headersAsBefore: null, textAsWritten: null, ...before }, raw(bytes));
  assert.ok(now.ok && then.ok);
  return { parsed, now: now.item, then: then.item };
}

/** A Japanese subject in two ISO-2022-JP words, each ending in ASCII as RFC 1468 asks (a real mailer's). */
const JP_SUBJECT =
  '=?iso-2022-jp?B?GyRCRnxLXDhsJE43b0w+IUolNSVWJTglJyUvJUghSyEhJTkbKEI=?=\r\n' +
  ' =?iso-2022-jp?B?GyRCJVElYCVhITwlayRHJE8kIiRqJF4kOyRzISobKEI=?=';

void test('Header charsets - a subject in several ISO-2022-JP words reads whole, without U+FFFD at the joins', () => {
  const subject = decodeEncodedWords(JP_SUBJECT.replace('\r\n', ''));
  assert.equal(subject, '日本語の件名（サブジェクト）　スパムメールではありません！');
  // As before (joined, then decoded): a U+FFFD where the words meet.
  assert.match(decodeEncodedWords(JP_SUBJECT.replace('\r\n', ''), new Set(), true), /ス\uFFFDパム/);
  // Other charsets still join their words as bytes: a UTF-8 character split over two words.
  assert.equal(decodeEncodedWords('=?utf-8?B?w6bDuA==?= =?utf-8?Q?=C3?= =?utf-8?Q?=A5?='), 'æøå');
  assert.equal(
    decodeEncodedWords('=?csISO2022JP?B?GyRCRnxLXBsoQg==?= =?csISO2022JP?B?GyRCOGwbKEI=?='),
    '日本語',
  );
});

void test('Header charsets - the mail of such a subject is found by its words and keeps the id it had', () => {
  const bytes = Buffer.from(
    `From: a@example.jp\r\nTo: b@example.jp\r\nSubject: ${JP_SUBJECT}\r\nDate: Tue, 1 Oct 2002 10:00:00 +0900\r\n\r\nbody\r\n`,
  );
  const { parsed, now, then } = itemAndBefore(bytes, {
    subject: decodeEncodedWords(JP_SUBJECT.replace('\r\n', ''), new Set(), true),
  });
  assert.equal(parsed.subject, '日本語の件名（サブジェクト）　スパムメールではありません！');
  assert.equal(now.subject, parsed.subject);
  assert.equal(now.id, then.id);
});

void test('Header charsets - text in a Windows charset name (CHINESEBIG5) reads as Big5, and the mail keeps the id it had', () => {
  const body = Buffer.from('a4a4a4e5', 'hex'); // 中文 in Big5
  const head =
    'From: a@example.tw\r\nTo: b@example.tw\r\nSubject: big5\r\nDate: Tue, 1 Oct 2002 10:00:00 +0800\r\n' +
    'Content-Type: text/plain; charset="CHINESEBIG5"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
  const bytes = Buffer.concat([Buffer.from(head), body, Buffer.from('\r\n')]);
  const parsed = parseEmail(bytes);
  assert.equal(parsed.text.trim(), '中文');
  assert.ok(parsed.flags.includes('charset-alias:chinesebig5'));
  // The same bytes under a label innsyn never knew read as they did before; so is the id made.
  const unknown = parseEmail(
    Buffer.from(bytes.toString('latin1').replace('CHINESEBIG5', 'x-nonesuch'), 'latin1'),
  );
  assert.equal(parsed.textAsWritten?.trim(), unknown.text.trim());
  const now = emailToItem(parsed, raw(bytes));
  const then = emailToItem(unknown, raw(bytes));
  assert.ok(now.ok && then.ok);
  assert.equal(now.item.id, then.item.id);
});

/** A message whose Subject and From name are raw bytes (no RFC 2047), its body in `charset`. */
function rawHeaderMail(subject: Buffer, name: Buffer, charset: string, multipart = false): Buffer {
  const parts: Array<Buffer | string> = [
    'Subject: ',
    subject,
    '\r\nFrom: ',
    name,
    ' <sender@example.kr>\r\n',
  ];
  parts.push('To: b@example.kr\r\nDate: Tue, 1 Oct 2002 10:00:00 +0900\r\nMIME-Version: 1.0\r\n');
  if (multipart) {
    parts.push('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n');
    parts.push(`Content-Type: text/plain; charset=${charset}\r\n\r\nbody\r\n--b--\r\n`);
  } else parts.push(`Content-Type: text/plain; charset=${charset}\r\n\r\nbody\r\n`);
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

void test('Header charsets - raw 8-bit header text is read in the charset the body declares, and the mail keeps its id', () => {
  // [광고]부동산정보 in EUC-KR; 홍길동 as the sender's name.
  const subject = Buffer.from('5bb1a4b0ed5dbaceb5bfbbeac1a4bab8', 'hex');
  const name = Buffer.from('c8abb1e6b5bf', 'hex');
  for (const multipart of [false, true]) {
    const bytes = rawHeaderMail(subject, name, 'euc-kr', multipart);
    const parsed = parseEmail(bytes);
    assert.equal(parsed.subject, '[광고]부동산정보', `multipart ${multipart}`);
    assert.equal(parsed.from[0]?.name, '홍길동');
    assert.ok(parsed.flags.includes('header-charset-from-body:euc-kr'));
    assert.ok(!parsed.flags.includes('charset-fallback:windows-1252'));
    assert.equal(parsed.headers.find((h) => h.name === 'Subject')?.value, parsed.subject);
    // As before: windows-1252 (what the id is made of).
    assert.equal(parsed.headersAsBefore?.subject, new TextDecoder('windows-1252').decode(subject));
    const { now, then } = itemAndBefore(bytes, {
      subject: parsed.headersAsBefore?.subject ?? null,
      from: parsed.headersAsBefore?.from ?? [],
    });
    assert.equal(now.id, then.id);
    assert.equal(now.subject, parsed.subject);
  }
});

void test('Header charsets - KOI8-R headers read as Russian; Latin-1 ones, and bytes the body charset cannot read, as before', () => {
  const koi = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]); // Привет
  const ru = parseEmail(rawHeaderMail(koi, Buffer.from('Ivan'), 'koi8-r'));
  assert.equal(ru.subject, 'Привет');
  // Latin-1 bodies: read as windows-1252 either way (no hint), flagged as before.
  const latin = parseEmail(
    rawHeaderMail(Buffer.from('Møte på fredag', 'latin1'), Buffer.from('Per'), 'iso-8859-1'),
  );
  assert.equal(latin.subject, 'Møte på fredag');
  assert.ok(latin.flags.includes('charset-fallback:windows-1252'));
  assert.equal(latin.headersAsBefore, null);
  // Shift_JIS declared, but the subject's bytes are not Shift_JIS: windows-1252, as before.
  const odd = parseEmail(rawHeaderMail(Buffer.from([0x81, 0x20, 0xe9]), Buffer.from('Per'), 'shift_jis'));
  assert.equal(odd.subject, new TextDecoder('windows-1252').decode(Uint8Array.from([0x81, 0x20, 0xe9])));
  assert.ok(odd.flags.includes('charset-fallback:windows-1252'));
  assert.equal(odd.headersAsBefore, null);
  // UTF-8 header bytes stay UTF-8 whatever the body says.
  const utf8 = parseEmail(rawHeaderMail(Buffer.from('Grüße', 'utf8'), Buffer.from('Per'), 'koi8-r'));
  assert.equal(utf8.subject, 'Grüße');
});

void test("Header charsets - Mailman archives' `user at example.org (Name)` is an address again; the mail keeps its id", () => {
  const bytes = Buffer.from(
    'From: vondruch at redhat.com (V\u00edt Ondruch)\r\nTo: Devel <devel at lists.fedoraproject.org>, ' +
      'meet at noon\r\nSubject: rubygems\r\nDate: Tue, 1 Oct 2013 10:00:00 +0200\r\n\r\nbody\r\n',
    'utf8',
  );
  const parsed = parseEmail(bytes);
  assert.deepEqual(parsed.from, [{ name: 'Vít Ondruch', address: 'vondruch@redhat.com', group: null }]);
  assert.deepEqual(parsed.to, [
    { name: 'Devel', address: 'devel@lists.fedoraproject.org', group: null },
    // Not a domain: a name as before.
    { name: 'meet at noon', address: null, group: null },
  ]);
  assert.ok(parsed.flags.includes('address-unobfuscated'));
  assert.deepEqual(parsed.headersAsBefore?.from, [
    { name: 'vondruch at redhat.com', address: null, group: null },
  ]);
  const { now, then } = itemAndBefore(bytes, {
    from: parsed.headersAsBefore?.from ?? [],
    to: parsed.headersAsBefore?.to ?? [],
  });
  assert.equal(now.id, then.id);
  assert.deepEqual(now.from, { platform: 'email', address: 'vondruch@redhat.com', name: 'Vít Ondruch' });
});

void test('Header charsets - a sender or recipient with a name and no address is kept, known by the name', () => {
  for (const [from, name] of [
    ['ClamAV', 'ClamAV'],
    ['Mail Delivery System <>', 'Mail Delivery System'],
    ['"Moore" <>', 'Moore'],
  ] as const) {
    const bytes = Buffer.from(`From: ${from}\r\nTo: Lokay, b@example.org\r\nSubject: x\r\n\r\nbody\r\n`);
    const { now, then } = itemAndBefore(bytes, {});
    assert.deepEqual(now.from, { platform: 'email', address: name.toLowerCase(), name });
    assert.deepEqual(
      now.to.map((p) => p.address),
      ['lokay', 'b@example.org'],
    );
    assert.equal(now.id, then.id, 'the id hashed the name before too');
  }
  // An address wins over a name: the first sender with an address is the sender.
  const both = itemAndBefore(Buffer.from('From: Somebody, real@example.org\r\nSubject: x\r\n\r\nb\r\n'), {});
  assert.equal(both.now.from?.address, 'real@example.org');
});

void test('Header charsets - a Date whose zone lost its sign is read east of UTC, and the mail keeps its id', () => {
  const bytes = Buffer.from(
    'From: a@example.in\r\nSubject: x\r\nDate: Mon, 12 Aug 2002 23:37:59 0530\r\n\r\nb\r\n',
  );
  const parsed = parseEmail(bytes);
  assert.ok(parsed.flags.includes('date-zone-unsigned'));
  const { now, then } = itemAndBefore(bytes, {
    date: { utc: '2002-08-12T23:37:59.000Z', offsetMinutes: 0 },
  });
  assert.equal(now.sentAt, '2002-08-12T18:07:59.000Z');
  assert.equal(now.id, then.id);
});

void test("Header charsets - raw header bytes in Big5 beside a body labelled with Windows' name for it (CHINESEBIG5)", () => {
  const subject = Buffer.from('a4a4a4e5b4fab8d5', 'hex'); // 中文測試
  const parsed = parseEmail(rawHeaderMail(subject, Buffer.from('Li'), '"CHINESEBIG5"'));
  assert.equal(parsed.subject, '中文測試');
  assert.ok(parsed.flags.includes('header-charset-from-body:chinesebig5'));
});

void test('Header charsets - an HTML body that names its charset only in <meta> lends it to raw header bytes', () => {
  const subject = Buffer.from('a4a4a4e5b4fab8d5', 'hex'); // 中文測試 in Big5
  const bytes = Buffer.concat([
    Buffer.from('Subject: '),
    subject,
    Buffer.from(
      '\r\nFrom: a@example.tw\r\nContent-Type: text/html\r\n\r\n' +
        '<html><head><META http-equiv=Content-Type content="text/html; charset=big5"></head><body>x</body></html>\r\n',
    ),
  ]);
  const parsed = parseEmail(bytes);
  assert.equal(parsed.subject, '中文測試');
  assert.ok(parsed.flags.includes('header-charset-from-body:big5'));
  const { now, then } = itemAndBefore(bytes, { subject: parsed.headersAsBefore?.subject ?? null });
  assert.equal(now.id, then.id);
});
