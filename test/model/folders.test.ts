import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  folderLabels,
  folderOfPlace,
  folderPattern,
  folderQueryName,
  folderWords,
  foldersOfLocation,
} from '../../src/model/folders.js';

void describe('Folders of a place', () => {
  void test('a file of one message is in its directory; a mailbox file is a folder, without its extension', () => {
    assert.equal(folderOfPlace('/leak/maildir/lay-k/inbox/1.', null), '/leak/maildir/lay-k/inbox', 'Enron');
    assert.equal(folderOfPlace('/leak/mh/inbox/17', null), '/leak/mh/inbox', 'an MH folder');
    assert.equal(folderOfPlace('/leak/mail/a.eml', null), '/leak/mail');
    assert.equal(folderOfPlace('/leak/mail/a.msg', null), '/leak/mail');
    assert.equal(folderOfPlace('/leak/Sent.mbox', null), '/leak/Sent');
    assert.equal(
      folderOfPlace('/p/Mail/Local Folders/Inbox', null),
      '/p/Mail/Local Folders/Inbox',
      'Thunderbird',
    );
    assert.equal(folderOfPlace('/tmp/a.eml', null), '/tmp', 'a directory named tmp is no Maildir');
    assert.equal(folderOfPlace('/home/new/b.eml', null), '/home/new', 'nor one named new');
    assert.equal(folderOfPlace('a.eml', null), null, 'a relative file alone names no folder');
  });

  void test('Maildir: the Maildir++ folder above cur/ and new/, dots as levels', () => {
    assert.equal(folderOfPlace('/m/john', '.Sent.2016/cur/123:2,S'), '/m/john/Sent/2016');
    assert.equal(folderOfPlace('/m/john', 'cur/1:2,S'), '/m/john');
    assert.equal(folderOfPlace('/m/john', 'Archive/new/9'), '/m/john/Archive');
    assert.equal(folderOfPlace('/x/Maildir/cur/123:2,S', null), '/x/Maildir', 'a Maildir file given alone');
  });

  void test('archives, Outlook files, attached messages and exports', () => {
    assert.equal(folderOfPlace('/x/leak.zip', 'mail/Sent Items.mbox'), '/x/leak/mail/Sent Items');
    assert.equal(folderOfPlace('/x/leak.tar.gz', 'dir/x.eml'), '/x/leak/dir');
    assert.equal(
      folderOfPlace('/x/leak.zip', 'inner.zip!/Maildir/.Drafts/new/9'),
      '/x/leak/inner/Maildir/Drafts',
    );
    assert.equal(
      folderOfPlace('/x/backup.pst', 'Top of Outlook data file/Inbox#2097188'),
      '/x/backup/Top of Outlook data file/Inbox',
    );
    assert.equal(
      folderOfPlace('/x/backup.pst', 'Top of Outlook data file/Inbox#2097188!/attachment 1'),
      '/x/backup/Top of Outlook data file/Inbox',
      'a message attached to an Outlook item is in the item’s folder',
    );
    assert.equal(folderOfPlace('/x/a.msg', 'attachment 2!/attachment 1'), '/x');
    assert.equal(folderOfPlace('/x/slack.zip', 'general/2016-01-01.json'), '/x/slack/general');
    assert.equal(folderOfPlace('/cases/posts.csv', null), '/cases', 'a list of posts is no folder');
  });

  void test('Apple Mail and Thunderbird folders as the programs name them', () => {
    assert.equal(
      folderOfPlace(
        '/Users/a/Library/Mail/V10/ACCOUNT/INBOX.mbox/1C0F8E2A-1234-4BCD-9F00-ABCDEF012345/Data/9/Messages/123.emlx',
        null,
      ),
      '/Users/a/Library/Mail/V10/ACCOUNT/INBOX',
    );
    assert.equal(
      folderOfPlace('/export/Sent Messages.mbox/mbox', null),
      '/export/Sent Messages',
      'an export',
    );
    assert.equal(
      folderOfPlace('/p/Local Folders/Inbox.sbd/Projects', null),
      '/p/Local Folders/Inbox/Projects',
    );
    assert.equal(folderOfPlace('/x/leak.zip', 'Mail/Drafts.mbox/Messages/7.emlx'), '/x/leak/Mail/Drafts');
    assert.equal(
      folderOfPlace('/x/2016/Data/mail.mbox', null),
      '/x/2016/Data/mail',
      'outside a mailbox, kept',
    );
    assert.equal(folderOfPlace('C:\\leak\\Sent.mbox', null), 'C:/leak/Sent', 'backslashes too');
  });

  void test('labels are folders of their own, each once', () => {
    assert.deepEqual(
      foldersOfLocation({
        path: '/t/All mail.mbox',
        member: null,
        labels: ['Inbox', ' Inbox ', '', 'Work/Draft'],
      }),
      ['/t/All mail', 'Inbox', 'Work/Draft'],
    );
    assert.deepEqual(foldersOfLocation({ path: 'a.eml', member: null }), []);
  });

  void test('words and patterns: folded words, whole or the last a prefix, in order', () => {
    assert.equal(folderWords('/leak/lay-k/Søppelpost/sent_items'), ' leak lay k soppelpost sent items ');
    assert.equal(folderPattern('Sent Items'), '% sent items %');
    assert.equal(folderPattern('sent*'), '% sent%');
    assert.equal(folderPattern('"/"'), null);
    const like = (pattern: string, text: string): boolean =>
      new RegExp(`^${pattern.replaceAll('%', '.*')}$`).test(text);
    const words = folderWords('/x/backup/Top of Outlook data file/Sent Items');
    assert.equal(like(folderPattern('sent items') as string, words), true);
    assert.equal(like(folderPattern('sent item') as string, words), false);
    assert.equal(like(folderPattern('sent ite*') as string, words), true);
    assert.equal(like(folderPattern('items sent') as string, words), false);
  });
});

void describe('Folder labels', () => {
  void test('the last part, or as many as tell a folder from the others shown with it', () => {
    assert.deepEqual(folderLabels(['/x/slack-export/general', '/x/slack-export/datajam', 'Inbox']), [
      'general',
      'datajam',
      'Inbox',
    ]);
    assert.deepEqual(folderLabels(['/x/Inbox', 'Inbox']), ['x/Inbox', 'Inbox']);
    assert.deepEqual(folderLabels(['/m/john/Sent', '/m/jane/Sent', '/m/john']), [
      'john/Sent',
      'jane/Sent',
      'john',
    ]);
    assert.deepEqual(
      folderLabels(['/a/Sent', '/a/Sent']),
      ['a/Sent', 'a/Sent'],
      'the same name twice: all of it',
    );
    assert.deepEqual(folderLabels(['/m/john/Sent/2016', '2016']), ['Sent/2016', '2016']);
    assert.deepEqual(folderLabels([]), []);
  });
});

void describe('The query of a folder', () => {
  void test('the shortest tail of its name that finds the same folders as the whole name', () => {
    const names = [
      '/work/main/demo',
      '/work/main/demo/DonaldJTrumpJr-mail',
      '/work/main/innsyn-demo-files/mail',
      '/m/john/Sent',
      '/m/jane/Sent',
      '/m/john/Sent/2016',
      'Inbox',
      '/m/jane/Inbox',
    ];
    const all = names.map(folderWords);
    const q = (name: string): string => folderQueryName(name, all);
    // `demo` alone would find innsyn-demo-files too; `main/demo` finds the folder and its subfolder.
    assert.equal(q('/work/main/demo'), 'main/demo');
    assert.equal(q('/work/main/demo/DonaldJTrumpJr-mail'), 'DonaldJTrumpJr-mail');
    assert.equal(q('/work/main/innsyn-demo-files/mail'), 'innsyn-demo-files/mail');
    assert.equal(q('/m/john/Sent'), 'john/Sent');
    assert.equal(q('/m/john/Sent/2016'), 'Sent/2016', 'a year keeps its parent');
    // A label the mailbox gave, and a folder of that name: the label alone finds both.
    assert.equal(q('Inbox'), 'Inbox');
    assert.equal(q('/m/jane/Inbox'), 'jane/Inbox');
    // Every answer finds exactly what the whole name finds.
    for (const name of names) {
      const finds = (value: string): string[] =>
        names.filter((n) => folderWords(n).includes(folderWords(value)));
      assert.deepEqual(finds(q(name)), finds(name), name);
    }
  });

  void test('as much of the name as it takes, and a name without words as it is', () => {
    const names = ['/a/Sent', '/b/Sent', '/x/a/Sent'];
    const all = names.map(folderWords);
    // `a/Sent` is the whole name's words: it finds /x/a/Sent as the whole name does; `Sent` finds more.
    assert.equal(folderQueryName('/a/Sent', all), 'a/Sent');
    assert.equal(folderQueryName('/x/a/Sent', all), 'x/a/Sent');
    assert.equal(folderQueryName('///', all), '///');
  });
});
