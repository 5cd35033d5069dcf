import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { folderWords } from '../../src/model/folders.js';
import { FacetIndex, MAX_COVERED_FOLDERS } from '../../src/store/facet-index.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** The folders whose query finds each folder, compared with the definition: every pair checked. */
void describe('Facet index - folders', () => {
  const coversOf = (index: FacetIndex, name: string): string[] => {
    const code = index.folders.values.indexOf(name);
    return (index.folderCovers[code] ?? []).map((c) => index.folders.values[c] as string).sort();
  };

  void test('a folder counts under itself, its parents and every name whose words it holds in order, whichever came first', () => {
    const index = new FacetIndex();
    index.addFolder(1, '/m/john/Sent/2016');
    index.addFolder(2, 'Sent');
    index.addFolder(3, '/m/john');
    index.addFolder(3, '/M/John');
    index.addFolder(4, '/m/jane/Sent');
    index.addFolder(5, '!!!');
    assert.deepEqual(coversOf(index, '/m/john/Sent/2016'), [
      '/M/John',
      '/m/john',
      '/m/john/Sent/2016',
      'Sent',
    ]);
    assert.deepEqual(coversOf(index, '/m/john'), ['/M/John', '/m/john']);
    assert.deepEqual(coversOf(index, '/m/jane/Sent'), ['/m/jane/Sent', 'Sent']);
    assert.deepEqual(coversOf(index, '!!!'), [], 'no word: no query finds it');
    assert.equal(index.folder[5] ?? 0, 0);
    assert.equal(index.folder[3], index.folders.values.indexOf('/m/john'));
    assert.deepEqual(index.moreFolders.get(3), [index.folders.values.indexOf('/M/John')]);
  });

  void test('random names from a few words: the same covers as comparing every pair', () => {
    const random = seededRandom(7);
    const vocabulary = ['inbox', 'sent', 'items', 'john', 'jane', '2016', 'archive', 'a'];
    const names = new Set<string>();
    while (names.size < 300) {
      const k = 1 + Math.floor(random() * 4);
      names.add(
        Array.from({ length: k }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join('/'),
      );
    }
    const index = new FacetIndex();
    [...names].forEach((name, i) => index.addFolder(i + 1, name));
    for (const name of names) {
      const expected = [...names].filter((other) => folderWords(name).includes(folderWords(other))).sort();
      assert.deepEqual(coversOf(index, name), expected, name);
    }
  });

  void test('a bucket asks for the shortest tail of its name that finds the same folders, again when a folder comes', () => {
    const index = new FacetIndex();
    index.addFolder(1, '/m/john/Sent');
    const sent = index.folders.values.indexOf('/m/john/Sent');
    assert.equal(index.folderQuery(sent), 'Sent');
    index.addFolder(2, '/m/jane/Sent');
    assert.equal(index.folderQuery(sent), 'john/Sent', 'jane has a Sent too');
  });

  void test(`past ${MAX_COVERED_FOLDERS} folders a new folder counts only under itself, and buckets ask for whole names`, () => {
    const index = new FacetIndex();
    for (let i = 0; i <= MAX_COVERED_FOLDERS + 10; i++) index.addFolder(i + 1, `/x/same words ${i}`);
    assert.equal(index.folderQuery(index.folders.values.indexOf('/x/same words 3')), '/x/same words 3');
    index.addFolder(1, '/x/same words');
    assert.deepEqual(coversOf(index, '/x/same words'), ['/x/same words']);
    assert.deepEqual(coversOf(index, '/x/same words 3'), ['/x/same words 3']);
  });
});
