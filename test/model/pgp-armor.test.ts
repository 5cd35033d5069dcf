import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailToItem } from '../../src/ingest/email-to-item.js';
import type { RawMessage } from '../../src/model/index.js';
import { withoutPgpArmor } from '../../src/model/text/pgp-armor.js';
import { parseEmail } from '../../src/sources/email/index.js';
import { FTS_COLUMNS, ftsDocument } from '../../src/store/fts-document.js';

/**
 * Inline OpenPGP armor is kept in the text but not indexed: 24 of the 2,403 SpamAssassin ham
 * mails (the Go jwz package's test data) are clear-signed in their text, 9 of them with
 * `Version: GnuPG v1.0.x (GNU/Linux)` in the signature block; `linux` found 238 of the mails
 * before, 230 after (the 8 that say nothing else of Linux).
 */

const signed = [
  'Hi all,',
  '',
  '-----BEGIN PGP SIGNED MESSAGE-----',
  'Hash: SHA1',
  '',
  'The razor servers are back up.',
  '- -- ',
  'Dan',
  '-----BEGIN PGP SIGNATURE-----',
  'Version: GnuPG v1.0.6 (GNU/Linux)',
  'Comment: For info see http://www.gnupg.org',
  '',
  'iD8DBQE9VfE0GjL+ILzL5fARAtLiAJ9Ks0Y6eyxxb5Wp6wA8Yn1Q1+1vCgCeMb3o',
  '=Ab12',
  '-----END PGP SIGNATURE-----',
  '',
  'Thanks',
].join('\n');

describe('OpenPGP armor in a text', () => {
  it('the signed text stays, the armor headers and the signature block go', () => {
    assert.equal(
      withoutPgpArmor(signed),
      ['Hi all,', '', 'The razor servers are back up.', '- -- ', 'Dan', '', 'Thanks'].join('\n'),
    );
  });

  it('encrypted blocks and keys go; a block without its end line stays, as does text without armor', () => {
    const enc = 'Read this:\n-----BEGIN PGP MESSAGE-----\n\nhQEMA0xyz\n=abcd\n-----END PGP MESSAGE-----\nbye';
    assert.equal(withoutPgpArmor(enc), 'Read this:\nbye');
    const key = 'My key:\n-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBF\n-----END PGP PUBLIC KEY BLOCK-----\n';
    assert.equal(withoutPgpArmor(key), 'My key:\n');
    const cut = 'quoted:\n-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG\n(the rest was snipped)';
    assert.equal(withoutPgpArmor(cut), cut);
    assert.equal(withoutPgpArmor('no armor here'), 'no armor here');
    // A signed-message line with no header and no empty line after it loses only itself.
    assert.equal(withoutPgpArmor('-----BEGIN PGP SIGNED MESSAGE-----\nText at once'), 'Text at once');
  });

  it('an inline-signed mail shows its whole text, is indexed without the armor, and an encrypted one is flagged', () => {
    const mail = `From: dan@example.org\nSubject: razor\nDate: Mon, 1 Jul 2002 10:00:00 +0000\n\n${signed}\n`;
    const bytes = Buffer.from(mail, 'latin1');
    const raw: RawMessage = {
      type: 'message',
      format: 'rfc822',
      bytes,
      location: { path: '/ham/0001', member: null, offset: 0, length: bytes.length },
    };
    const out = emailToItem(parseEmail(bytes), raw);
    assert.ok(out.ok);
    assert.match(out.item.text, /GNU\/Linux/);
    const body = ftsDocument(out.item)[FTS_COLUMNS.indexOf('body')] as string;
    assert.ok(!body.split(' ').includes('linux'), body);
    assert.ok(!body.split(' ').includes('gnupg'), body);
    for (const w of ['razor', 'servers', 'dan', 'thanks']) assert.ok(body.split(' ').includes(w), w);

    const enc = parseEmail(
      Buffer.from('Subject: x\n\n-----BEGIN PGP MESSAGE-----\n\nhQEMA0xyz\n-----END PGP MESSAGE-----\n'),
    );
    assert.ok(enc.flags.includes('pgp-encrypted'));
    // A readable mail that only quotes an encrypted block is not flagged.
    const quoting = parseEmail(
      Buffer.from(
        'Subject: x\n\nWhat is this?\n-----BEGIN PGP MESSAGE-----\n\nhQEMA0xyz\n-----END PGP MESSAGE-----\n',
      ),
    );
    assert.ok(!quoting.flags.includes('pgp-encrypted'));
  });
});
