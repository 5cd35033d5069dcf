import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  eachEntry,
  KIND_DIR,
  KIND_FILE,
  KIND_LINK,
  listFolder,
  type FolderListing,
} from '../../../src/sources/containers/list-folder.js';

const names = (listing: FolderListing): string[] =>
  Array.from({ length: listing.size }, (_, i) => listing.name(i));

void describe('Sources - listing a folder', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'innsyn-list-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  void it('gives names in code-unit order with their kinds, links not followed', () => {
    const dir = path.join(root, 'mixed');
    mkdirSync(dir);
    // Created out of order; 'B' < 'a' < 'b' < 'ø' in code units, whatever the locale says.
    for (const name of ['ø.eml', 'b.eml', 'B.eml']) writeFileSync(path.join(dir, name), 'x');
    mkdirSync(path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'b.eml'), path.join(dir, 'link'));
    const listing = listFolder(dir);
    assert.deepEqual(names(listing), ['B.eml', 'a', 'b.eml', 'link', 'ø.eml']);
    assert.deepEqual([...listing.kinds], [KIND_FILE, KIND_DIR, KIND_FILE, KIND_LINK, KIND_FILE]);
  });

  void it('lists a folder of many files whole and sorted, past one block of names', () => {
    const dir = path.join(root, 'many');
    mkdirSync(dir);
    // 66,000: the names are kept 65,536 to a string (list-folder.ts).
    const created = Array.from({ length: 66_000 }, (_, i) => `${(i * 7919) % 66_000}.eml`);
    for (const name of created) writeFileSync(path.join(dir, name), '');
    const listing = listFolder(dir);
    assert.deepEqual(names(listing), [...created].sort());
    assert.equal(listing.size, 66_000);
    assert.ok(listing.kinds.every((k) => k === KIND_FILE));
    let seen = 0;
    eachEntry(dir, (_name, kind) => {
      assert.equal(kind, KIND_FILE);
      return ++seen === 10; // the walk may stop early (detecting a Maildir does)
    });
    assert.equal(seen, 10);

    // A walk in order lets go of each block of names once it is past it.
    const walked: string[] = [];
    for (let i = 0; i < listing.size; i++) {
      walked.push(listing.name(i));
      listing.forgetBefore(i);
    }
    assert.deepEqual(walked, [...created].sort());
    assert.equal(listing.name(65_536), walked[65_536], 'the block being walked is kept');
    assert.throws(() => listing.name(65_535), /forgotten/);
    assert.throws(() => listing.name(0), /forgotten/);
  });

  void it('throws for a folder that is not there', () => {
    assert.throws(() => listFolder(path.join(root, 'missing')), { code: 'ENOENT' });
  });
});
