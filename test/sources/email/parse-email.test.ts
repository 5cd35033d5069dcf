import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/shared.js';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import { parseEmail } from '../../../src/sources/email/index.js';

const LOCATION = { path: '/case/utf16.eml', member: null, offset: 0, length: 0 };

const fixture = (name: string): Buffer =>
  readFileSync(path.join(repoRoot, 'test', 'fixtures', 'email', name));
const mail = (s: string): Uint8Array => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

test('Email - windows-1252 body decodes 0x80-0x9F to € “ ” – … (not C1 controls)', () => {
  const p = parseEmail(fixture('windows-1252-trap.eml'));
  assert.equal(p.text.trim(), 'Price: 100 € “quoted” – dash…');
  assert.doesNotMatch(p.text, /[\u0080-\u009f]/);
  assert.deepEqual(p.flags, []);
});

test('Email - iso-8859-1 and latin1 labels decode as windows-1252 too', () => {
  for (const label of ['iso-8859-1', 'latin1', 'ISO_8859-1', 'cp1252']) {
    const p = parseEmail(
      mail(
        `Content-Type: text/plain; charset="${label}"\nContent-Transfer-Encoding: quoted-printable\n\n=80=93=94=96\n`,
      ),
    );
    assert.equal(p.text.trim(), '€“”–', label);
  }
});

test('Email - undeclared 8-bit Latin-1 body falls back to windows-1252 and is flagged', () => {
  const p = parseEmail(fixture('undeclared-latin1.eml'));
  assert.equal(p.text.trim(), 'Blåbærsyltetøy på brød.');
  assert.ok(p.flags.includes('charset-fallback:windows-1252'), p.flags.join());
});

test('Email - undeclared or us-ascii 8-bit body that is valid UTF-8 is read as UTF-8, unflagged', () => {
  const p = parseEmail(
    Buffer.concat([Buffer.from('Content-Type: text/plain; charset=us-ascii\n\n'), Buffer.from('æøå €\n')]),
  );
  assert.equal(p.text.trim(), 'æøå €');
  assert.ok(!p.flags.some((f) => f.startsWith('charset-')), p.flags.join());
});

test('Email - declared utf-8 that is Latin-1 falls back to windows-1252 and is flagged', () => {
  const p = parseEmail(
    Buffer.concat([
      Buffer.from('Content-Type: text/plain; charset=utf-8\n\n'),
      Buffer.from([0x66, 0xf8, 0x72, 0x20, 0x93, 0x78, 0x94]),
    ]),
  );
  assert.equal(p.text, 'før “x”');
  assert.ok(p.flags.includes('charset-fallback:windows-1252'));
});

test('Email - raw 8-bit bytes in headers: UTF-8 if valid, else windows-1252, flagged header-8bit', () => {
  const utf8 = parseEmail(
    Buffer.from('Subject: Møte i morgen\nFrom: Åse Ås <ase@example.no>\n\nx\n', 'utf8'),
  );
  assert.equal(utf8.subject, 'Møte i morgen');
  assert.equal(utf8.from[0]?.name, 'Åse Ås');
  assert.ok(utf8.flags.includes('header-8bit'));
  const latin = parseEmail(Buffer.from('Subject: M\xf8te\nFrom: \xc5se <ase@example.no>\n\nx\n', 'latin1'));
  assert.equal(latin.subject, 'Møte');
  assert.equal(latin.from[0]?.name, 'Åse');
  assert.ok(latin.flags.includes('charset-fallback:windows-1252'));
});

test('Email - Norwegian æøå in ISO-8859-1 Q-encoded, folded subject and names', () => {
  const p = parseEmail(fixture('norwegian-subject.eml'));
  assert.equal(p.subject, 'Blåbærsyltetøy og æøå');
  assert.deepEqual(p.from, [{ name: 'Jørgen Ærlig', address: 'jorgen@example.no', group: null }]);
  assert.deepEqual(p.to, [{ name: 'Åse', address: 'ase@example.no', group: null }]);
});

test('Email - RFC 2231 UTF-8 file name, with continuations, on a base64 attachment', () => {
  const p = parseEmail(fixture('rfc2231-filename.eml'));
  assert.equal(p.text.trim(), 'Se vedlegg.');
  assert.equal(p.attachments.length, 1);
  const a = p.attachments[0]!;
  assert.equal(a.filename, 'ærlig søknad.pdf');
  assert.equal(a.contentType, 'application/pdf');
  assert.equal(a.disposition, 'attachment');
});

test('Email - HTML-only mail: html kept, text converted (scripts, styles, head dropped; entities decoded)', () => {
  const p = parseEmail(fixture('html-only.eml'));
  assert.ok(p.html?.includes('<h1>Nyheter</h1>'));
  const lines = p.text.split('\n').filter((l) => l.trim() !== '');
  assert.deepEqual(lines, ['Nyheter', 'Første avsnitt & mer.', 'Andre', 'linje', 'Pris: 5€ – ☺']);
  assert.doesNotMatch(p.text, /alert|color: red|Ignore me|comment/);
});

test('Email - multipart/alternative: plain for text, HTML for html', () => {
  const p = parseEmail(
    mail(
      'Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain\n\nplain version\n--alt\nContent-Type: text/html\n\n<p>html <b>version</b></p>\n--alt--\n',
    ),
  );
  assert.equal(p.text, 'plain version');
  assert.equal(p.html, '<p>html <b>version</b></p>');
  assert.deepEqual(p.attachments, []);
});

test('Email - a blank plain alternative beside HTML: text comes from the HTML, flagged', () => {
  const p = parseEmail(
    mail(
      'Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain\n\n \n--alt\nContent-Type: text/html\n\n<p>the real text</p>\n--alt--\n',
    ),
  );
  assert.equal(p.text, 'the real text');
  assert.ok(p.flags.includes('text-from-html'));
});

test('Email - attached message/rfc822 is one attachment and its own attachment follows it', () => {
  const p = parseEmail(fixture('attached-message.eml'));
  assert.equal(p.text.trim(), 'See the forwarded message.');
  assert.deepEqual(
    p.attachments.map((a) => [a.contentType, a.filename]),
    [
      ['message/rfc822', 'original.eml'],
      ['application/pdf', 'report.pdf'],
    ],
  );
  const inner = parseEmail(p.attachments[0]!.content);
  assert.equal(inner.subject, 'Original message');
  assert.equal(inner.text.trim(), 'Inner body text.');
  assert.equal(p.attachments[1]!.sha256, inner.attachments[0]!.sha256);
});

test('Email - base64 attachment: decoded bytes, size and sha256 match the original file', () => {
  const original = fixture('attachment.pdf');
  const p = parseEmail(fixture('base64-attachment.eml'));
  assert.equal(p.attachments.length, 1);
  const a = p.attachments[0]!;
  assert.equal(a.size, original.length);
  assert.equal(a.sha256, createHash('sha256').update(original).digest('hex'));
  assert.deepEqual(Buffer.from(a.content), original);
  assert.equal(a.filename, 'data.pdf');
});

test('Email - headers are kept in order, unfolded, raw, names as written', () => {
  const p = parseEmail(mail('X-First: 1\nsubject: =?utf-8?q?a?=\n  b\nX-Last:\n\nbody\n'));
  assert.deepEqual(p.headers, [
    { name: 'X-First', value: '1' },
    { name: 'subject', value: '=?utf-8?q?a?=  b' },
    { name: 'X-Last', value: '' },
  ]);
  assert.equal(p.subject, 'a  b');
});

test('Email - ids, date and address fields', () => {
  const p = parseEmail(
    mail(
      [
        'Message-ID: <abc@x.example>',
        'In-Reply-To: <p1@x.example> (Mary)',
        'References: <p0@x.example>\n <p1@x.example>',
        'Date: Mon, 3 Jun 2016 10:36:00 -0400 (EDT)',
        'Sender: s@x.example',
        'Reply-To: "R" <r@x.example>',
        'Cc: a@x.example, B <b@x.example>',
        'Bcc: Undisclosed recipients:;',
        '',
        'x',
      ].join('\n'),
    ),
  );
  assert.equal(p.messageId, 'abc@x.example');
  assert.deepEqual(p.inReplyTo, ['p1@x.example']);
  assert.deepEqual(p.references, ['p0@x.example', 'p1@x.example']);
  assert.deepEqual(p.date, { utc: '2016-06-03T14:36:00.000Z', offsetMinutes: -240 });
  assert.deepEqual(p.sender, [{ name: null, address: 's@x.example', group: null }]);
  assert.deepEqual(p.replyTo, [{ name: 'R', address: 'r@x.example', group: null }]);
  assert.equal(p.cc.length, 2);
  assert.deepEqual(p.bcc, [{ name: null, address: null, group: 'Undisclosed recipients' }]);
});

test('Email - unparseable date is null and flagged date-unparsed', () => {
  const p = parseEmail(mail('Date: sometime last week\n\nx\n'));
  assert.equal(p.date, null);
  assert.ok(p.flags.includes('date-unparsed'));
});

test('Email - not mail at all gives no headers (the ingest quarantines it)', () => {
  const p = parseEmail(Buffer.from('%PDF-1.4\nbinary stuff\n'));
  assert.deepEqual(p.headers, []);
  assert.equal(p.subject, null);
});

test('Email - an indented first line is a field (header-repaired); in a MIME part it is body', () => {
  // enmime's low-quality/bad-header-start.raw, shortened.
  const p = parseEmail(mail(' From: James <james@example.com>\nSubject: plain text\n\nbody\n'));
  assert.deepEqual([p.from[0]?.address, p.subject, p.text], ['james@example.com', 'plain text', 'body\n']);
  assert.ok(p.flags.includes('header-repaired'));
  const part = parseEmail(
    mail(
      'Subject: parts\nContent-Type: multipart/mixed; boundary=B\n\n--B\n  Note: indented text\n\nmore\n--B--\n',
    ),
  );
  assert.equal(part.text, '  Note: indented text\n\nmore');
  assert.ok(!part.flags.includes('header-repaired'));
  // Indented prose is still not mail.
  assert.deepEqual(parseEmail(mail('  just some text\n')).headers, []);
});

test('Email - an mbox From_ line before the headers is skipped', () => {
  const p = parseEmail(mail('From someone@example.com Mon Jun  3 10:36:00 2016\nSubject: hi\n\nbody\n'));
  assert.equal(p.subject, 'hi');
  assert.equal(p.text, 'body\n');
});

test('Email - invalid limit options are a usage error, not a silent default', () => {
  assert.throws(() => parseEmail(mail('\n'), { maxDepth: 0 }), /maxDepth/);
  assert.throws(() => parseEmail(mail('\n'), { maxParts: 1.5 }), /maxParts/);
});

test('Email - with two Content-Type fields the last wins and the item is flagged', () => {
  const raw = Buffer.from(
    'From: a@example.org\r\nSubject: two types\r\nContent-Type: multipart/mixed; boundary=x\r\nContent-Type: text/plain\r\n\r\n--x\r\nhidden part\r\n--x--\r\n',
  );
  const p = parseEmail(raw);
  assert.ok(p.flags.includes('header-duplicate:content-type'));
  assert.match(p.text, /--x\n?hidden part/);
});

test('Email - bare utf-16 in little-endian order is read so, and the id hashes the text as read before', () => {
  const body = Buffer.from('<p>Hei på deg, ærlig talt</p>', 'utf16le');
  const raw = Buffer.from(
    'From: a@example.org\r\nSubject: utf-16\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: text/html; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${body.toString('base64')}\r\n`,
  );
  const p = parseEmail(raw);
  assert.equal(p.text, 'Hei på deg, ærlig talt');
  assert.match(p.html ?? '', /<p>Hei på deg/);
  assert.ok(p.flags.includes('charset-utf16-guessed:little-endian'));
  // Big-endian, as innsyn read it before: what the id is made of, so the mail keeps its id.
  assert.equal(p.textAsWritten, new TextDecoder('utf-16be').decode(body));
  const item = emailToItem(p, { type: 'message', format: 'rfc822', bytes: raw, location: LOCATION });
  const before = emailToItem(
    { ...p, text: p.textAsWritten as string, textAsWritten: null },
    { type: 'message', format: 'rfc822', bytes: raw, location: LOCATION },
  );
  assert.ok(item.ok && before.ok);
  assert.equal(item.item.id, before.item.id);
  assert.equal(item.item.text, 'Hei på deg, ærlig talt');
  // With a byte-order mark, or big-endian, nothing is guessed and nothing kept apart.
  const bom = raw
    .toString()
    .replace(body.toString('base64'), Buffer.concat([Buffer.from([0xff, 0xfe]), body]).toString('base64'));
  assert.equal(parseEmail(Buffer.from(bom)).textAsWritten, null);
  assert.equal(parseEmail(Buffer.from(bom)).text, 'Hei på deg, ærlig talt');
});

test('Email - the text of <noscript> and inline SVG is read; the id hashes the text as read before', () => {
  const raw = Buffer.from(
    'From: a@example.org\r\nSubject: shown\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n' +
      '<p>Open text</p><noscript>Hidden only from scripts: quokkaword</noscript>' +
      '<svg><text>Chart label zebraword</text></svg>\r\n',
  );
  const p = parseEmail(raw);
  assert.match(p.text, /quokkaword/);
  assert.match(p.text, /zebraword/);
  assert.equal(p.textAsWritten, 'Open text');
  const message = { type: 'message', format: 'rfc822', bytes: raw, location: LOCATION } as const;
  const item = emailToItem(p, message);
  const before = emailToItem({ ...p, text: 'Open text', textAsWritten: null }, message);
  assert.ok(item.ok && before.ok);
  assert.equal(item.item.id, before.item.id);
  // HTML without either reads as before: nothing kept apart.
  const plain = parseEmail(Buffer.from(raw.toString().replace(/<noscript>.*<\/svg>/, '')));
  assert.equal(plain.textAsWritten, null);
});
