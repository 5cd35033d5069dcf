import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_LABELS, mailboxLabels } from '../../../src/sources/email/mailbox-labels.js';

const h = (name: string, value: string) => ({ name, value });

void describe('Mailbox labels', () => {
  void test("Gmail's labels: commas, quotes, encoded words; each once", () => {
    assert.deepEqual(mailboxLabels([h('X-Gmail-Labels', 'Inbox,Important,Opened,Category Personal')]), [
      'Inbox',
      'Important',
      'Opened',
      'Category Personal',
    ]);
    assert.deepEqual(
      mailboxLabels([h('x-gmail-labels', '"Smith, J",Work/Draft,"say \\"hi\\"",Inbox, Inbox ,')]),
      ['Smith, J', 'Work/Draft', 'say "hi"', 'Inbox'],
    );
    assert.deepEqual(mailboxLabels([h('X-Gmail-Labels', '=?UTF-8?Q?S=C3=B8ppel?=,Arkiv')]), [
      'Søppel',
      'Arkiv',
    ]);
  });

  void test("a converter's X-Folder: one path, backslashes as slashes", () => {
    assert.deepEqual(
      mailboxLabels([h('X-Folder', '\\Phillip_Allen_Dec2000\\Notes Folders\\All documents')]),
      ['Phillip_Allen_Dec2000/Notes Folders/All documents'],
    );
    assert.deepEqual(mailboxLabels([h('X-Folder', '  ')]), []);
  });

  void test('nothing else is a label, and a header made endless is bounded', () => {
    assert.deepEqual(mailboxLabels([h('Subject', 'Inbox'), h('X-Gmail-Labels', '')]), []);
    const many = Array.from({ length: 500 }, (_, i) => `L${i}`).join(',');
    assert.equal(mailboxLabels([h('X-Gmail-Labels', many)]).length, MAX_LABELS);
    assert.equal((mailboxLabels([h('X-Gmail-Labels', 'x'.repeat(5000))])[0] as string).length, 200);
  });
});
