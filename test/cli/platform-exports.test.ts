import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { sharedPath } from '../helpers/shared.js';

/**
 * Real exports from ../shared/corpora through `innsyn ingest`: each is recognised as what it is
 * and every record its reader counts lands in the store (the readers' own tests count the
 * records against the exports independently).
 */
const CASES: Array<{ rel: string; format: string; read: number; platform: string }> = [
  { rel: 'corpora/x-archive-milahu', format: 'X archive', read: 2123, platform: 'x' },
  { rel: 'corpora/slack-export-houstondatavis', format: 'Slack export', read: 1382, platform: 'slack' },
  {
    rel: 'corpora/chat-analytics/tests/samples/telegram/BIG_20A_5475M.json',
    format: 'Telegram export',
    read: 5475,
    platform: 'telegram',
  },
  {
    rel: 'corpora/chat-analytics/tests/samples/whatsapp/4A_11M.zip',
    format: 'WhatsApp chat',
    read: 14, // 11 messages and 3 system lines
    platform: 'whatsapp',
  },
];

describe('CLI - platform exports from the shared corpora', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-exports-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    const input = sharedPath(c.rel);
    it(`ingest - ${c.rel} is read as a ${c.format}, every record stored`, { skip: input.skip }, () => {
      const db = path.join(dir, `${c.platform}.db`);
      const r = runCli(['ingest', input.path, '--db', db, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const { report } = JSON.parse(r.stdout) as {
        report: { read: number; stored: number; quarantined: number; inputs: Array<{ format: string }> };
      };
      assert.equal(report.inputs[0]?.format, c.format);
      assert.deepEqual([report.read, report.stored, report.quarantined], [c.read, c.read, 0]);
      const s = runCli(['search', `platform:${c.platform}`, '--db', db, '--json', '--limit', '1']);
      assert.equal((JSON.parse(s.stdout) as { total: number }).total, c.read);
    });
  }
});
