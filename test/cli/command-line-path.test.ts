import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLinePath } from '../../src/cli/command-line-path.js';

void describe('CLI - a path in a command line to copy', () => {
  void it('is relative inside the working directory and absolute outside it', () => {
    assert.equal(commandLinePath('/work/main/innsyn-demo.db', '/work/main'), 'innsyn-demo.db');
    assert.equal(commandLinePath('cases/a.db', '/work/main'), 'cases/a.db');
    assert.equal(commandLinePath('/tmp/demo.db', '/work/main'), '/tmp/demo.db');
    assert.equal(commandLinePath('../other/a.db', '/work/main'), '/work/other/a.db');
    assert.equal(
      commandLinePath('..dots.db', '/work/main'),
      '..dots.db',
      'a name that begins with two dots stays inside',
    );
  });

  void it('is quoted where a shell would split or expand it', () => {
    assert.equal(commandLinePath('/home/me/My cases/a.db', '/work/main'), "'/home/me/My cases/a.db'");
    assert.equal(commandLinePath("/tmp/it's.db", '/work/main'), "'/tmp/it'\\''s.db'");
    assert.equal(commandLinePath('/tmp/$HOME.db', '/work/main'), "'/tmp/$HOME.db'");
    assert.equal(commandLinePath('/tmp/møte.db', '/work/main'), "'/tmp/møte.db'");
  });
});
