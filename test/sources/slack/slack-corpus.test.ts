import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExportRecord } from '../../../src/model/export-record.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { folderTree, type ExportTree } from '../../../src/sources/export/export-tree.js';
import { zipTree } from '../../../src/sources/export/zip-tree.js';
import { isSlackExport, readSlackExport } from '../../../src/sources/slack/index.js';
import { buildZip } from '../containers/archive-builders.js';
import { sharedPath } from '../../helpers/shared.js';

/*
 * A real Slack standard export (houstondatavis, 2016; see its PROVENANCE.md): 16 public
 * channels, 71 users, 375 daily files. Counts are taken here straight from the files with
 * JSON.parse, independently of the reader.
 */
const corpus = sharedPath('corpora/slack-export-houstondatavis');

interface RawMessage {
  ts: string;
  user?: string;
  subtype?: string;
  text?: string;
}

/** Every daily file of the corpus: member path → its messages, parsed whole. */
function dailyFiles(root: string): Map<string, RawMessage[]> {
  const files = new Map<string, RawMessage[]>();
  for (const folder of readdirSync(root).sort()) {
    if (!statSync(path.join(root, folder)).isDirectory()) continue;
    for (const name of readdirSync(path.join(root, folder)).sort()) {
      if (!/^\d{4}-\d{2}-\d{2}\.json$/.test(name)) continue;
      files.set(
        `${folder}/${name}`,
        JSON.parse(readFileSync(path.join(root, folder, name), 'utf8')) as RawMessage[],
      );
    }
  }
  return files;
}

async function readAll(tree: ExportTree): Promise<(ExportRecord | UnreadableInput)[]> {
  const out: (ExportRecord | UnreadableInput)[] = [];
  for await (const r of readSlackExport(tree)) out.push(r);
  return out;
}

void describe('Slack corpus houstondatavis', () => {
  void it(
    'Slack corpus - every message of every daily file is one record, with its exact bytes',
    { skip: corpus.skip },
    async () => {
      const root = corpus.path;
      const tree = await folderTree(root);
      assert.equal(isSlackExport(tree), true);
      const all = await readAll(tree);
      const unreadable = all.filter((r) => r.type === 'unreadable');
      assert.deepEqual(unreadable, []);
      const recs = all as ExportRecord[];

      const files = dailyFiles(root);
      const expected = [...files.values()].reduce((n, a) => n + a.length, 0);
      assert.equal(recs.length, expected);
      assert.equal(expected, 1382, 'PROVENANCE.md counts 1,382 messages');

      const byMember = new Map<string, ExportRecord[]>();
      for (const r of recs) {
        const list = byMember.get(r.location.member as string) ?? [];
        list.push(r);
        byMember.set(r.location.member as string, list);
      }
      assert.deepEqual([...byMember.keys()].sort(), [...files.keys()].sort());
      for (const [member, messages] of files) {
        const got = byMember.get(member) ?? [];
        assert.equal(got.length, messages.length, member);
        const bytes = readFileSync(path.join(root, member));
        got.forEach((r, i) => {
          const slice = bytes.subarray(r.location.offset, r.location.offset + r.location.length);
          assert.deepEqual(Buffer.from(r.bytes), slice);
          assert.deepEqual(JSON.parse(slice.toString('utf8')), messages[i], `${member} element ${i}`);
        });
      }
      assert.equal(new Set(recs.map((r) => r.draft.nativeId)).size, recs.length, 'nativeIds are unique');
    },
  );

  void it(
    'Slack corpus - conversations, times and senders match channels.json and users.json',
    { skip: corpus.skip },
    async () => {
      const root = corpus.path;
      const channels = JSON.parse(readFileSync(path.join(root, 'channels.json'), 'utf8')) as {
        id: string;
        name: string;
        members: string[];
      }[];
      const users = JSON.parse(readFileSync(path.join(root, 'users.json'), 'utf8')) as {
        id: string;
        name: string;
      }[];
      const handles = new Map(users.map((u) => [u.id, u.name]));
      const recs = (await readAll(await folderTree(root))) as ExportRecord[];
      const files = dailyFiles(root);
      const messages = [...files.entries()].flatMap(([member, list]) => list.map((m) => ({ member, m })));
      // Records come in the order of channels.json, then date; look each message up by member and ts.
      const raw = new Map(messages.map(({ member, m }) => [`${member} ${m.ts}`, m]));

      let senders = 0;
      for (const r of recs) {
        const d = r.draft;
        const folder = (r.location.member as string).split('/')[0];
        const channel = channels.find((c) => c.name === folder);
        assert.ok(channel, `folder ${folder} is a channel of channels.json`);
        const m = raw.get(`${r.location.member} ${d.nativeId.slice(channel.id.length + 1)}`);
        assert.ok(m, d.nativeId);
        assert.equal(d.nativeId, `${channel.id}:${m.ts}`);
        assert.equal(d.conversation?.nativeId, channel.id);
        assert.equal(d.conversation?.type, 'channel');
        assert.equal(d.conversation?.title, channel.name);
        assert.equal(d.conversation?.participants.length, channel.members.length);
        assert.equal(d.visibility, 'private');
        assert.equal(d.sentAt, new Date(Math.floor(Number(m.ts) * 1000)).toISOString());
        if (m.user !== undefined) {
          senders++;
          assert.equal(d.from?.address, m.user);
          assert.equal(d.from?.handle, handles.get(m.user), `${d.nativeId} sender resolved`);
        }
        assert.ok(!d.flags.some((f) => f.startsWith('unknown-user:')), `${d.nativeId}: ${d.flags.join(' ')}`);
        // Every <@U…> in the text was resolved to @handle.
        assert.doesNotMatch(d.text, /<@U/);
        for (const id of (m.text ?? '').matchAll(/<@(U\w+)/g))
          assert.ok(d.text.includes(`@${handles.get(id[1] as string)}`));
        // Joins and leaves are items, flagged, never silently dropped.
        if (m.subtype === 'channel_join' || m.subtype === 'channel_leave')
          assert.ok(d.flags.includes('system-event'));
        if (m.subtype === undefined) assert.ok(!d.flags.includes('system-event'));
      }
      assert.equal(senders, messages.filter(({ m }) => m.user !== undefined).length);
    },
  );

  void it(
    'Slack corpus - read from a zip with a top folder, the records are the same',
    { skip: corpus.skip },
    async () => {
      const root = corpus.path;
      const entries: { name: string; data: Buffer }[] = [];
      const walk = (rel: string): void => {
        for (const name of readdirSync(path.join(root, rel)).sort()) {
          const r = rel === '' ? name : `${rel}/${name}`;
          if (statSync(path.join(root, r)).isDirectory()) walk(r);
          else entries.push({ name: `houstondatavis/${r}`, data: readFileSync(path.join(root, r)) });
        }
      };
      walk('');
      const dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-slack-zip-'));
      try {
        const zipPath = path.join(dir, 'export.zip');
        writeFileSync(zipPath, buildZip(entries));
        const tree = await zipTree(zipPath);
        assert.equal(isSlackExport(tree), true);
        const fromZip = (await readAll(tree)) as ExportRecord[];
        const fromFolder = (await readAll(await folderTree(root))) as ExportRecord[];
        assert.equal(fromZip.length, fromFolder.length);
        fromZip.forEach((z, i) => {
          const f = fromFolder[i] as ExportRecord;
          assert.deepEqual(z.draft, f.draft);
          assert.deepEqual(z.bytes, f.bytes);
          assert.deepEqual(z.location, {
            ...f.location,
            path: zipPath,
            member: `houstondatavis/${f.location.member}`,
          });
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
