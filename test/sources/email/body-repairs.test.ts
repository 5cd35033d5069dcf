/**
 * Bodies that innsyn read wrongly before, found by an outside tester in mail from npm packages:
 * classic Mac OS line ends (a lone CR), a mailing-list footer after base64 data, a text/plain
 * alternative that holds the HTML source. Each keeps the id it had where innsyn stored it before
 * (the ids below were computed by `innsyn ingest` and `innsyn search --json` before the fixes),
 * except CR-only mail, which was stored empty and merged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/shared.js';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import type { ParsedEmail } from '../../../src/sources/email/index.js';

const fixture = (name: string): Buffer =>
  readFileSync(path.join(repoRoot, 'test', 'fixtures', 'email', name));
const idOf = (p: ParsedEmail, bytes: Uint8Array): string => {
  const o = emailToItem(p, {
    type: 'message',
    format: 'rfc822',
    bytes,
    location: { path: '/case/mail.eml', member: null, offset: 0, length: bytes.length },
  });
  assert.ok(o.ok);
  return o.item.id;
};

test('Email - CR line ends (classic Mac OS): fields, parts and text are read at each lone CR', () => {
  const raw = fixture('cr-line-ends.eml');
  const p = parseEmail(raw);
  assert.equal(p.subject, 'Mac mail, lines ended by CR');
  assert.deepEqual(
    p.from.map((a) => a.address),
    ['renee@example.org'],
  );
  assert.equal(p.date?.utc, '2002-08-22T11:46:18.000Z');
  assert.equal(p.messageId, 'cr-1@example.org');
  // Quoted-printable with a soft line break at a lone CR.
  assert.equal(p.text, 'Café au lait at ten, the minutes from Tuesday are attached.\nSecond line.');
  assert.deepEqual(p.flags, ['line-ends-cr']);
  // The binary part keeps its bytes as written, its own lone CRs too.
  assert.equal(p.attachments.length, 1);
  assert.equal(p.attachments[0]?.filename, 'data.bin');
  assert.deepEqual(
    Buffer.from(p.attachments[0]?.content ?? []),
    Buffer.from('\x00\x01\rbinary\r\x02', 'latin1'),
  );
  // So does a text file attached to such a message: its lines end as written.
  const withFile = parseEmail(
    Buffer.from(
      'From: a@example.org\rContent-Type: multipart/mixed; boundary=m\r\r--m\r\rHi\r--m\r' +
        'Content-Type: text/plain\rContent-Disposition: attachment; filename=notes.txt\r\rone\rtwo\r--m--\r',
      'latin1',
    ),
  );
  assert.equal(withFile.text, 'Hi');
  assert.equal(Buffer.from(withFile.attachments[0]?.content ?? []).toString('latin1'), 'one\rtwo');
});

test('Email - CR line ends: the same message with CR, LF or CRLF line ends is one item; two messages are two', () => {
  const cr = fixture('cr-line-ends.eml');
  // The attachment's own CRs are bytes, not line ends: only the lines around it are converted.
  const asLines = (nl: string): Buffer => {
    const s = cr.toString('latin1');
    const k = s.indexOf('\x00');
    const e = s.indexOf('\r--mac--');
    return Buffer.from(
      s.slice(0, k).replace(/\r/g, nl) + s.slice(k, e) + s.slice(e).replace(/\r/g, nl),
      'latin1',
    );
  };
  const id = idOf(parseEmail(cr), cr);
  for (const nl of ['\n', '\r\n']) {
    const other = asLines(nl);
    const p = parseEmail(other);
    assert.deepEqual(p.flags, [], JSON.stringify(nl));
    assert.equal(idOf(p, other), id, JSON.stringify(nl));
  }
  // Before, every CR-only message was one long header line: no subject, sender or text, one id.
  assert.notEqual(id, '6450740b3faded925c8af38e6ab81102');
  const second = Buffer.from(
    cr.toString('latin1').replace('Mac mail, lines', 'Another mail, lines'),
    'latin1',
  );
  assert.notEqual(idOf(parseEmail(second), second), id);
});

test('Email - mixed line ends (mailparser "Different line endings"): CR, LF and CRLF each end one line', () => {
  const p = parseEmail(
    Buffer.from(
      'Content-type: text/plain; charset=utf-8\rSubject: ÕÄÖÜ\n\r1234\r\nÕÄÖÜ\r\nÜÖÄÕ\n1234',
      'utf8',
    ),
  );
  assert.equal(p.subject, 'ÕÄÖÜ');
  assert.equal(p.text, '1234\nÕÄÖÜ\nÜÖÄÕ\n1234');
  assert.deepEqual(p.flags, ['line-ends-cr', 'header-8bit']);
});

test('Email - stray CRs in a CRLF or LF message are not line ends', () => {
  // A lone CR inside the first line, not followed by a field: the message keeps its line ends.
  const stray = Buffer.from(
    'Subject: half\rway\r\nFrom: a@example.org\r\n\r\nbody\rstill one line\r\n',
    'latin1',
  );
  const p = parseEmail(stray);
  assert.ok(!p.flags.includes('line-ends-cr'));
  assert.equal(p.from[0]?.address, 'a@example.org');
  // A binary part of an LF message keeps its lone CRs; so does a quoted-printable one's text.
  const lf = Buffer.from(
    'From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\n' +
      'Content-Transfer-Encoding: quoted-printable\n\none=0D\rtwo\n--b\n' +
      'Content-Type: application/octet-stream\n\nx\ry\n--b--\n',
    'latin1',
  );
  const q = parseEmail(lf);
  assert.deepEqual(q.flags, []);
  assert.deepEqual(Buffer.from(q.attachments[0]?.content ?? []), Buffer.from('x\ry', 'latin1'));
});

test('Email - a flag never carries a line break or control character of the input', () => {
  const p = parseEmail(
    Buffer.from('Content-Type: text/plain; charset="x\x1b[31my\x07"\n\nhi\xe9\n', 'latin1'),
  );
  assert.ok(p.flags.length > 0);
  for (const f of p.flags) assert.doesNotMatch(f, /[\u0000-\u001f\u007f-\u009f]/, f);
  assert.ok(p.flags.includes('charset-unknown:x[U+001B][31my[U+0007]'), p.flags.join(' '));
});

test('Email - a list footer after base64 text is read as text, flagged; the id is the one it had', () => {
  const raw = fixture('base64-list-footer.eml');
  const p = parseEmail(raw);
  assert.equal(
    p.text,
    "Hei Olav,\n\nthe minutes of Tuesday's meeting are below.\nKari N\n\n\n" +
      '-------------------------------------------------------\nThis list is sponsored by: Example Geek\n' +
      '_______________________________________________\nlist mailing list\nlist@lists.example.net\n' +
      'https://lists.example.net/listinfo/list\n\n',
  );
  assert.deepEqual(p.flags, ['bad-base64', 'text-after-base64']);
  // Before, the footer was decoded as base64 into garbage after "Kari N": the id hashes that text.
  assert.match(p.textAsWritten ?? '', /^Hei Olav,[\s\S]*Kari N\n[^\n]*[\u0080-\uffff]/);
  assert.equal(idOf(p, raw), 'c7f03277e502160cf112b3d5cd21ba69');
});

test('Email - a list footer after base64 HTML is read as preformatted text after the document', () => {
  const html = '<html><body><p>SMS programimiz.</p></body></html>\r\n';
  const raw = Buffer.from(
    'From: a@example.org\r\nSubject: sms\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${Buffer.from(html).toString('base64')}\r\n\r\n` +
      '---------------------\r\nThis sf.net email is sponsored by: ThinkGeek\r\nwebmake-talk mailing list\r\n',
    'latin1',
  );
  assert.equal(Buffer.from(html).toString('base64').includes('='), false);
  const p = parseEmail(raw);
  assert.equal(
    p.text,
    'SMS programimiz.\n\n---------------------\nThis sf.net email is sponsored by: ThinkGeek\nwebmake-talk mailing list',
  );
  assert.match(
    p.html ?? '',
    /<\/html>\n\n<pre>-{21}\nThis sf\.net email is sponsored by: ThinkGeek\nwebmake-talk mailing list<\/pre>/,
  );
  assert.deepEqual(p.flags, ['bad-base64', 'text-after-base64']);
  assert.equal(idOf(p, raw), '02b76d3f2a58aa0a2c74571b9cee1fb0');
});

test('Email - a text/plain alternative that is HTML source is read from the HTML alternative; the id is the one it had', () => {
  const raw = fixture('plain-alternative-is-html.eml');
  const p = parseEmail(raw);
  assert.equal(p.text, 'Legal help for a penny a day\nCall us today');
  assert.deepEqual(p.flags, ['text-plain-is-html']);
  assert.match(p.textAsWritten ?? '', /^<!DOCTYPE HTML PUBLIC/);
  assert.equal(idOf(p, raw), '9f67dcc938259314c4336f4358996e21');
});

test('Email - a text/plain part that is HTML is kept as written without an HTML alternative, or when it is text', () => {
  const page = '<html>\n<body>\n<table><tr><td>Cell</td></tr></table>\n</body>\n</html>\n';
  // Alone: there is nothing better to read, and HTML source is what the sender sent.
  const alone = parseEmail(Buffer.from(`From: a@example.org\nSubject: x\n\n${page}`, 'latin1'));
  assert.equal(alone.text, page);
  assert.deepEqual(alone.flags, []);
  // Beside HTML, a plain text that only mentions a tag stays the text.
  const mention = 'Hi,\n<html> is the root element, as I said.\nKari\n';
  const alt = parseEmail(
    Buffer.from(
      'From: a@example.org\nContent-Type: multipart/alternative; boundary=a\n\n--a\n\n' +
        `${mention}\n--a\nContent-Type: text/html\n\n<p>Hi,</p><p>&lt;html&gt; is the root element</p>\n--a--\n`,
      'latin1',
    ),
  );
  assert.equal(alt.text, mention);
  assert.deepEqual(alt.flags, []);
});
