/**
 * A WhatsApp group chat longer than one part (MAX_THREAD_NODES + 450 messages, made here by a
 * script and read by the real reader) in the real UI and server: a hit late in the chat is in
 * the chat beside it; "Show earlier" at the start of a part loads the part before and keeps the
 * reader's place; "Go to the start" and "Back to this message" move between parts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { MAX_THREAD_NODES, openStore, type Store } from '../../src/store/index.js';
import { watchedPage, type Watch } from './watched-page.js';
import { CHROMIUM, CHROMIUM_ARGS, UI_DIR, browserSkipReason } from './e2e-server.js';

const skip = browserSkipReason();
if (skip) console.log(`# e2e chat parts skipped: ${skip}`);

const TOTAL = MAX_THREAD_NODES + 450;
const NAMES = ['Kari Holm', 'Ola Nordmann', 'Per Berg'];

/** `line N of the case` a minute apart from 1 March 2019, three writers in turn. */
function chatText(): string {
  const lines: string[] = [];
  for (let k = 0; k < TOTAL; k++) {
    const t = new Date(Date.UTC(2019, 2, 1, 8) + k * 60_000);
    const two = (x: number) => String(x).padStart(2, '0');
    const stamp = `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
    lines.push(`${stamp} - ${NAMES[k % 3]}: line ${k} of the case\n`);
  }
  return lines.join('');
}

void describe('e2e chat parts', { skip: skip ?? false }, () => {
  let dir = '';
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let watch: Watch;

  const idOf = async (k: number): Promise<string> => {
    const r = await store.search(parseQuery(`"line ${k} of the case"`), {
      limit: 1,
      offset: 0,
      sort: 'date',
    });
    const id = r.items[0]?.id;
    assert.ok(id, `line ${k} is stored`);
    return id;
  };
  const showing = async () => (await page.getByTestId('chat-showing').textContent()) ?? '';
  const bubbleTexts = async () =>
    page
      .getByTestId('chat-bubble')
      .evaluateAll((els) => els.map((e) => /line (\d+)/.exec(e.textContent ?? '')?.[1]));

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-chat-parts-'));
    const chat = path.join(dir, 'WhatsApp Chat with Kari Holm.txt');
    writeFileSync(chat, chatText());
    store = await openStore(path.join(dir, 'case.db'));
    const report = await ingest([chat], store, { workers: 0 });
    assert.equal(report.stored, TOTAL);
    server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: UI_DIR, log: () => {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    ({ page, watch } = await watchedPage(browser, server.origin, server.url));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(watch?.foreign ?? [], [], 'nothing left the app');
  });

  void test('e2e chat parts - a message late in a long chat is in the chat beside it; the start is a part away', async () => {
    const late = await idOf(TOTAL - 50);
    await page.goto(`${server.origin}/item/${late}`);
    const current = page.locator('[data-testid="chat-bubble"][aria-current="page"]');
    await current.waitFor();
    assert.equal(await current.getAttribute('data-item-id'), late);
    assert.match((await page.getByTestId('chat-summary').textContent()) ?? '', /10,450 messages/);
    assert.match(
      (await page.getByTestId('chat-part').textContent()) ?? '',
      /messages 451–10,450 of 10,450 are loaded/,
    );
    assert.equal(await showing(), 'Showing 10,251–10,450 of 10,450');

    // The start of the conversation is in the first part: loaded, drawn from its first message.
    await page.getByTestId('chat-first').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="chat-showing"]')?.textContent?.startsWith('Showing 1–'),
    );
    assert.deepEqual((await bubbleTexts()).slice(0, 3), ['0', '1', '2']);
    assert.match((await page.getByTestId('chat-part').textContent()) ?? '', /messages 1–10,000 of 10,450/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-item-id')),
      await idOf(0),
    );

    // And back: the part the item came with, the item marked and in view.
    await page.getByTestId('chat-current').click();
    await current.waitFor();
    assert.equal(await showing(), 'Showing 10,251–10,450 of 10,450');
    assert.ok(
      await current.evaluate((e) => {
        const box = e.closest('.chat-scroll')!.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;
      }),
      'the current message is in view',
    );
  });

  void test('e2e chat parts - "Show earlier" at the start of a part loads the one before, where the reader was', async () => {
    // Message 5,450 comes with the last part (from 450), drawn 4,900 messages into it.
    const id = await idOf(5_450);
    await page.goto(`${server.origin}/item/${id}`);
    await page.locator('[data-testid="chat-bubble"][aria-current="page"]').waitFor();
    assert.equal(await showing(), 'Showing 5,351–5,550 of 10,450');
    const earlier = page.getByTestId('chat-earlier');
    for (let k = 0; k < 40 && !(await showing()).startsWith('Showing 451–'); k++) {
      const before = await showing();
      await earlier.click();
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="chat-showing"]')?.textContent !== b,
        before,
      );
    }
    assert.equal(await showing(), 'Showing 451–1,450 of 10,450');
    // At the part's start now: the next click needs the part before.
    const first = page.getByTestId('chat-bubble').first();
    assert.equal(await first.getAttribute('data-item-id'), await idOf(450));
    const scroller = page.locator('.chat-pane .chat-scroll');
    await scroller.evaluate((e) => (e.scrollTop = 0));
    const topBefore = await first.evaluate((e) => e.getBoundingClientRect().top);
    await earlier.click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="chat-showing"]')?.textContent?.startsWith('Showing 251–'),
    );
    assert.equal(await showing(), 'Showing 251–1,250 of 10,450');
    assert.match((await page.getByTestId('chat-part').textContent()) ?? '', /messages 1–10,000 of 10,450/);
    assert.deepEqual(
      (await bubbleTexts()).map(Number),
      Array.from({ length: 1_000 }, (_, k) => 250 + k),
      'messages 250-1,249, one after another',
    );
    // Message 450 stayed where it was on screen, the earlier ones above it; the button has the focus.
    const again = page.locator(`[data-testid="chat-bubble"][data-item-id="${await idOf(450)}"]`);
    assert.ok(Math.abs((await again.evaluate((e) => e.getBoundingClientRect().top)) - topBefore) < 2);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'chat-earlier',
    );
    // The item opened is still marked as the current one once it is drawn again.
    await page.getByTestId('chat-current').click();
    assert.equal(
      await page.locator('[data-testid="chat-bubble"][aria-current="page"]').getAttribute('data-item-id'),
      id,
    );
    assert.deepEqual(watch.dialogs, []);
  });
});
