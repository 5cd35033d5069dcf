import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sha256Hex } from '../../src/model/index.js';
import { parseOutlookRecord } from '../../src/sources/outlook/index.js';
import { rawAttachments } from '../../src/sources/raw-attachments.js';
import { sharedPath } from '../helpers/shared.js';

/**
 * What `/attachment/<sha256>` and the evidence export cut again from a stored item's raw bytes:
 * for a .msg the same parts, with the same hashes, as the reader gave when storing it; for an
 * email its MIME parts.
 */
const corpus = sharedPath('corpora/kenjiuno-msgreader/test');

void describe('rawAttachments', () => {
  void it('gives an email its MIME parts, each under its own hash', () => {
    const mail = Buffer.from(
      'From: a@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: application/octet-stream\r\n' +
        'Content-Disposition: attachment; filename="x.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--b--\r\n',
    );
    const parts = rawAttachments(mail);
    assert.deepEqual(
      parts.map((p) => [p.filename, sha256Hex(p.content)]),
      [['x.bin', sha256Hex(Uint8Array.from([0, 1, 2, 3]))]],
    );
  });

  void it('gives a .msg the attachments its reader stored, byte for byte', { skip: corpus.skip }, () => {
    const dir = corpus.path;
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.msg')) : [];
    let compared = 0;
    for (const f of files) {
      const bytes = readFileSync(path.join(dir, f));
      const stored = parseOutlookRecord('outlook-msg', bytes);
      if ('problem' in stored || stored.attachments.length === 0) continue;
      const again = rawAttachments(bytes);
      assert.deepEqual(
        again.map((a) => a.sha256),
        stored.attachments.map((a) => a.sha256),
        f,
      );
      for (const a of again) assert.equal(sha256Hex(a.content), a.sha256, `${f}: ${a.filename}`);
      compared++;
    }
    assert.ok(compared >= 3, `only ${compared} .msg files with attachments`);
  });
});
