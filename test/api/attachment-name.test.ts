/**
 * `/attachment/<sha256>?item=ID&index=N`: the same bytes attached under several names (in one
 * message, or in several) download under the name they have where the reporter saw them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { AUTH, PORT, TOKEN } from './api-fixture.js';

const FILE = Buffer.from('<p>the same bytes</p>\n').toString('base64');

function mail(n: number, subject: string, names: string[]): string {
  const parts = names.map((name) =>
    [
      '--b',
      'Content-Type: application/octet-stream',
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      FILE,
    ].join('\n'),
  );
  return [
    `From a@example.org Mon Jan  4 1${n}:00:00 2016`,
    'From: a@example.org',
    'To: b@example.org',
    `Subject: ${subject}`,
    `Date: Mon, 4 Jan 2016 1${n}:00:00 +0000`,
    `Message-ID: <${n}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    `Mail ${n}.`,
    ...parts,
    '--b--',
    '',
  ].join('\n');
}

void describe('API - attachment names', () => {
  let dir = '';
  let store: Store;
  let app: Awaited<ReturnType<typeof buildApp>>['app'];
  let first = '';
  let second = '';
  let sha = '';

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-att-name-'));
    const mbox = path.join(dir, 'names.mbox');
    writeFileSync(mbox, mail(1, 'twice', ['page.html', 'octet.html']) + mail(2, 'elsewhere', ['copy.txt']));
    store = await openStore(path.join(dir, 'case.db'));
    await ingest([mbox], store, { workers: 0 });
    const id = async (q: string) =>
      (await store.search(parseQuery(q), { limit: 1, offset: 0, sort: 'date' })).items[0]?.id ?? '';
    first = await id('subject:twice');
    second = await id('subject:elsewhere');
    sha = (await store.getItem(first))?.attachments[0]?.sha256 ?? '';
    assert.match(sha, /^[0-9a-f]{64}$/);
    ({ app } = await buildApp({ store, token: TOKEN, port: PORT, uiDir: dir, log: () => {} }));
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const nameOf = async (query: string) => {
    const r = await app.inject({ method: 'GET', url: `/attachment/${sha}${query}`, headers: AUTH });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.body, '<p>the same bytes</p>\n');
    return /filename="([^"]*)"/.exec(String(r.headers['content-disposition']))?.[1];
  };

  void test('API - attachment: the name where it was seen, by item and place; the first item without', async () => {
    assert.equal(await nameOf(`?item=${first}&index=0`), 'page.html');
    assert.equal(await nameOf(`?item=${first}&index=1`), 'octet.html');
    assert.equal(await nameOf(`?item=${second}&index=0`), 'copy.txt');
    assert.equal(await nameOf(`?item=${second}`), 'copy.txt');
    // A place that is not this attachment, or an item that does not hold it: its first name there, or anywhere.
    assert.equal(await nameOf(`?item=${first}&index=7`), 'page.html');
    assert.equal(await nameOf(`?item=${'0'.repeat(32)}`), 'page.html');
    assert.equal(await nameOf(''), 'page.html');
    const bad = await app.inject({ method: 'GET', url: `/attachment/${sha}?item=zz`, headers: AUTH });
    assert.equal(bad.statusCode, 400);
  });
});
