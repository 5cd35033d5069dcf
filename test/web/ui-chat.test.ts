/**
 * The chat and post views in a real browser (Debian's chromium through playwright-core)
 * against the fixture server, filled by the real readers (chat-corpus.ts): the seed X DMs and
 * posts, and Telegram's DM and 5,475-message group. Every request that leaves the app's origin
 * is caught and fails the suite, as in ui-fixture.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { parseQuery } from '../../src/query/index.js';
import { buildUi } from './build-ui.js';
import { BIG_GROUP_MESSAGES, buildChatCorpus, chatCorpusSkip } from './chat-corpus.js';
import { FIXTURE_TOKEN, startFixtureServer, type FixtureServer } from './fixture-server.js';

const skip = chromiumSkip || chatCorpusSkip;
/** Bubbles drawn at first around the current message (web/src/chat/chat-model.ts CHAT_WINDOW). */
const WINDOW = 200;

void describe('UI chat', { skip }, () => {
  let dist = '';
  let server: FixtureServer;
  let watch: BrowserWatch;
  let shared: OpenPage;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.url, `${server.url}/?token=${FIXTURE_TOKEN}`, {
      locale,
      width,
      height: 800,
      timezoneId: 'Europe/Oslo',
    });

  /** Item ids in date order for a query, from the store itself (not through the UI under test). */
  async function ids(q: string, limit = 10, offset = 0): Promise<string[]> {
    const r = await server.corpus.store.search(parseQuery(q), { sort: 'date-asc', offset, limit });
    return r.items.map((i) => i.id);
  }

  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-chat-'));
    await buildUi(dist);
    server = await startFixtureServer({ distDir: dist, corpus: buildChatCorpus });
    watch = await BrowserWatch.launch();
    shared = await open();
  });
  after(async () => {
    await shared?.context.close();
    await watch?.close();
    await server?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI or a message reached another origin');
    assert.deepEqual(watch.dialogs, [], 'a script from message content ran');
  });

  void test('UI chat - an X DM shows its conversation as a chat: order, sides, days, sessions, the current one marked', async () => {
    const { page } = shared;
    const dm = await ids('kind:message platform:x', 50);
    assert.equal(dm.length, 13, 'the seed archive has 13 DMs');
    const tax = (await ids('kind:message platform:x tax'))[0] as string;
    await page.goto(`${server.url}/item/${tax}`);
    const current = page.locator('[data-testid="chat-bubble"][aria-current="page"]');
    await current.waitFor();
    assert.equal(await page.getByTestId('item-page').getAttribute('data-layout'), 'chat');
    // Every message of the conversation, in time order, each a link to its permalink.
    const bubbles = page.getByTestId('chat-bubble');
    const shown = await bubbles.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    assert.deepEqual(shown, dm);
    const hrefs = await bubbles.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    assert.deepEqual(
      hrefs,
      dm.map((id) => `/item/${id}`),
    );
    assert.equal(await current.getAttribute('data-item-id'), tax);
    // The item's sender (WikiLeaks) on the right, the other on the left; no names above bubbles in a DM.
    const sides = await page
      .getByTestId('chat-row')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-side')}:${e.textContent ?? ''}`));
    assert.ok(
      sides.every((s) => (s.startsWith('end:') ? s.includes('WikiLeaks') : s.includes('Donald Trump Jr.'))),
    );
    assert.equal(sides.filter((s) => s.startsWith('start:')).length, 2, 'Don answered twice');
    assert.equal(await page.getByTestId('chat-sender').count(), 0);
    // Participants with their handles, the conversation's own.
    const people = await page.getByTestId('chat-participant').allTextContents();
    assert.equal(people.length, 2);
    assert.match(people[0] ?? '', /WikiLeaks <@wikileaks>.*11 sent · right/);
    assert.match(people[1] ?? '', /Donald Trump Jr\. <@donaldjtrumpjr>.*2 sent · left/);
    // Days and sessions: the tax request of 21 Oct 2016 opens a day after 8 days of silence.
    const dividers = await page.getByTestId('chat-divider').allTextContents();
    assert.ok(
      dividers.includes('Friday, 21 October 2016New session after 8 days 20 h of silence'),
      dividers.join('|'),
    );
    assert.ok(dividers.every((d) => d !== ''));
    // Times in UTC on the bubble, the reader's own clock (Europe/Oslo here) in the title.
    const time = current.locator('time');
    assert.equal(await time.textContent(), '09:10');
    assert.equal(await time.getAttribute('datetime'), '2016-10-21T09:10:00.000Z');
    assert.match(
      (await time.getAttribute('title')) ?? '',
      /09:10:00 UTC\n.*11:10:00 your time \(Europe\/Oslo\)/,
    );
    // The current bubble is in view inside the chat's own scroll box.
    const inView = await current.evaluate((el) => {
      const box = el.closest('.chat-scroll')?.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return !!box && r.top >= box.top && r.bottom <= box.bottom;
    });
    assert.ok(inView, 'the current message is scrolled into view');
    // The header: no "(no subject)", the start of the text instead; the kind label.
    assert.match((await page.getByTestId('item-subject').textContent()) ?? '', /^An odd suggestion: pass us/);
    assert.equal(await page.locator('.item-head [data-testid="kind-badge"]').textContent(), 'X · DM');
    assert.equal(
      await page.getByTestId('item-from').textContent(),
      'WikiLeaks <@wikileaks>',
      'the sender as Name <@handle>',
    );
  });

  void test('UI chat - keyboard: one tab stop, arrows move between bubbles, Enter opens, the sides stay', async () => {
    const { page } = shared;
    const dm = await ids('kind:message platform:x', 50);
    const at = 6;
    await page.goto(`${server.url}/item/${dm[at]}`);
    await page.locator('[data-testid="chat-bubble"][aria-current="page"]').waitFor();
    const stops = await page
      .locator('a.chat-bubble[tabindex="0"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    assert.deepEqual(stops, [dm[at]], 'the current message is the list’s one tab stop');
    await page.locator(`a.chat-bubble[data-item-id="${dm[at]}"]`).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.activeElement.dataset.itemId'), dm[at - 1]);
    const focusRing = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    assert.equal(focusRing, 'solid', 'the focus is visible');
    const rightBefore = await page.locator('[data-testid="chat-row"][data-side="end"]').count();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/item/${dm[at - 1]}`);
    await page
      .locator(`[data-testid="chat-bubble"][aria-current="page"][data-item-id="${dm[at - 1]}"]`)
      .waitFor();
    // Opened from WikiLeaks' message: WikiLeaks stays on the right whichever message is opened next.
    assert.equal(await page.locator('[data-testid="chat-row"][data-side="end"]').count(), rightBefore);
    // j and k walk the conversation in time order.
    await page.getByTestId('item-text').waitFor();
    await page.keyboard.press('j');
    await page.waitForURL(`**/item/${dm[at]}`);
  });

  void test(`UI chat - a ${BIG_GROUP_MESSAGES}-message group draws a window around the message, fast, from one request`, async () => {
    const { context, page } = await open();
    const group = await ids(
      'kind:message platform:telegram conversation:568a020161334acf668743e3b2e79e34',
      1,
      2700,
    );
    const target = group[0] as string;
    assert.ok(target, 'the big Telegram group is in the corpus');
    /** Requests for items and threads: the conversation must come in one answer, not one per message. */
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/api/items') || p.startsWith('/api/threads')) apiCalls.push(p);
    });
    // When the current bubble first exists, on the page's own clock.
    // (Scripts for the page are strings: the tests are type-checked without the DOM's types.)
    await page.addInitScript({
      content: `
        const seen = new MutationObserver(() => {
          if (window.drawnAt === undefined &&
              document.querySelector('[data-testid="chat-bubble"][aria-current="page"]')) {
            window.drawnAt = performance.now();
            seen.disconnect();
          }
        });
        document.addEventListener('DOMContentLoaded', () =>
          seen.observe(document.body, { childList: true, subtree: true }));`,
    });
    await page.goto(`${server.url}/item/${target}`);
    const current = page.locator('[data-testid="chat-bubble"][aria-current="page"]');
    await current.waitFor({ timeout: 60_000 });
    const timing = (await page.evaluate(`(() => {
      const e = performance.getEntriesByType('resource').find((x) => x.name.includes('/api/items/'));
      return {
        bytes: e ? e.encodedBodySize : NaN,
        requested: Math.round(e ? e.requestStart : NaN),
        answered: Math.round(e ? e.responseEnd : NaN),
        drawn: Math.round(window.drawnAt ?? NaN),
      };
    })()`)) as { bytes: number; requested: number; answered: number; drawn: number };
    console.log(
      `# ${BIG_GROUP_MESSAGES}-message conversation (ms after navigation): item+thread asked at ${timing.requested}, ` +
        `answer of ${timing.bytes} bytes complete at ${timing.answered}, current bubble drawn at ${timing.drawn} ` +
        `(${timing.drawn - timing.answered} ms to parse and draw)`,
    );
    assert.deepEqual(apiCalls, [`/api/items/${target}`]);
    // Generous: the machine running the tests may be busy; the report says what it measured.
    assert.ok(timing.drawn - timing.answered < 5_000, `drawing took ${timing.drawn - timing.answered} ms`);
    const bubbles = page.getByTestId('chat-bubble');
    assert.equal(await bubbles.count(), WINDOW);
    assert.match(
      (await page.getByTestId('chat-summary').textContent()) ?? '',
      /^5,475 messages · 20 participants/,
    );
    assert.equal(await page.getByTestId('chat-showing').textContent(), 'Showing 2,601–2,800 of 5,475');
    // In a group every bubble has its sender's name above it.
    assert.equal(await page.getByTestId('chat-sender').count(), WINDOW);
    assert.equal(await page.getByTestId('chat-view').getAttribute('data-group'), 'true');
    // Show earlier keeps the reader's place: the current bubble does not move on screen.
    const y0 = (await current.boundingBox())?.y;
    // Clicked in the page: Playwright's own click would first scroll the button into view.
    await page.evaluate(`document.querySelector('[data-testid="chat-earlier"]').click()`);
    await page.waitForFunction(`document.querySelectorAll('[data-testid="chat-bubble"]').length === 400`);
    const y1 = (await current.boundingBox())?.y;
    assert.ok(y0 !== undefined && y1 !== undefined && Math.abs(y0 - y1) < 2, `moved from ${y0} to ${y1}`);
    // To the end and back.
    await page.getByTestId('chat-last').click();
    await page.waitForFunction(
      `document.querySelector('[data-testid="chat-showing"]')?.textContent === 'Showing 5,276–5,475 of 5,475'`,
    );
    assert.equal(await page.getByTestId('chat-later').count(), 0);
    const last = (
      await ids('platform:telegram conversation:568a020161334acf668743e3b2e79e34', 1, BIG_GROUP_MESSAGES - 1)
    )[0];
    assert.equal(
      await page.evaluate('document.activeElement.dataset.itemId'),
      last,
      'focus on the last message',
    );
    await page.getByTestId('chat-current').click();
    await current.waitFor();
    assert.equal(await bubbles.count(), WINDOW);
    // A click on another bubble draws it as current at once, from the conversation in memory.
    const other = await bubbles.nth(150).getAttribute('data-item-id');
    await bubbles.nth(150).click();
    await page.locator(`[data-testid="chat-bubble"][aria-current="page"][data-item-id="${other}"]`).waitFor();
    assert.equal(await page.getByTestId('item-page').getAttribute('data-layout'), 'chat');
    await page.getByTestId('item-text').waitFor({ timeout: 60_000 });
    assert.equal(apiCalls.length, 2, apiCalls.join(' '));
    await context.close();
  });

  void test('UI chat - hostile chat text stays text; a reply quotes what it answers; long and empty messages', async () => {
    const { page } = shared;
    const [first, reply, long, sticker] = await ids('platform:telegram participant:user222', 10);
    assert.ok(first && reply && long && sticker);
    await page.goto(`${server.url}/item/${long}`);
    const current = page.locator('[data-testid="chat-bubble"][aria-current="page"]');
    await current.waitFor();
    // The name and the text with markup in them are shown as they were written; nothing was made of them.
    const texts = await page.getByTestId('chat-row').allTextContents();
    assert.ok(
      texts.some((x) => x.includes('<img src=http://tracker.example/p.gif onerror=alert(1)> look at this')),
    );
    assert.ok(
      (await page.getByTestId('chat-participants').textContent())?.includes(
        "Mallory <script>alert('name')</script>",
      ),
    );
    assert.equal(await page.locator('.chat img, .chat script').count(), 0);
    // The reply carries a quote of the message it answers.
    const quote = page.locator(`a.chat-bubble[data-item-id="${reply}"] [data-testid="chat-reply"]`);
    assert.match((await quote.textContent()) ?? '', /Reply to Mallory <script>.*<img src=http:\/\/tracker/);
    // The current message shows its own text, cut at 2,000 characters; the others their snippet.
    const own = (await current.locator('.chat-text').textContent()) ?? '';
    assert.equal(own.length, 2001);
    assert.ok(own.endsWith('…'));
    // A sticker has no text, and says so.
    assert.equal(
      await page.locator(`a.chat-bubble[data-item-id="${sticker}"] .chat-text`).textContent(),
      '(no text)',
    );
    // The header's title is the start of the text, not "(no subject)".
    assert.match(
      (await page.getByTestId('item-subject').textContent()) ?? '',
      /^A long message that goes on\. .*…$/,
    );
  });

  void test('UI chat - the conversation page draws a chat, not a tree', async () => {
    const { page } = shared;
    const dm = await ids('kind:message platform:telegram', 1);
    const threadId = (
      await server.corpus.store.search(
        parseQuery('platform:telegram -conversation:568a020161334acf668743e3b2e79e34'),
        { sort: 'date-asc', offset: 0, limit: 1 },
      )
    ).items[0]?.conversationId;
    assert.ok(dm[0] && threadId);
    await page.goto(`${server.url}/thread/${threadId}`);
    await page.getByTestId('chat-view').waitFor();
    assert.equal(await page.getByTestId('thread-tree').count(), 0);
    assert.equal(await page.getByTestId('chat-bubble').count(), 8);
    assert.equal(await page.locator('[data-testid="chat-bubble"][aria-current="page"]').count(), 0);
  });

  void test('UI chat - a public post is shown as a post: author, handle, time, links; no thread', async () => {
    const { page } = shared;
    const [post] = await ids('kind:post from:donaldjtrumpjr link:wlsearch.tk');
    assert.ok(post, 'the son posted the link WikiLeaks sent him');
    await page.goto(`${server.url}/item/${post}`);
    const card = page.getByTestId('post-card');
    await card.waitFor();
    assert.equal(await page.getByTestId('item-page').getAttribute('data-layout'), 'post');
    assert.equal(await page.locator('.post-name').textContent(), 'Donald Trump Jr.');
    assert.equal(await page.locator('.post-handle').textContent(), '@donaldjtrumpjr');
    assert.deepEqual(await card.getByTestId('kind-badge').allTextContents(), ['X · post']);
    assert.equal(await card.locator('.badge-public').textContent(), 'public');
    assert.match((await page.getByTestId('post-time').textContent()) ?? '', /2016 at \d\d:\d\d:\d\d UTC/);
    // The links: listed as text, never as anchors to the outside.
    assert.match((await card.getByTestId('links').textContent()) ?? '', /wlsearch\.tk/);
    assert.equal(await card.locator('a[href^="http"]').count(), 0);
    // A mention searches the case.
    const mention = card.locator('a.post-mention').first();
    if ((await mention.count()) > 0)
      assert.match((await mention.getAttribute('href')) ?? '', /^\/search\?q=mention%3A/);
    // Not a reply chain: no thread panel at all.
    assert.equal(await page.locator('.item-side').count(), 0);
    assert.equal(await page.getByTestId('thread-tree').count(), 0);
  });

  void test('UI chat - a channel post is a post beside its channel feed, the feed on one side', async () => {
    const { page } = shared;
    const feed = await ids('platform:telegram kind:post', 10);
    assert.equal(feed.length, 3);
    await page.goto(`${server.url}/item/${feed[0]}`);
    await page.getByTestId('post-card').waitFor();
    await page.locator('[data-testid="chat-bubble"][aria-current="page"]').waitFor();
    assert.equal(await page.getByTestId('item-page').getAttribute('data-layout'), 'post');
    assert.deepEqual(await page.getByTestId('post-card').getByTestId('kind-badge').allTextContents(), [
      'Telegram · post',
    ]);
    assert.equal(await page.getByTestId('thread-tree').count(), 0);
    const sides = await page
      .getByTestId('chat-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-side')));
    assert.deepEqual(sides, ['start', 'start', 'start']);
    // The post's text with its link set apart, as text.
    assert.equal(await page.locator('.post-url').textContent(), 'https://example.org/leak');
    assert.equal(await page.locator('.post-tag').textContent(), '#leak');
  });

  void test('UI chat - search results label platform and kind, show handles, no "(no subject)" for chats', async () => {
    const { page } = shared;
    await page.goto(
      `${server.url}/search?q=${encodeURIComponent('wikileaks OR tax OR Incidunt OR meeting')}&sort=date-asc`,
    );
    await page.getByTestId('result-row').first().waitFor();
    const labels = new Set(
      await page.locator('[data-testid="result-row"] [data-testid="kind-badge"]').allTextContents(),
    );
    for (const l of ['X · DM', 'X · post', 'Email', 'Telegram'])
      assert.ok(labels.has(l), `${l} in ${[...labels].join('|')}`);
    const rows = await page.getByTestId('result-row').evaluateAll((els) =>
      els.map((e) => ({
        kind: e.querySelector('[data-testid="kind-badge"]')?.textContent ?? '',
        text: e.textContent ?? '',
        handle: e.querySelector('.r-handle')?.textContent ?? null,
        pub: e.querySelector('.badge-public') !== null,
      })),
    );
    for (const r of rows) {
      if (r.kind !== 'Email') assert.ok(!r.text.includes('(no subject)'), r.text);
      if (r.kind === 'X · post') assert.ok(r.pub, `a public post is marked public: ${r.text}`);
    }
    assert.ok(rows.some((r) => r.kind === 'X · DM' && r.handle === '@wikileaks'));
  });

  void test('UI chat - in Norwegian: labels, dividers and controls', async () => {
    const { context, page } = await open('nb-NO', 390);
    const [tax] = await ids('kind:message platform:x tax');
    await page.goto(`${server.url}/item/${tax}`);
    await page.locator('[data-testid="chat-bubble"][aria-current="page"]').waitFor();
    assert.equal(await page.locator('.item-head [data-testid="kind-badge"]').textContent(), 'X · DM');
    assert.equal(await page.locator('#chat-title').textContent(), 'Samtale');
    const dividers = await page.getByTestId('chat-divider').allTextContents();
    assert.ok(
      dividers.includes('fredag 21. oktober 2016Ny økt etter 8 døgn 20 t stillhet'),
      dividers.join('|'),
    );
    assert.match((await page.getByTestId('chat-summary').textContent()) ?? '', /^13 meldinger · 2 deltakere/);
    // At phone width the page is one column and nothing is wider than the screen.
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await context.close();
  });
});
