/**
 * Attachment texts in the browser (Debian's chromium through playwright-core) against the real
 * server over a store filled by the real ingest from a mailbox written here (a PDF whose text
 * holds markup, a Word file, a scanned page): a hit inside an attachment in the results, the
 * type facet, the item page's list with type, size, what reading each file gave and its text on
 * demand, plain, with the search's words marked; a text read by OCR labelled so. English and
 * bokmål, desktop and phone. Every request that leaves the app's origin fails the suite.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { docx, pdf } from '../extract/attachments/fixtures.js';
import { mailWith } from '../helpers/mail-with-attachments.js';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { buildUi } from './build-ui.js';

const SHOTS = process.env.SHOTS ?? '/tmp/shots-attachments';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

void describe('UI attachments', { skip: chromiumSkip }, () => {
  let dir = '';
  let store: Store;
  let server: RunningServer;
  let watch: BrowserWatch;
  let scan: Buffer;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.origin, server.url, { locale, width });
  const shot = (page: Page, name: string): Promise<void> => watch.shot(page, name, true);
  const idOf = async (q: string): Promise<string> =>
    (await store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 1 })).items[0]?.id ?? '';

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-attachments-'));
    const dist = path.join(dir, 'ui');
    await buildUi(dist);
    scan = pdf([{ grey: { width: 8, height: 8, data: new Uint8Array(64).fill(200) } }]);
    const mbox = path.join(dir, 'case.mbox');
    writeFileSync(
      mbox,
      mailWith('Budsjett 2017', 'The budget is attached. See the report.', [
        {
          name: 'rapport-om-budsjettet-for-kommunestyret-2017.pdf',
          type: 'application/pdf',
          bytes: pdf([
            {
              lines: [
                'Rapport om budsjettet',
                'Møtene i Oslo handler om <script>alert(1)</script> og <b>fet</b> tekst.',
                'Kontakt: post@example.org',
              ],
            },
          ]),
        },
        {
          name: 'notat.docx',
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          bytes: await docx(['Notat fra Bergen-kontoret']),
        },
      ]) +
        mailWith('Skannet brev', 'A scanned letter.', [
          { name: 'brev.pdf', type: 'application/pdf', bytes: scan },
        ]) +
        mailWith('Nothing attached', 'Plain words about Oslo.', []),
    );
    store = await openStore(path.join(dir, 'case.db'));
    await ingest([mbox], store, { workers: 0, extractWorkers: 1 });
    // The scan read again with OCR (as `innsyn ingest --ocr` does), without running Tesseract here.
    const [unread] = [...(await store.getAttachmentTexts([sha(scan)], false)).values()];
    assert.ok(unread && unread.status === 'ocr-needed');
    await store.writeBatch({
      items: [],
      quarantine: [],
      attachmentTexts: [
        {
          ...unread,
          status: 'text',
          method: 'ocr',
          ocr: true,
          ocrPages: 1,
          ocrConfidence: 87,
          flags: ['ocr'],
          lang: 'no',
          chars: 34,
          text: 'Brev til kommunestyret i Tromsø\nHilsen',
        },
      ],
    });
    // Searches on two threads, as `innsyn serve` answers them by default (sqlite-read-pool.ts).
    server = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      uiDir: dist,
      log: () => {},
      readWorkers: 2,
    });
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await server?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.consoleErrors, [], 'errors in the browser console');
    assert.deepEqual(watch.dialogs, [], 'a dialog opened: markup in a text ran');
  });

  void test('UI attachments - a hit inside an attachment says so in the results; the type facet', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('oslo')}&sort=date-asc`);
    await page.getByTestId('result-row').first().waitFor();
    const rows = page.getByTestId('result-row');
    assert.equal(await rows.count(), 2);
    const hit = rows.first().getByTestId('result-attachment-hit');
    assert.equal(
      (await hit.textContent())?.trim(),
      'in attachment rapport-om-budsjettet-for-kommunestyret-2017.pdf:',
    );
    assert.equal(await rows.first().locator('mark').first().textContent(), 'Oslo');
    assert.equal(await rows.nth(1).getByTestId('result-attachment-hit').count(), 0, 'its own text matches');
    const facet = page.getByTestId('facet-type');
    await facet.waitFor();
    assert.match((await facet.textContent()) ?? '', /Attachment type.*PDF.*Document/s);
    await shot(page, 'results-en');
    // Clicking a type adds it to the query.
    await facet.getByRole('button', { name: /Document/ }).click();
    await page.waitForURL(/type%3Adocument/);
    // The rows of the new answer replace the old ones: wait for them, not for any row.
    await page
      .waitForFunction(() => document.querySelectorAll('[data-testid="result-row"]').length === 1, null, {
        timeout: 10_000,
      })
      .catch(() => {});
    assert.equal(await page.getByTestId('result-row').count(), 1);
    await context.close();
  });

  void test('UI attachments - the item page lists type, size and what was read; the text opens as plain text, marked', async () => {
    const { context, page } = await open();
    // From the search, so that its words are marked in the text.
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('oslo kommunestyret')}&sort=date-asc`);
    await page.getByTestId('result-row').first().waitFor();
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('oslo')}&sort=date-asc`);
    await page.getByTestId('result-row').first().click();
    // The hit was in the PDF: the item opens with that file's text shown (?hit=its sha256).
    await page.waitForURL(new RegExp(`/item/${await idOf('subject:budsjett')}\\?hit=[0-9a-f]{64}$`));
    const list = page.getByTestId('attachment');
    await list.first().waitFor();
    assert.equal(await list.count(), 2);
    const first = list.first();
    assert.equal(await first.getByTestId('attachment-type').textContent(), 'PDF');
    assert.match(
      (await first.getByTestId('attachment-status').textContent()) ?? '',
      /Text read: 1 page, \d+ characters/,
    );
    assert.match((await first.textContent()) ?? '', /application\/pdf · \d+(\.\d)? (KB|B)/);
    assert.equal(await list.nth(1).getByTestId('attachment-type').textContent(), 'Document');
    assert.equal(await first.getByTestId('attachment-ocr').count(), 0);
    const text = first.getByTestId('attachment-text');
    await text.waitFor();
    const content = (await text.textContent()) ?? '';
    assert.match(content, /<script>alert\(1\)<\/script> og <b>fet<\/b> tekst/, 'markup shown as text');
    assert.equal(await text.locator('script, b').count(), 0, 'never as elements');
    assert.deepEqual(await text.locator('mark').allTextContents(), ['Oslo']);
    // The other attachment did not match: its text stays folded, and opens on demand.
    assert.equal(await list.nth(1).getByTestId('attachment-text').count(), 0);
    await shot(page, 'item-en');
    await context.close();
  });

  void test('UI attachments - text read by OCR is labelled as OCR', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/item/${await idOf('subject:skannet')}`);
    const item = page.getByTestId('attachment').first();
    await item.waitFor();
    assert.equal(await item.getByTestId('attachment-ocr').textContent(), 'OCR');
    assert.match(
      (await item.getByTestId('attachment-ocr').getAttribute('title')) ?? '',
      /confidence 87 of 100/,
    );
    await item.getByTestId('attachment-text-toggle').click();
    await item.getByTestId('attachment-text').waitFor();
    assert.equal(await item.getByTestId('attachment-text-ocr').textContent(), 'OCR');
    assert.match((await item.textContent()) ?? '', /Read by OCR from images/);
    assert.match((await item.getByTestId('attachment-text').textContent()) ?? '', /kommunestyret i Tromsø/);
    await shot(page, 'item-ocr-en');
    await context.close();
  });

  void test('UI attachments - in bokmål, and at phone width', async () => {
    const { context, page } = await open('nb-NO', 390);
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('oslo')}&sort=date-asc`);
    await page.getByTestId('result-row').first().waitFor();
    assert.match(
      (await page.getByTestId('result-attachment-hit').first().textContent()) ?? '',
      /i vedlegget rapport-om-budsjettet/,
    );
    await shot(page, 'results-nb-phone');
    await page.getByTestId('result-row').first().click();
    const first = page.getByTestId('attachment').first();
    await first.waitFor();
    assert.match((await first.getByTestId('attachment-status').textContent()) ?? '', /Tekst lest: 1 side,/);
    await first.getByTestId('attachment-text').waitFor();
    assert.match((await first.textContent()) ?? '', /Teksten slik innsyn leste den/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    await shot(page, 'item-nb-phone');
    await context.close();
  });
});
