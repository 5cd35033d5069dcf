import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decompressRtf } from '../../../src/sources/email/compressed-rtf.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import { openTnefParts } from '../../../src/sources/email/tnef-attachments.js';
import { decodeTnef } from '../../../src/sources/email/tnef-reader.js';
import { sharedPath } from '../../helpers/shared.js';

/**
 * TNEF (winmail.dat) against MimeKit's test data (../shared/corpora/mimekit, PROVENANCE.md):
 * for NAME.tnef, NAME/ holds the files MimeKit extracted (the attachments, and the body as
 * message.rtf / message.html / message.txt) and NAME.list the attachment names its test looks
 * for. Where MimeKit's extraction differs from the format, the test says why and checks the
 * relation exactly:
 * - text attachments (.htm, .ini, .cfg, .dat) were stored in the corpus with LF line ends: the
 *   TNEF stream holds them with CRLF, so they are compared with CR removed;
 * - OLE objects (attach method 6) keep in MimeKit the 16-byte interface id that precedes a
 *   PT_OBJECT value ([MS-OXTNEF] 2.1.3.4.1); we strip it, which leaves the compound file itself
 *   (it then starts with the D0 CF 11 E0 signature);
 * - for an attached message MimeKit also extracts the 89-byte placeholder Outlook writes into
 *   attAttachData ("This attachment is a MAPI 1.0 embedded message and is not supported by this
 *   mail system."), which is not an attachment: we skip it;
 * - MimeKit numbers unnamed attachments ("Untitled Attachment.1"); our name is the title.
 */
const tnefDir = sharedPath('corpora/mimekit/UnitTests/TestData/tnef');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const noCr = (b: Uint8Array): Buffer =>
  Buffer.from(Buffer.from(b).toString('latin1').replace(/\r/g, ''), 'latin1');
const PLACEHOLDER = 'This attachment is a MAPI 1.0 embedded message';

function cases(): string[] {
  return readdirSync(tnefDir.path)
    .filter((f) => f.endsWith('.tnef'))
    .map((f) => f.slice(0, -5))
    .sort();
}

void describe('TNEF - MimeKit corpus', { skip: tnefDir.skip }, () => {
  void it('TNEF - every attachment MimeKit extracted is found, with the same bytes', () => {
    let compared = 0;
    for (const name of cases()) {
      const dir = path.join(tnefDir.path, name);
      if (!existsSync(dir)) continue;
      const decoded = decodeTnef(readFileSync(path.join(tnefDir.path, `${name}.tnef`)));
      const ours = decoded.attachments.map((a) => a.content);
      const expected = readdirSync(dir).filter((f) => !/^message\.(rtf|html|txt)$/.test(f));
      let placeholders = 0;
      for (const file of expected) {
        const want = readFileSync(path.join(dir, file));
        if (want.toString('latin1').startsWith(PLACEHOLDER)) {
          placeholders++;
          continue;
        }
        const found =
          ours.some((b) => sha(b) === sha(want)) ||
          ours.some((b) => sha(noCr(b)) === sha(want)) ||
          ours.some((b) => want.length === b.length + 16 && sha(want.subarray(16)) === sha(b));
        assert.ok(found, `${name}: ${file} (${want.length} bytes) is not among our attachments`);
        compared++;
      }
      assert.equal(ours.length, expected.length - placeholders, `${name}: attachment count`);
    }
    assert.equal(compared, 31, 'attachments compared (and 2 placeholders)');
  });

  void it('TNEF - OLE objects come out as compound files, without the interface id', () => {
    const d = decodeTnef(readFileSync(path.join(tnefDir.path, 'MAPI_OBJECT.tnef')));
    assert.equal(d.attachments.length, 1);
    assert.deepEqual([...(d.attachments[0]?.content.subarray(0, 4) ?? [])], [0xd0, 0xcf, 0x11, 0xe0]);
    assert.equal(d.attachments[0]?.name, 'Untitled_Attachment');
  });

  void it('TNEF - the names MimeKit looks for (NAME.list) are our attachment names', () => {
    for (const name of cases()) {
      const list = path.join(tnefDir.path, `${name}.list`);
      if (!existsSync(list)) continue;
      const names = readFileSync(list, 'utf8')
        .split(/\r?\n/)
        .filter((n) => n !== '' && !/^body\.(rtf|html|txt)$/.test(n));
      const ours = decodeTnef(readFileSync(path.join(tnefDir.path, `${name}.tnef`))).attachments.map(
        (a) => a.name,
      );
      for (const n of names) {
        // MimeKit's "Untitled Attachment" parts include the placeholders of attached messages.
        if (n === 'Untitled Attachment') assert.ok(ours.includes(n), `${name}: ${n}`);
        else assert.ok(ours.includes(n), `${name}: ${n} not among ${JSON.stringify(ours)}`);
      }
    }
  });

  void it('TNEF - bodies: RTF decompressed as MimeKit did, HTML and plain text as stored', () => {
    let rtf = 0;
    let html = 0;
    for (const name of cases()) {
      const dir = path.join(tnefDir.path, name);
      if (!existsSync(dir)) continue;
      const d = decodeTnef(readFileSync(path.join(tnefDir.path, `${name}.tnef`)));
      const rtfFile = path.join(dir, 'message.rtf');
      if (existsSync(rtfFile)) {
        assert.ok(d.rtf, `${name}: no RTF body`);
        // Decompressed RTF ends with the NULs that padded the compressed stream; MimeKit cut them.
        const ours = noCr(d.rtf).toString('latin1').replace(/\0+$/, '');
        assert.equal(ours, noCr(readFileSync(rtfFile)).toString('latin1').replace(/\0+$/, ''), name);
        assert.notEqual(d.text.trim(), '', `${name}: the RTF body gives text`);
        rtf++;
      }
      const htmlFile = path.join(dir, 'message.html');
      if (existsSync(htmlFile)) {
        // MimeKit wrote each HTML body in its own charset: UTF-8 where valid, else Latin-1 (panic).
        const raw = readFileSync(htmlFile);
        const want = (isUtf8(raw) ? raw.toString('utf8') : raw.toString('latin1')).replace(/\r/g, '').trim();
        assert.equal(d.html?.replace(/\r/g, '').trim(), want, name);
        html++;
      }
      const txtFile = path.join(dir, 'message.txt');
      if (existsSync(txtFile)) assert.equal(d.body?.trim(), readFileSync(txtFile, 'utf8').trim(), name);
    }
    assert.deepEqual([rtf, html], [11, 4], 'RTF and HTML bodies compared');
  });

  void it('TNEF - text of rich-text bodies (RTF through rtf-to-text)', () => {
    const d = decodeTnef(readFileSync(path.join(tnefDir.path, 'christmas.tnef')));
    assert.match(d.text, /^You've made this a Christmas to remember$/m);
    const oslo = decodeTnef(readFileSync(path.join(tnefDir.path, 'MAPI_ATTACH_DATA_OBJ.tnef')));
    assert.equal(oslo.subject, 'Bodø-damer på vei!');
    assert.match(oslo.text, /velkjent sak at bodødamene/);
  });

  void it('TNEF - a stream with junk after its last attribute is read, and flagged', () => {
    const d = decodeTnef(readFileSync(path.join(tnefDir.path, 'garbage-at-end.tnef')));
    assert.ok(d.flags.includes('tnef-trailing-bytes'), d.flags.join());
    assert.equal(d.messageClass, 'IPM.Microsoft Mail.Read Receipt');
  });

  void it('TNEF - winmail.dat inside a mail: its attachments join the message, its body is the text', () => {
    const p = parseEmail(readFileSync(path.join(tnefDir.path, 'rich-text.eml')));
    const names = p.attachments.map((a) => a.filename);
    assert.equal(names[0], 'winmail.dat');
    assert.ok(names.includes('kitten-playing-with-a-christmas-tree.jpg'), names.join());
    const kitten = p.attachments.find((a) => a.filename === 'kitten-playing-with-a-christmas-tree.jpg');
    assert.equal(
      kitten?.sha256,
      sha(readFileSync(path.join(tnefDir.path, 'christmas', 'kitten-playing-with-a-christmas-tree.jpg'))),
    );
    assert.ok(p.flags.includes('tnef-decoded'), p.flags.join());
    assert.match(p.text, /What a Christmas to remember/);
  });

  void it('TNEF - the HTML body is decoded in the charset its bytes are in', () => {
    // MimeKit's TnefTests expects this body decoded as windows-1251 ("ЫПУФЙК"); its bytes are
    // KOI8 (as the HTML's own meta tag says) and read "шостий", Ukrainian for "sixth" (the mail is
    // "rr test 7"'s neighbour); we keep the readable one.
    const p = parseEmail(readFileSync(path.join(tnefDir.path, 'ukr.eml')));
    assert.match(p.html ?? '', /<p>шостий<\/p>/);
  });
});

void describe('TNEF - damaged streams', { skip: tnefDir.skip }, () => {
  void it('TNEF - every truncation of a real stream decodes without throwing, flagged', () => {
    const bytes = readFileSync(path.join(tnefDir.path, 'attachments.tnef'));
    for (let cut = 0; cut < bytes.length; cut += 997) {
      const d = decodeTnef(bytes.subarray(0, cut));
      if (cut < 6) assert.ok(d.flags.includes('tnef-bad-signature'));
      else if (cut < bytes.length)
        assert.ok(
          d.flags.some((f) => f.startsWith('tnef-')),
          `cut ${cut}: ${d.flags.join()}`,
        );
    }
  });

  void it('TNEF - a winmail.dat that is not TNEF is kept as it is and flagged, the mail still parses', () => {
    const flags = new Set<string>();
    const fake = new TextEncoder().encode('not a TNEF stream at all');
    const r = openTnefParts(
      [
        {
          filename: 'winmail.dat',
          contentType: 'application/ms-tnef',
          disposition: 'attachment',
          contentId: null,
          size: fake.length,
          sha256: sha(fake),
          content: fake,
        },
      ],
      flags,
    );
    assert.equal(r.attachments.length, 1);
    assert.ok(flags.has('tnef-bad-signature'));
  });

  void it('TNEF - a compressed RTF body that declares more bytes than it has is refused, not expanded', () => {
    const flags = new Set<string>();
    const header = Buffer.alloc(16);
    header.writeUInt32LE(1_000_000_000, 0); // compressed size
    header.writeUInt32LE(2_000_000_000, 4); // raw size
    header.writeUInt32LE(0x75465a4c, 8); // 'LZFu'
    assert.equal(decompressRtf(header, flags), null);
    assert.ok(flags.has('rtf-compressed-damaged'));
  });
});
