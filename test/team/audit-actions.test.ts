import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ACTIONS } from '../../src/team/team-types.js';
import { AUDIT_ACTIONS as UI_ACTIONS } from '../../web/src/admin/admin-api.js';
import { adminMessages } from '../../web/src/admin/admin-messages.js';
import { auditDetailText } from '../../web/src/admin/audit-detail.js';

/** The admin page knows every action the audit log records, in both languages. */
void test('Audit actions - the admin page lists, names and describes every action the server records', () => {
  assert.deepEqual([...UI_ACTIONS].sort(), [...AUDIT_ACTIONS].sort());
  for (const lang of ['en', 'nb'] as const) {
    const t = adminMessages(lang);
    for (const a of AUDIT_ACTIONS) assert.ok(t.actions[a], `${lang}: no label for ${a}`);
  }
  const entry = {
    id: 1,
    at: '2026-11-26T10:00:00.000Z',
    user: null,
    action: 'collection-remove' as const,
    collection: 'leak',
    detail: { schema: 'c_leak', items: 1204, members: 1 },
    client: 'cli:root@host',
  };
  assert.equal(auditDetailText(entry, adminMessages('en'), 'en'), 'c_leak: 1204 items and 1 member deleted');
  assert.equal(
    auditDetailText(entry, adminMessages('nb'), 'nb'),
    'c_leak: 1204 elementer og 1 medlem slettet',
  );
  // An export's start (the front, before the first byte) and its end (the export hook).
  const at = { ...entry, action: 'export' as const };
  const started = { ...at, detail: { format: 'mbox', query: 'wikileaks', outcome: 'started' } };
  assert.equal(auditDetailText(started, adminMessages('en'), 'en'), 'mbox, started: “wikileaks”');
  assert.equal(auditDetailText(started, adminMessages('nb'), 'nb'), 'mbox, startet: «wikileaks»');
  const ended = { ...at, detail: { format: 'mbox', query: '', outcome: 'complete', items: 3, sha256: 'ab' } };
  assert.equal(auditDetailText(ended, adminMessages('en'), 'en'), 'mbox, 3 items, complete: every item');
  // A search by another route than the search: its route named.
  const echoes = { ...entry, action: 'search' as const, detail: { query: 'from:ola', via: 'echoes' } };
  assert.equal(auditDetailText(echoes, adminMessages('en'), 'en'), 'echoes: “from:ola”');
  assert.equal(auditDetailText(echoes, adminMessages('nb'), 'nb'), 'ekko: «from:ola»');
  // A batch search: its count and the terms recorded, and its filter.
  const batch = {
    ...entry,
    action: 'search' as const,
    detail: { batch: true, count: 150, terms: ['Ola', 'Kari'], filter: 'from:x' },
  };
  assert.equal(
    auditDetailText(batch, adminMessages('en'), 'en'),
    'batch search, 150 terms: “Ola”, “Kari”; within “from:x”',
  );
  assert.equal(
    auditDetailText(batch, adminMessages('nb'), 'nb'),
    'listesøk, 150 ord: «Ola», «Kari»; innenfor «from:x»',
  );
});
