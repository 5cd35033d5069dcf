import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RawMessage, RawRecord } from '../../../src/model/raw-record.js';
import { normaliseRecord } from '../../../src/ingest/normalise-record.js';
import { readInput } from '../../../src/sources/containers/index.js';
import { parseOutlookRecord, readPst, type PstSummary } from '../../../src/sources/outlook/index.js';
import { decodePstItem } from '../../../src/sources/outlook/pst-item-json.js';
import { sharedPath } from '../../helpers/shared.js';
import { buildZip } from '../containers/archive-builders.js';
import { collect } from '../containers/collect.js';
import { censusOfPst } from './pst-census.js';

/**
 * The PST of ../shared (aleph's testPST.pst, Apache Tika's test file) read through pst-extractor,
 * checked against an independent walk of its node B-tree (pst-census.ts): the same message
 * nodes, each once, each in its folder, with as many attachments as its subnode tree holds.
 */
const fixture = sharedPath('corpora/aleph-ingest-file/tests/fixtures/testPST.pst');
const FOLDER = 'Début du fichier de données Outlook';

async function read(file: string, summary?: PstSummary): Promise<RawRecord[]> {
  return collect(readPst(file, { path: file, member: null }, statSync(file).size, summary));
}

const nidOf = (r: RawRecord): number => Number((r.location.member ?? '').split('#').pop());

void describe('Outlook PST - testPST.pst', { skip: fixture.skip }, () => {
  void it('PST - every message node is read once, in its folder, with its attachments', async () => {
    const census = censusOfPst(readFileSync(fixture.path));
    const summary: PstSummary = { folders: 0, items: 0, searchFolders: 0, notes: [] };
    const records = await read(fixture.path, summary);
    assert.ok(records.every((r) => r.type === 'message' && r.format === 'outlook-pst'));
    assert.deepEqual(
      records.map(nidOf).sort((a, b) => a - b),
      census.map((m) => m.nid),
    );
    // All six sit in one folder (one parent node), and the member names its path.
    assert.deepEqual([...new Set(census.map((m) => m.parent))].length, 1);
    assert.deepEqual(
      records.map((r) => r.location.member?.replace(/#\d+$/, '')),
      Array(6).fill(FOLDER),
    );
    for (const r of records) {
      const want = census.find((m) => m.nid === nidOf(r))?.attachments;
      const p = parseOutlookRecord('outlook-pst', r.bytes);
      assert.ok(!('problem' in p));
      assert.equal(p.attachments.length, want, `node ${nidOf(r)}`);
    }
    assert.deepEqual(
      { folders: summary.folders, items: summary.items, searchFolders: summary.searchFolders },
      { folders: 4, items: 6, searchFolders: 1 },
    );
  });

  void it('PST - mail fields come from the transport headers; replies find their parents', async () => {
    const items = (await read(fixture.path)).map((r) => {
      const o = normaliseRecord(r as RawMessage);
      assert.ok(o.ok, o.ok ? '' : o.reason);
      return o.item;
    });
    assert.deepEqual(
      items.map((i) => i.subject),
      [
        'Re: Feature Generators',
        'Re: init tokenizer fails: "Bad type in putfield/putstatic"',
        'Feature Generators',
        '[jira] [Resolved] (TIKA-1249) Vcard files detection',
        '[jira] [Commented] (TIKA-1250) Process loops infintely processing a CHM file',
        '[WEBINAR] - "Introducing Couchbase Server 2.5"',
      ],
    );
    const reply = items[0];
    const parent = items[2];
    assert.equal(reply?.inReplyTo, parent?.messageId);
    assert.equal(parent?.messageId, 'CAJ+FrY6C_Hp_b-Pzx2VqUqnonx9Dei8kcXDV7j1wPT99mNKsuA@mail.gmail.com');
    assert.equal(parent?.from?.address, 'kenigma1122@gmail.com');
    assert.equal(parent?.sentAt, '2014-02-25T10:17:08.000Z');
    assert.equal(parent?.kind, 'email');
    assert.equal(parent?.platform, 'email');
    assert.match(parent?.text ?? '', /^Hi,\n\nIs there documentation on the existing feature/);
    assert.ok(items[5]?.html?.includes('Couchbase'));
  });

  void it('PST - each raw record is the item as JSON; its location is its property block in the file', async () => {
    const size = statSync(fixture.path).size;
    const records = (await read(fixture.path)) as RawMessage[];
    let progress = 0;
    for (const r of records) {
      const item = decodePstItem(r.bytes);
      assert.equal(item.messageClass, 'IPM.Note');
      assert.match(Buffer.from(r.bytes.subarray(0, 40)).toString(), /"format": "innsyn-pst-item"/);
      assert.ok(r.location.offset > 0 && r.location.offset + r.location.length <= size);
      progress += r.progressBytes ?? 0;
    }
    assert.ok(Math.abs(progress - size) < 1, 'the items share the file size for progress');
  });

  void it('PST - a PST inside a zip is read from memory, named under the zip member', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-pst-zip-'));
    try {
      const zip = path.join(dir, 'mail.zip');
      writeFileSync(zip, buildZip([{ name: 'box/testPST.pst', data: readFileSync(fixture.path) }]));
      const records = await collect(readInput(zip));
      assert.equal(records.length, 6);
      assert.ok(records.every((r) => r.type === 'message' && r.format === 'outlook-pst'));
      assert.ok(records.every((r) => r.location.member?.startsWith(`box/testPST.pst!/${FOLDER}#`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('Outlook PST - damaged and hostile files', { skip: fixture.skip }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-pst-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const original = (): Buffer => readFileSync(fixture.path);

  const check = async (bytes: Uint8Array, label: string): Promise<RawRecord[]> => {
    const file = path.join(dir, `${label}.pst`);
    writeFileSync(file, bytes);
    const t = performance.now();
    const records = await read(file); // must not throw
    assert.ok(performance.now() - t < 20_000, `${label}: ${performance.now() - t} ms`);
    // The store keeps one quarantine entry per location: each must have its own.
    const places = new Set<string>();
    for (const r of records) {
      if (r.type !== 'unreadable') continue;
      const place = `${r.location.member} @ ${r.location.offset}`;
      assert.ok(!places.has(place), `${label}: two unreadable inputs at ${place}`);
      places.add(place);
      assert.ok(r.reason.startsWith(file), `${label}: the reason names the file: ${r.reason}`);
      if (r.reason.includes(', item '))
        assert.match(r.reason, new RegExp(`folder "${FOLDER}", item \\d+ \\(node \\d+\\) could not be read`));
    }
    return records;
  };

  void it('PST - a header with nothing behind it is one unreadable input with its reason', async () => {
    const records = await check(Buffer.concat([Buffer.from('!BDN'), Buffer.alloc(600, 0x41)]), 'stub');
    assert.equal(records.length, 1);
    assert.equal(records[0]?.type, 'unreadable');
    assert.match((records[0] as { reason: string }).reason, /not a readable Outlook PST\/OST file/);
  });

  void it('PST - truncated anywhere: never throws, whatever cannot be read is reported', async () => {
    const b = original();
    let items = 0;
    for (let cut = 512; cut < b.length; cut += 8191) {
      const records = await check(b.subarray(0, cut), `cut-${cut}`);
      assert.ok(records.length > 0, `cut ${cut}: something is said`);
      items += records.filter((r) => r.type === 'message').length;
    }
    assert.ok(items > 0, 'items before the cut are still read');
  });

  void it('PST - corrupted bytes: every item is read or reported, the rest goes on', async () => {
    let seed = 20_260_101;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const outcomes = { read: 0, reported: 0 };
    for (let k = 0; k < 40; k++) {
      const b = Buffer.from(original());
      for (let j = 0; j < 1 + Math.floor(random() * 30); j++)
        b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      for (const r of await check(b, `flip-${k}`)) outcomes[r.type === 'message' ? 'read' : 'reported']++;
    }
    assert.ok(outcomes.read > 0 && outcomes.reported > 0, JSON.stringify(outcomes));
  });
});
