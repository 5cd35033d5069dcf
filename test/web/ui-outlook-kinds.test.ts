/**
 * Outlook's calendar items, contacts and tasks in the UI: their kind badge in the results and on
 * the item page (Event, Contact, Task; Møte/avtale, Kontakt, Oppgave), what the rows of their
 * envelope are called (an event's organiser and attendees, a contact's addresses, what its date
 * is), and their details, which the readers put at the head of the text (Starts, Location,
 * Mobile phone, Due, Status: src/sources/outlook/outlook-details.ts), shown as that text.
 *
 * In a real browser (Debian's chromium through playwright-core) over the real server. The case:
 * a task and a meeting with optional attendees and a room built as the PST reader records them
 * (an `innsyn-pst-item` record through the real outlookToItem; no file of ../shared holds a task
 * or optional attendees), and, when ../shared is there, `A schedule.msg` (a calendar item),
 * `contactUnicode.msg` (a contact) and aleph's testPST.pst (mail) through the real ingest. Every
 * request leaving the app's origin fails the suite, and so does any error in the page's console.
 * Screenshots go to $SHOTS (default /tmp/shots-outlook-kinds).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { outlookToItem } from '../../src/ingest/outlook-to-item.js';
import type { Item, RawMessage } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import {
  outlookDetails,
  PSETID_APPOINTMENT,
  PSETID_TASK,
} from '../../src/sources/outlook/outlook-details.js';
import type { OutlookItem } from '../../src/sources/outlook/outlook-item.js';
import { outlookKind } from '../../src/sources/outlook/outlook-kind.js';
import { encodePstItem } from '../../src/sources/outlook/pst-item-json.js';
import { openStore, type Store } from '../../src/store/index.js';
import { en } from '../../web/src/i18n/en.js';
import { nb } from '../../web/src/i18n/nb.js';
import { envelopeLabels } from '../../web/src/item/envelope-labels.js';
import { kindLabel } from '../../web/src/ui/kind-label.js';
import { sharedPath } from '../helpers/shared.js';
import { outlookItem } from '../sources/outlook/outlook-item-fixture.js';
import { buildUi } from './build-ui.js';

const skip = chromiumSkip;
const SHOTS = process.env.SHOTS ?? '/tmp/shots-outlook-kinds';
const msgDir = sharedPath('corpora/kenjiuno-msgreader/test');
const aleph = sharedPath('corpora/aleph-ingest-file/tests/fixtures');
const noShared = msgDir.skip || aleph.skip;

/**
 * The item the ingest makes of `o` as a PST holds it: its details computed by the readers' own
 * outlookDetails from `named` properties, the record encoded as the PST reader keeps it, read
 * back through outlookToItem.
 */
function fromPst(
  o: OutlookItem,
  named: Record<string, string | number>,
  node: number,
): { item: Item; raw: Uint8Array } {
  const src = { tag: () => null, named: (set: string, lid: number) => named[`${set}/${lid}`] ?? null };
  const withDetails = { ...o, details: outlookDetails(outlookKind(o.messageClass), o, src) };
  const folder = 'Top of Outlook data file/Kalender';
  const bytes = encodePstItem(withDetails, folder, node);
  const raw: RawMessage & { format: 'outlook-pst' } = {
    type: 'message',
    format: 'outlook-pst',
    bytes,
    location: { path: '/evidence/kari.pst', member: `${folder}#${node}`, offset: 0, length: bytes.length },
  };
  const r = outlookToItem(raw);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return { item: r.item, raw: bytes };
}

const kari = { name: 'Kari Nordmann', address: 'kari@example.no', addressType: 'SMTP' };
const attendee = (type: 'to' | 'cc' | 'bcc', name: string, address: string) => ({
  type,
  name,
  address,
  addressType: 'SMTP',
});

/** A meeting with one required and one optional attendee and a room, as a PST holds it. */
const MEETING = fromPst(
  outlookItem({
    messageClass: 'IPM.Appointment',
    subject: 'Kildemøte om lekkasjen',
    sender: kari,
    recipients: [
      attendee('to', 'Ola Hansen', 'ola@example.no'),
      attendee('cc', 'Per Berg', 'per@example.no'),
      attendee('bcc', 'Møterom 3', 'rom3@example.no'),
    ],
    start: '2024-03-12T08:00:00.000Z',
    end: '2024-03-12T09:30:00.000Z',
    body: 'Ta med utskriftene.',
  }),
  { [`${PSETID_APPOINTMENT}/${0x8208}`]: 'Redaksjonen, 4. etasje' },
  2097188,
);

/** A task in progress, due in March. */
const TASK = fromPst(
  outlookItem({
    messageClass: 'IPM.Task',
    subject: 'Sjekk eierskapet til selskapet',
    sender: kari,
    start: '2024-03-01T00:00:00.000Z',
    end: '2024-03-15T00:00:00.000Z',
    body: 'Brønnøysund og aksjonærregisteret.',
  }),
  { [`${PSETID_TASK}/${0x8101}`]: 1, [`${PSETID_TASK}/${0x811f}`]: 'Kari Nordmann' },
  2097220,
);

void describe('UI Outlook kinds - labels', () => {
  void test('UI Outlook kinds - an event, a contact and a task are labelled by their kind alone', () => {
    const cases: Array<['event' | 'contact' | 'task', string, string]> = [
      ['event', 'Event', 'Møte/avtale'],
      ['contact', 'Contact', 'Kontakt'],
      ['task', 'Task', 'Oppgave'],
    ];
    for (const [kind, inEn, inNb] of cases) {
      assert.equal(kindLabel(kind, 'outlook', en), inEn);
      assert.equal(kindLabel(kind, 'outlook', nb), inNb);
    }
    // Outlook's mail is mail.
    assert.equal(kindLabel('email', 'email', en), 'Email');
  });

  void test("UI Outlook kinds - an event's envelope has an organiser and attendees; a contact none; dates say what they are", () => {
    assert.deepEqual(envelopeLabels(MEETING.item, en, 'en'), {
      from: 'Organiser',
      to: 'Attendees',
      cc: 'Optional',
      bcc: 'Resources',
      date: 'Starts',
    });
    assert.deepEqual(envelopeLabels(MEETING.item, nb, 'nb'), {
      from: 'Arrangør',
      to: 'Deltakere',
      cc: 'Valgfrie',
      bcc: 'Ressurser',
      date: 'Starter',
    });
    assert.equal(envelopeLabels(TASK.item, en, 'en').date, 'Start or due');
    assert.equal(envelopeLabels(TASK.item, nb, 'nb').date, 'Start eller frist');
    assert.deepEqual(envelopeLabels({ kind: 'contact', flags: ['date-is-created'] }, en, 'en'), {
      from: null,
      to: 'E-mail',
      cc: 'Cc',
      bcc: 'Bcc',
      date: 'Created',
    });
    assert.deepEqual(envelopeLabels({ kind: 'email', flags: [] }, nb, 'nb'), {
      from: nb.hdrFrom,
      to: nb.hdrTo,
      cc: nb.hdrCc,
      bcc: nb.hdrBcc,
      date: nb.hdrDate,
    });
  });
});

void describe('UI Outlook kinds', { skip }, () => {
  let dir = '';
  let store: Store;
  let server: RunningServer;
  let watch: BrowserWatch;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.origin, server.url, { locale, width });
  const shot = (page: Page, name: string): Promise<void> => watch.shot(page, name);
  const ids = async (q: string): Promise<string[]> =>
    (await store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 100 })).items.map((i) => i.id);
  /** The envelope as label → text. */
  const envelope = async (page: Page): Promise<Record<string, string>> =>
    page.getByTestId('item-headers').evaluate((dl) => {
      const out: Record<string, string> = {};
      for (const dt of Array.from(dl.querySelectorAll('dt')))
        out[dt.textContent ?? ''] = (dt.nextElementSibling?.textContent ?? '').trim();
      return out;
    });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-outlook-ui-'));
    const dist = path.join(dir, 'ui');
    await buildUi(dist);
    store = await openStore(path.join(dir, 'case.db'));
    if (!noShared) {
      const inputs = [
        path.join(msgDir.path, 'A schedule.msg'),
        path.join(msgDir.path, 'contactUnicode.msg'),
        path.join(aleph.path, 'testPST.pst'),
      ];
      const report = await ingest(inputs, store, { workers: 0 });
      assert.equal(report.quarantined, 0);
    }
    await store.writeBatch({ items: [MEETING, TASK], quarantine: [] });
    await rebuildThreads(store);
    await store.rebuildPeople();
    server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: dist, log: () => {} });
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await server?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.consoleErrors, [], 'errors in the browser console');
  });

  void test('UI Outlook kinds - result rows carry the kind badge, in English and bokmål', async () => {
    const q = 'kind:event OR kind:contact OR kind:task';
    const expected = new Map<string, [string, string]>([
      ['event', ['Event', 'Møte/avtale']],
      ['contact', ['Contact', 'Kontakt']],
      ['task', ['Task', 'Oppgave']],
    ]);
    const matches = await store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 100 });
    assert.ok(matches.total >= 2);
    for (const [lang, locale] of [
      [0, 'en-GB'],
      [1, 'nb-NO'],
    ] as const) {
      const { context, page } = await open(locale);
      await page.goto(`${server.origin}/search?q=${encodeURIComponent(q)}&sort=date`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="result-row"]').length === n,
        matches.total,
      );
      for (const s of matches.items) {
        const row = page.locator(`[data-testid="result-row"][data-item-id="${s.id}"]`);
        const badge = row.getByTestId('kind-badge');
        assert.equal((await badge.textContent())?.trim(), expected.get(s.kind)?.[lang], s.kind);
        assert.match((await badge.getAttribute('class')) ?? '', new RegExp(`badge-${s.kind}\\b`));
        // A contact has no sender: its From column is empty, not "(unknown)".
        if (s.kind === 'contact') assert.equal(await row.locator('.r-from').textContent(), '');
      }
      await shot(page, `results-${locale}`);
      await context.close();
    }
  });

  void test('UI Outlook kinds - a meeting: organiser, attendees, optional, a room, its start; where and when in the text', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/item/${MEETING.item.id}`);
    await page.getByTestId('item-headers').waitFor();
    assert.equal((await page.getByTestId('kind-badge').textContent())?.trim(), 'Event');
    const env = await envelope(page);
    assert.equal(env.Organiser, 'Kari Nordmann <kari@example.no>');
    assert.equal(env.Attendees, 'Ola Hansen <ola@example.no>');
    assert.equal(env.Optional, 'Per Berg <per@example.no>');
    assert.equal(env.Resources, 'Møterom 3 <rom3@example.no>');
    assert.match(env.Starts ?? '', /12 March 2024.*08:00/);
    assert.equal(env.From, undefined);
    assert.equal(
      (await page.getByTestId('item-text').textContent())?.trim(),
      'Starts: 2024-03-12 08:00 UTC\nEnds: 2024-03-12 09:30 UTC\nLocation: Redaksjonen, 4. etasje\n\nTa med utskriftene.',
    );
    await shot(page, 'event-en');
    await context.close();

    const nbPage = await open('nb-NO');
    await nbPage.page.goto(`${server.origin}/item/${MEETING.item.id}`);
    await nbPage.page.getByTestId('item-headers').waitFor();
    assert.equal((await nbPage.page.getByTestId('kind-badge').textContent())?.trim(), 'Møte/avtale');
    assert.deepEqual(Object.keys(await envelope(nbPage.page)).slice(0, 5), [
      'Arrangør',
      'Deltakere',
      'Valgfrie',
      'Ressurser',
      'Starter',
    ]);
    await shot(nbPage.page, 'event-nb');
    await nbPage.context.close();
  });

  void test('UI Outlook kinds - a task: its start or due date; due date, status and owner in the text', async () => {
    const { context, page } = await open('nb-NO');
    await page.goto(`${server.origin}/item/${TASK.item.id}`);
    await page.getByTestId('item-headers').waitFor();
    assert.equal((await page.getByTestId('kind-badge').textContent())?.trim(), 'Oppgave');
    const env = await envelope(page);
    assert.match(env['Start eller frist'] ?? '', /1\. mars 2024/);
    assert.equal(
      (await page.getByTestId('item-text').textContent())?.trim(),
      'Starts: 2024-03-01 00:00 UTC\nDue: 2024-03-15 00:00 UTC\nStatus: in progress\nOwner: Kari Nordmann\n\nBrønnøysund og aksjonærregisteret.',
    );
    await shot(page, 'task-nb');
    await context.close();

    const phone = await open('nb-NO', 390);
    await phone.page.goto(`${server.origin}/item/${TASK.item.id}`);
    await phone.page.getByTestId('item-headers').waitFor();
    await shot(phone.page, 'task-phone-nb');
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the task page is ${wide} px wide at 390`);
    await phone.context.close();
  });

  void test(
    'UI Outlook kinds - a contact from a real .msg: no sender, its addresses, phones in the text',
    {
      skip: noShared,
    },
    async () => {
      const [contact] = await ids('kind:contact');
      assert.ok(contact);
      const { context, page } = await open();
      await page.goto(`${server.origin}/item/${contact}`);
      await page.getByTestId('item-headers').waitFor();
      assert.equal((await page.getByTestId('kind-badge').textContent())?.trim(), 'Contact');
      const env = await envelope(page);
      assert.equal(env.From, undefined, 'a contact has no sender');
      assert.equal(env['E-mail'], 'Mr. イグザンプル ドット コム 殿 <test@example.com>');
      assert.ok(env.Created, 'its date is the day it was made');
      const text = (await page.getByTestId('item-text').textContent()) ?? '';
      assert.match(text, /^Name: Mr\. イグザンプル ドット コム 殿\nCompany: My work company\n/);
      assert.match(text, /\nMobile phone: 080-0001-0001\n/);
      await shot(page, 'contact-en');
      await context.close();

      const phone = await open('nb-NO', 390);
      await phone.page.goto(`${server.origin}/item/${contact}`);
      await phone.page.getByTestId('item-headers').waitFor();
      assert.equal((await phone.page.getByTestId('kind-badge').textContent())?.trim(), 'Kontakt');
      await shot(phone.page, 'contact-phone-nb');
      const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `the contact page is ${wide} px wide at 390`);
      await phone.context.close();
    },
  );

  void test(
    'UI Outlook kinds - a calendar item from a real .msg: where in the text; mail from a .pst stays Email',
    {
      skip: noShared,
    },
    async () => {
      const [event] = await ids('kind:event subject:"A schedule"');
      assert.ok(event);
      const { context, page } = await open();
      await page.goto(`${server.origin}/item/${event}`);
      await page.getByTestId('item-headers').waitFor();
      assert.equal((await page.getByTestId('kind-badge').textContent())?.trim(), 'Event');
      const env = await envelope(page);
      assert.match(env.Organiser ?? '', /^UnoKenji /);
      assert.equal(env.Attendees, 'UnoKenji <ku@digitaldolphins.onmicrosoft.com>');
      assert.match(env.Starts ?? '', /13 October 2021.*09:30/);
      assert.match(
        (await page.getByTestId('item-text').textContent()) ?? '',
        /^Starts: .*\nEnds: .*\nLocation: A place\n/,
      );

      const [mail] = await ids('kind:email');
      assert.ok(mail, 'testPST.pst holds mail');
      await page.goto(`${server.origin}/item/${mail}`);
      await page.getByTestId('item-headers').waitFor();
      assert.equal((await page.getByTestId('kind-badge').textContent())?.trim(), 'Email');
      assert.ok('From' in (await envelope(page)));
      await context.close();
    },
  );
});
