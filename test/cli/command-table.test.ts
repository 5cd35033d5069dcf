import assert from 'node:assert/strict';
import { test } from 'node:test';

import { commands } from '../../src/cli/commands/index.js';

void test('command table: every entry loads the command of its name, each name once', async () => {
  const names = commands.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'a name is listed twice');
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name, `the entry '${entry.name}' loads '${command.name}'`);
    assert.ok(command.summary.length > 0 && command.usage.startsWith(`innsyn ${entry.name}`), entry.name);
  }
});
