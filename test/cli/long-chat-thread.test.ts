/**
 * `innsyn thread` on a chat of more messages than a view shows (MAX_THREAD_NODES): it shows the
 * part around the item asked for, says which part that is, and what lists the whole chat.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_THREAD_NODES } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';

let dir = '';
let db = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'innsyn-long-chat-'));
  db = path.join(dir, 'case.db');
  const lines: string[] = [];
  for (let i = 0; i < MAX_THREAD_NODES + 5; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
    const day = String(1 + Math.floor(i / 1440)).padStart(2, '0');
    lines.push(
      `${day}/10/2016, ${hour}:${minute} - ${i % 2 ? 'Kari Holm' : 'Ola Nordmann'}: message number ${i}\n`,
    );
  }
  const chat = path.join(dir, 'WhatsApp Chat with Kari Holm.txt');
  writeFileSync(chat, lines.join(''));
  const r = runCli(['ingest', chat, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

void test('CLI thread - a chat longer than a view shows the part around the item and says which', () => {
  const search = (q: string) =>
    (
      JSON.parse(runCli(['search', q, '--db', db, '--json', '--limit', '1']).stdout) as {
        items: Array<{ id: string }>;
      }
    ).items[0]?.id ?? '';
  const first = search('"message number 3"');
  const last = search(`"message number ${MAX_THREAD_NODES + 4}"`);
  assert.match(first, /^[0-9a-f]{32}$/);
  assert.match(last, /^[0-9a-f]{32}$/);
  const shown = runCli(['thread', first, '--db', db]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(
    shown.stdout,
    new RegExp(
      `^thread \\S+: 10000 messages\n\\(nodes 1-10,000 of 10,005, around item ${first}: ` +
        `'innsyn conversation ${first.slice(0, 12)}' lists the whole conversation\\)\n`,
    ),
  );
  assert.match(shown.stdout, new RegExp(`▶ .*message number 3  \\[${first}\\]`));
  const past = runCli(['thread', last, '--db', db]);
  assert.equal(past.code, 0, past.stderr);
  assert.match(past.stdout, /\(nodes 6-10,005 of 10,005, around item /);
  assert.match(past.stdout, new RegExp(`▶ .*message number ${MAX_THREAD_NODES + 4}  \\[${last}\\]\n$`));
  assert.doesNotMatch(past.stdout, /message number 4 /);
  const json = JSON.parse(runCli(['thread', last, '--db', db, '--json']).stdout) as {
    thread: { part?: { offset: number; total: number }; nodes: unknown[] };
  };
  assert.deepEqual(json.thread.part, { offset: 5, total: MAX_THREAD_NODES + 5 });
  assert.equal(json.thread.nodes.length, MAX_THREAD_NODES);
});
