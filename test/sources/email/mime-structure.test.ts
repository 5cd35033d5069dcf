import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmail } from '../../../src/sources/email/index.js';

const mail = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const crlf = (s: string): Uint8Array => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

test('MIME - preamble and epilogue are ignored; the line break before a delimiter belongs to it', () => {
  for (const m of [mail, crlf]) {
    const p = parseEmail(
      m(
        'Content-Type: multipart/mixed; boundary="b"\n\npreamble\n--b\n\none\n\n--b  \n\ntwo\n--b--\nepilogue\n',
      ),
    );
    // Part one is "one" plus an empty line; the line break before each delimiter is the delimiter's.
    assert.equal(p.text, 'one\ntwo');
    assert.deepEqual(p.flags, []);
  }
});

test('MIME - nested multiparts, any subtype, boundaries matched as line prefixes innermost first', () => {
  const p = parseEmail(
    mail(
      [
        'Content-Type: multipart/mixed; boundary="a"',
        '',
        '--a',
        'Content-Type: multipart/x-custom; boundary="a-inner"',
        '',
        '--a-inner',
        '',
        'first',
        '--a-inner--',
        '--a',
        'Content-Type: text/plain',
        '',
        'second',
        '--a--',
      ].join('\n'),
    ),
  );
  assert.equal(p.text, 'first\nsecond');
  assert.deepEqual(p.flags, []);
});

test('MIME - missing close delimiter: last part kept, flagged', () => {
  const p = parseEmail(mail('Content-Type: multipart/mixed; boundary="b"\n\n--b\n\nonly part\n'));
  assert.equal(p.text, 'only part\n');
  assert.ok(p.flags.includes('missing-closing-boundary'));
});

test('MIME - an outer delimiter closes a nested multipart that lost its close delimiter', () => {
  const p = parseEmail(
    mail(
      'Content-Type: multipart/mixed; boundary="1"\n\n--1\nContent-Type: multipart/alternative; boundary="2"\n\n--2\n\ninner\n--1\nContent-Type: application/pdf\n\n%PDF\n--1--\n',
    ),
  );
  assert.equal(p.text, 'inner');
  assert.deepEqual(
    p.attachments.map((a) => a.contentType),
    ['application/pdf'],
  );
  assert.ok(p.flags.includes('missing-closing-boundary'));
});

test('MIME - a boundary that never occurs, or no boundary parameter: one leaf, flagged', () => {
  for (const ct of ['multipart/mixed; boundary="zz"', 'multipart/mixed']) {
    const p = parseEmail(mail(`Content-Type: ${ct}\n\nbody\n`));
    assert.ok(p.flags.includes('missing-boundary'), ct);
    assert.equal(p.attachments.length, 1);
    assert.equal(p.attachments[0]!.contentType, 'multipart/mixed');
  }
});

test('MIME - a close delimiter glued to the last line is recognised', () => {
  const p = parseEmail(mail('Content-Type: multipart/mixed; boundary="1"\n\n--1\n\ndata--1--\n'));
  assert.equal(p.text, 'data');
  assert.ok(p.flags.includes('boundary-not-at-line-start'));
});

test('MIME - a part whose empty line was lost still has its header and body split at the boundary', () => {
  const p = parseEmail(
    mail(
      'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n--b\n\nbody\n--b--\n',
    ),
  );
  assert.equal(p.text, 'body');
});

test('MIME - a header line that lost its fold indentation is joined back', () => {
  const p = parseEmail(mail('To: a@x.no,\nb@x.no\nSubject: s\n\nbody\n'));
  assert.deepEqual(
    p.to.map((a) => a.address),
    ['a@x.no', 'b@x.no'],
  );
  assert.equal(p.subject, 's');
  assert.ok(p.flags.includes('header-repaired'));
});

test('MIME - inline images of multipart/related are inline attachments; named parts are attachments', () => {
  const p = parseEmail(
    mail(
      [
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: multipart/related; boundary="r"',
        '',
        '--r',
        'Content-Type: text/html',
        '',
        '<p>see <img src="cid:logo"></p>',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <logo>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--r--',
        '--m',
        'Content-Type: text/plain; name="notes.txt"',
        '',
        'not body',
        '--m--',
      ].join('\n'),
    ),
  );
  assert.equal(p.text, 'see');
  assert.deepEqual(
    p.attachments.map((a) => [a.contentType, a.disposition, a.contentId, a.filename]),
    [
      ['image/png', 'inline', 'logo', null],
      ['text/plain', 'attachment', null, 'notes.txt'],
    ],
  );
});

test('MIME - multipart/digest parts default to message/rfc822', () => {
  const p = parseEmail(
    mail('Content-Type: multipart/digest; boundary="d"\n\n--d\n\nSubject: one\n\nbody one\n--d--\n'),
  );
  assert.equal(p.attachments[0]?.contentType, 'message/rfc822');
});

test('MIME - base64-encoded attached message is decoded and opened', () => {
  const inner = Buffer.from(
    'Subject: inner\nContent-Type: multipart/mixed; boundary="i"\n\n--i\n\ntext\n--i\nContent-Type: image/gif\n\nGIF89a\n--i--\n',
  ).toString('base64');
  const p = parseEmail(
    mail(
      `Content-Type: multipart/mixed; boundary="o"\n\n--o\n\nouter\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${inner}\n--o--\n`,
    ),
  );
  assert.equal(p.text, 'outer');
  assert.deepEqual(
    p.attachments.map((a) => a.contentType),
    ['message/rfc822', 'image/gif'],
  );
});

test('MIME - depth and part limits trip, keep what was read, and flag', () => {
  const nested =
    'Content-Type: multipart/mixed; boundary="L0"\n\n--L0\nContent-Type: multipart/mixed; boundary="L1"\n\n--L1\n\ndeep\n--L1--\n--L0--\n';
  const shallow = parseEmail(mail(nested), { maxDepth: 1 });
  assert.ok(shallow.flags.includes('limit:depth'));
  assert.equal(shallow.attachments[0]?.contentType, 'multipart/mixed');
  assert.equal(parseEmail(mail(nested)).text, 'deep');
  const many = `Content-Type: multipart/mixed; boundary="b"\n\n${'--b\n\nx\n'.repeat(50)}--b--\n`;
  const few = parseEmail(mail(many), { maxParts: 10 });
  assert.ok(few.flags.includes('limit:parts'));
  assert.equal(few.text.split('\n').filter((l) => l === 'x').length, 9);
});
