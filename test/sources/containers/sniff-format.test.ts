import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffFormat } from '../../../src/sources/containers/sniff-format.js';
import { notRecognisedReason } from '../../../src/sources/containers/member-reader.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

void describe('Containers - what a file is, from its first bytes', () => {
  // A digest's text saved without its headers (as Python's test mail msg_19).
  const headerless = "Send Ppp mailing list submissions to\n\tppp@zzz.org\n\nToday's Topics:\n";

  void it('a text file named .eml that does not begin with header fields says so', () => {
    const s = sniffFormat(bytes(headerless), 'msg_19.eml');
    assert.equal(s.kind, 'unknown');
    assert.match(s.note ?? '', /named \.eml but does not begin with header fields/);
    assert.match(
      notRecognisedReason('msg_19.eml', s.note),
      /^msg_19\.eml: not a recognised mailbox format: it is named \.eml/,
    );
  });

  void it('the same text under another name, and a .eml with headers, are what they were', () => {
    assert.deepEqual(sniffFormat(bytes(headerless), 'notes.txt'), { kind: 'unknown' });
    assert.deepEqual(sniffFormat(bytes('From: a@b.no\nSubject: x\n\nhi\n'), 'mail.eml'), { kind: 'eml' });
    // Prose that starts like a field stays mail only with the name's help, as before.
    assert.deepEqual(sniffFormat(bytes('Note: call me\nthanks\n'), 'note.eml'), { kind: 'eml' });
  });
});
