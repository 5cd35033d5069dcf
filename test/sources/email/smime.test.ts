import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import type { RawMessage } from '../../../src/model/index.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import { cmsKind, signedContent } from '../../../src/sources/email/smime.js';
import { readMbox } from '../../../src/sources/containers/index.js';
import { sharedPath } from '../../helpers/shared.js';
import { readFileSync } from 'node:fs';

/**
 * Opaque-signed S/MIME mail (the message inside a CMS SignedData, `smime.p7m`) is opened, and
 * encrypted mail is flagged. The CMS structures are built by a small DER/BER writer below (the
 * signature itself is never checked, so none is made); OpenSSL's `smime -sign -nodetach`, with and
 * without `-stream`, gives the same shapes (checked by hand when this was written).
 */

const OID_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const OID_SIGNED = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const OID_ENVELOPED = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03];
const OID_SHA256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/** A definite-length element. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len =
    n < 128
      ? [n]
      : n < 256
        ? [0x81, n]
        : n < 65536
          ? [0x82, n >> 8, n & 255]
          : [0x83, n >> 16, (n >> 8) & 255, n & 255];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

/** An indefinite-length element (BER), as streaming signers write them. */
function ber(tag: number, ...content: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([tag, 0x80]), ...content, Buffer.from([0, 0])]);
}

const oid = (bytes: number[]) => der(0x06, Buffer.from(bytes));

/** ContentInfo { signedData, [0] SignedData { 1, {sha256}, { data, [0] content }, {} } }; `streamed`: BER with the content in 16-byte pieces. */
function signedData(content: Buffer, streamed = false): Buffer {
  const digest = der(0x31, der(0x30, oid(OID_SHA256)));
  if (!streamed) {
    const encap = der(0x30, oid(OID_DATA), der(0xa0, der(0x04, content)));
    return der(
      0x30,
      oid(OID_SIGNED),
      der(0xa0, der(0x30, der(0x02, Buffer.from([1])), digest, encap, der(0x31))),
    );
  }
  const pieces: Buffer[] = [];
  for (let i = 0; i < content.length; i += 16) pieces.push(der(0x04, content.subarray(i, i + 16)));
  const encap = ber(0x30, oid(OID_DATA), ber(0xa0, ber(0x24, ...pieces)));
  return ber(
    0x30,
    oid(OID_SIGNED),
    ber(0xa0, ber(0x30, der(0x02, Buffer.from([1])), digest, encap, der(0x31))),
  );
}

function opaqueMail(cms: Buffer, type = 'application/pkcs7-mime; smime-type=signed-data'): Buffer {
  const b64 = cms.toString('base64').replace(/.{1,64}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Kari Nordmann <kari@example.no>',
      'To: ola@example.no',
      'Subject: Budsjett',
      'Date: Fri, 20 Nov 2026 09:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: ${type}; name="smime.p7m"`,
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Transfer-Encoding: base64',
      '',
      b64,
    ].join('\r\n'),
    'latin1',
  );
}

const inner = Buffer.from(
  [
    'Content-Type: multipart/mixed; boundary=b1',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Møtet om budsjettet flyttes til fredag.',
    '--b1',
    'Content-Type: application/pdf; name=budsjett.pdf',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 not really').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n'),
  'utf8',
);

describe('S/MIME', () => {
  it('reads the content of a SignedData, DER or streamed BER, and tells the kinds apart', () => {
    for (const streamed of [false, true]) {
      const cms = signedData(inner, streamed);
      assert.equal(cmsKind(cms), 'signed-data');
      assert.deepEqual(signedContent(cms), inner, `streamed ${streamed}`);
    }
    const enveloped = der(0x30, oid(OID_ENVELOPED), der(0xa0, der(0x30, der(0x02, Buffer.from([0])))));
    assert.equal(cmsKind(enveloped), 'enveloped-data');
    assert.equal(signedContent(enveloped), null);
  });

  it('malformed or cut structures give nothing and never throw', () => {
    const cms = signedData(inner, true);
    for (let cut = 0; cut < cms.length; cut += 7) {
      assert.equal(signedContent(cms.subarray(0, cut)), null, `cut at ${cut}`);
      cmsKind(cms.subarray(0, cut));
    }
    // Nesting far past any real structure.
    let deep = der(0x04, Buffer.from('x'));
    for (let k = 0; k < 200; k++) deep = ber(0x24, deep);
    assert.equal(signedContent(ber(0x30, oid(OID_SIGNED), ber(0xa0, deep))), null);
    assert.equal(cmsKind(Buffer.from('not DER at all')), 'other');
  });

  it('an opaque-signed mail is opened: its text, its attachments, and the signature listed last', () => {
    const p = parseEmail(opaqueMail(signedData(inner)));
    assert.equal(p.subject, 'Budsjett');
    assert.equal(p.text, 'Møtet om budsjettet flyttes til fredag.');
    assert.deepEqual(
      p.attachments.map((a) => [a.filename, a.contentType]),
      [
        ['budsjett.pdf', 'application/pdf'],
        ['smime.p7m', 'application/pkcs7-mime'],
      ],
    );
    assert.ok(p.flags.includes('smime-opened'));
    assert.equal(p.textAsWritten, '');
    // As some gateways send it: octet-stream, named .p7m.
    const octet = parseEmail(opaqueMail(signedData(inner), 'application/octet-stream'));
    assert.equal(octet.text, p.text);
  });

  it('a message signed again and again is opened to its text; certificates alone stay an attachment', () => {
    const layered = Buffer.from(
      `Content-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\n${signedData(inner).toString('base64')}\r\n`,
    );
    const twice = parseEmail(opaqueMail(signedData(layered, true)));
    assert.equal(twice.text, 'Møtet om budsjettet flyttes til fredag.');
    assert.deepEqual(
      twice.attachments.map((a) => a.filename ?? a.contentType),
      ['budsjett.pdf', 'smime.p7m', 'application/pkcs7-mime'],
    );
    // A SignedData with no content (certificates sent alone, a .p7c), or an empty one.
    const certsOnly = der(
      0x30,
      oid(OID_SIGNED),
      der(0xa0, der(0x30, der(0x02, Buffer.from([1])), der(0x31), der(0x30, oid(OID_DATA)), der(0x31))),
    );
    for (const cms of [certsOnly, signedData(Buffer.from('\r\n'))]) {
      const p = parseEmail(opaqueMail(cms));
      assert.deepEqual(
        [p.text, p.flags.filter((f) => f.startsWith('smime')), p.attachments.length],
        ['', [], 1],
      );
      assert.equal(p.textAsWritten, null);
    }
  });

  it('the item keeps the id it had when its text was empty', () => {
    const bytes = opaqueMail(signedData(inner, true), 'application/x-pkcs7-mime; smime-type=signed-data');
    const parsed = parseEmail(bytes);
    const raw: RawMessage = {
      type: 'message',
      format: 'rfc822',
      bytes,
      location: { path: '/case/signed.eml', member: null, offset: 0, length: bytes.length },
    };
    const now = emailToItem(parsed, raw);
    const before = emailToItem({ ...parsed, text: '', textAsWritten: null }, raw);
    assert.ok(now.ok && before.ok);
    assert.equal(now.item.id, before.item.id);
    assert.match(now.item.text, /budsjettet/);
  });

  it('encrypted mail is flagged, S/MIME or PGP, and nothing is made up', () => {
    const enveloped = der(0x30, oid(OID_ENVELOPED), der(0xa0, der(0x30, der(0x02, Buffer.from([0])))));
    const s = parseEmail(opaqueMail(enveloped, 'application/pkcs7-mime; smime-type=enveloped-data'));
    assert.deepEqual([s.text, s.flags.includes('smime-encrypted'), s.attachments.length], ['', true, 1]);
    const pgp = parseEmail(
      Buffer.from(
        [
          'From: a@example.org',
          'Subject: secret',
          'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=x',
          '',
          '--x',
          'Content-Type: application/pgp-encrypted',
          '',
          'Version: 1',
          '--x',
          'Content-Type: application/octet-stream',
          '',
          '-----BEGIN PGP MESSAGE-----',
          'hQEMA...',
          '-----END PGP MESSAGE-----',
          '--x--',
          '',
        ].join('\r\n'),
      ),
    );
    assert.ok(pgp.flags.includes('pgp-encrypted'));
    const junk = parseEmail(opaqueMail(Buffer.from('garbage that is no CMS')));
    assert.ok(junk.flags.includes('smime-unreadable'));
    assert.equal(junk.textAsWritten, null);
  });
});

/** MimeKit's copy of a 1996-97 mailbox of Netscape's S/MIME interoperability tests (jwz's). */
const interop = sharedPath('corpora/mimekit/UnitTests/TestData/mbox/content-length.mbox.txt');

describe('S/MIME in real mail', { skip: interop.skip }, () => {
  it('the opaque-signed test mails of 1996 are read; the encrypted ones are flagged', async () => {
    async function* whole(): AsyncGenerator<Uint8Array> {
      yield readFileSync(interop.path);
    }
    const seen = new Map<string, { text: string; flags: string[] }>();
    for await (const r of readMbox(whole(), { path: interop.path, member: null })) {
      if (r.type !== 'message') continue;
      const p = parseEmail(r.bytes);
      seen.set(p.subject ?? '', { text: p.text, flags: p.flags.filter((f) => /smime/.test(f)) });
    }
    const ready = seen.get('Ready for interoperability testing.');
    assert.deepEqual(ready?.flags, ['smime-opened']);
    assert.match(ready?.text ?? '', /Arjun J Taneja/);
    assert.match(
      seen.get('Deming Software -- ready to go!')?.text ?? '',
      /signed message is Deming Software/,
    );
    for (const s of [
      'very cool',
      'encrypted',
      'testing out some new stuff',
      'Re: can you send me an encrypted message?',
    ])
      assert.deepEqual(seen.get(s)?.flags, ['smime-encrypted'], s);
  });
});
