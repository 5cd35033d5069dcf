/**
 * Stars, tags and notes on persons and whole conversations in a real browser (Debian's chromium
 * through playwright-core), over the real server and a store filled by the real readers from
 * the seed scenario bundled in demo/ (people-server.ts): mark @wikileaks on the person page and
 * see the marks in the list of people; mark the DM conversation and the June 2016 email thread
 * on their pages and see the marks on each message and in search. English and bokmål, and a
 * phone's width. Every request leaving the app's origin fails the suite, and so does any error
 * in the page's console. Screenshots go to $SHOTS (default /tmp/shots-person-annotations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { parseQuery } from '../../src/query/index.js';
import { startPeopleCase, type PeopleCase } from './people-server.js';

const skip = chromiumSkip;
const SHOTS = process.env.SHOTS ?? '/tmp/shots-person-annotations';
/** @wikileaks's X account id, the key of the person (ui-people.test.ts). */
const WIKILEAKS = 'x:16589206';

void describe('UI person and conversation annotations', { skip }, () => {
  let c: PeopleCase;
  let watch: BrowserWatch;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(c.server.origin, c.server.url, { locale, width });
  const shot = (page: Page, name: string): Promise<void> => watch.shot(page, name);
  const ids = async (q: string): Promise<string[]> =>
    (await c.store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 100 })).items.map((i) => i.id);
  const conversationOf = async (q: string): Promise<{ item: string; conversation: string }> => {
    const [item] = await ids(q);
    assert.ok(item, q);
    const conversation = (await c.store.getItem(item))?.conversationId;
    assert.ok(conversation, `${q} has a conversation`);
    return { item, conversation };
  };
  const pageWidth = (page: Page): Promise<number> =>
    page.evaluate(() => document.documentElement.scrollWidth);

  before(async () => {
    c = await startPeopleCase('seed');
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await c?.close();
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.consoleErrors, [], 'errors in the browser console');
  });

  void test('UI person annotations - star, tag and note a person on their page; the list of people shows them', async () => {
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/person?key=${encodeURIComponent(WIKILEAKS)}`);
    const marks = page.getByTestId('person-annotations');
    await marks.waitFor();
    const star = marks.getByTestId('star-toggle');
    assert.equal(await star.getAttribute('aria-pressed'), 'false');
    assert.equal(await star.getAttribute('title'), 'Star this person');
    await star.click();
    await page.waitForSelector(
      '[data-testid="person-annotations"] [data-testid="star-toggle"][aria-pressed="true"]',
    );

    await marks.getByTestId('tag-add').click();
    await marks.getByTestId('tag-input').fill('Source');
    await marks.getByTestId('tag-input').press('Enter');
    await marks.getByTestId('tag-chip').waitFor();
    assert.deepEqual(await marks.getByTestId('tag-chip').allTextContents(), ['#source']);
    // A person's tag marks the person, not their messages: no search link.
    assert.equal(await marks.locator('a[data-testid="tag-chip"]').count(), 0);

    await marks.getByTestId('note-add').click();
    await marks.getByTestId('note-input').fill('Ask who ran the account in 2016.');
    await marks.getByTestId('note-save').click();
    await marks.getByTestId('person-note').waitFor();
    assert.match((await marks.getByTestId('person-note').textContent()) ?? '', /Ask who ran the account/);
    assert.match(
      (await marks.textContent()) ?? '',
      /Marks on this person: they stay with the person through merges and splits\./,
    );
    await shot(page, 'person-marked-en');

    const stored = await c.store.getAnnotations({ kind: 'person', key: WIKILEAKS });
    assert.deepEqual(
      [stored.tags.map((t) => t.tag), Boolean(stored.star), stored.note?.text],
      [['source'], true, 'Ask who ran the account in 2016.'],
    );
    // They mark the person: no message is tagged by it.
    assert.deepEqual(await ids('tag:source'), []);

    // Reloaded, the page shows what was stored.
    await page.reload();
    await page.waitForSelector(
      '[data-testid="person-annotations"] [data-testid="star-toggle"][aria-pressed="true"]',
    );
    assert.deepEqual(await page.getByTestId('tag-chip').allTextContents(), ['#source']);

    // The list of people: the row of @wikileaks carries the star, the note mark and the tag; no other row has marks.
    const rowRequests = () =>
      page.evaluate(
        () =>
          performance
            .getEntriesByType('resource')
            .filter((e) => /^\/api\/people\/[^/]+\/annotations$/.test(new URL(e.name).pathname)).length,
      );
    const beforeList = await rowRequests();
    await page.getByRole('link', { name: 'All people' }).click();
    await page.getByTestId('people-row').first().waitFor();
    const row = page.locator(`[data-testid="people-row"][data-key="${WIKILEAKS}"]`);
    await row.getByTestId('row-marks').waitFor();
    assert.deepEqual(await row.getByTestId('row-tags').locator('.ann-chip').allTextContents(), ['#source']);
    assert.equal(await row.locator('svg[aria-label="Starred"]').count(), 1);
    assert.equal(await row.locator('svg[aria-label="Has a note"]').count(), 1);
    // The marks come with the list (one request), not one request a row; only one person has any.
    const perRow = (await rowRequests()) - beforeList;
    assert.equal(perRow, 0, 'the list asked for marks row by row');
    assert.equal(await page.getByTestId('row-marks').count(), 1);
    await shot(page, 'people-list-marked-en');

    // Taking the star off on the person page shows in the list at once (this tab remembers it).
    await row.locator('a.pp-name').click();
    await page.getByTestId('person-annotations').waitFor();
    await page.getByTestId('star-toggle').click();
    await page.waitForSelector(
      '[data-testid="person-annotations"] [data-testid="star-toggle"][aria-pressed="false"]',
    );
    await page.goBack();
    await row.getByTestId('row-marks').waitFor();
    assert.equal(await row.locator('svg[aria-label="Starred"]').count(), 0);
    assert.equal(await row.locator('svg[aria-label="Has a note"]').count(), 1);
    assert.equal((await c.store.getAnnotations({ kind: 'person', key: WIKILEAKS })).star, null);
    await context.close();
  });

  void test('UI conversation annotations - a DM conversation marked on its page reaches each of its messages', async () => {
    const { item, conversation } = await conversationOf('from:wikileaks "tax returns"');
    const members = await ids(`conversation:${conversation}`);
    assert.ok(members.length > 1, 'a conversation of several messages');
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/thread/${encodeURIComponent(conversation)}`);
    const marks = page.getByTestId('conversation-annotations');
    await marks.waitFor();
    assert.equal(await marks.getByTestId('star-toggle').getAttribute('title'), 'Star this conversation');
    await marks.getByTestId('star-toggle').click();
    await page.waitForSelector(
      '[data-testid="conversation-annotations"] [data-testid="star-toggle"][aria-pressed="true"]',
    );
    await marks.getByTestId('tag-add').click();
    await marks.getByTestId('tag-input').fill('dm-wikileaks');
    await marks.getByTestId('tag-input').press('Enter');
    await marks.getByTestId('tag-chip').waitFor();
    // A conversation's tag is a search: it finds every message of the conversation.
    assert.equal(await marks.locator('a[data-testid="tag-chip"]').count(), 1);
    await marks.getByTestId('note-add').click();
    await marks.getByTestId('note-input').fill('The whole exchange, Sept 2016 to July 2017.');
    await marks.getByTestId('note-save').click();
    await marks.getByTestId('conversation-note').waitFor();
    await shot(page, 'conversation-chat-marked-en');

    const stored = await c.store.getAnnotations({ kind: 'conversation', key: conversation });
    assert.deepEqual(
      [stored.tags.map((t) => t.tag), Boolean(stored.star), stored.note?.text],
      [['dm-wikileaks'], true, 'The whole exchange, Sept 2016 to July 2017.'],
    );
    assert.deepEqual((await ids('tag:dm-wikileaks')).sort(), [...members].sort());

    // On a message of it: the conversation's marks beside its own, the label a link back here.
    await page.goto(`${c.server.origin}/item/${item}`);
    const inherited = page.getByTestId('conversation-marks');
    await inherited.waitFor();
    assert.equal(
      (await inherited.textContent())?.trim(),
      'From the conversation:Starred#dm-wikileaks✎ The whole exchange, Sept 2016 to July 2017.',
    );
    await page.getByTestId('conversation-marks-link').click();
    await page.waitForURL(new RegExp(`/thread/${encodeURIComponent(conversation)}$`));
    await page.getByTestId('conversation-annotations').waitFor();

    // The tag chip searches: every message of the conversation, each row showing the tag.
    await page.getByTestId('conversation-annotations').getByTestId('tag-chip').click();
    await page.waitForURL(/\/search\?q=tag%3Adm-wikileaks/);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="result-tags"]').length === n,
      members.length,
    );
    await context.close();
  });

  void test('UI conversation annotations - an email thread is marked on its page', async () => {
    const { conversation } = await conversationOf('kind:email subject:"Russia - Clinton"');
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/thread/${encodeURIComponent(conversation)}`);
    const marks = page.getByTestId('conversation-annotations');
    await marks.waitFor();
    await marks.getByTestId('tag-add').click();
    await marks.getByTestId('tag-input').fill('meeting');
    await marks.getByTestId('tag-input').press('Enter');
    await marks.getByTestId('tag-chip').waitFor();
    await shot(page, 'conversation-email-marked-en');
    const stored = await c.store.getAnnotations({ kind: 'conversation', key: conversation });
    assert.deepEqual(
      stored.tags.map((t) => t.tag),
      ['meeting'],
    );
    assert.deepEqual((await ids('tag:meeting')).sort(), (await ids(`conversation:${conversation}`)).sort());
    await context.close();
  });

  void test('UI person annotations - in bokmål, and at a phone’s width', async () => {
    const { context, page } = await open('nb-NO');
    await page.goto(`${c.server.origin}/person?key=${encodeURIComponent(WIKILEAKS)}`);
    const marks = page.getByTestId('person-annotations');
    await marks.getByTestId('person-note').waitFor();
    assert.equal((await marks.getByTestId('star-toggle').textContent())?.trim(), 'Stjerne');
    assert.equal(await marks.getByTestId('star-toggle').getAttribute('title'), 'Stjernemerk personen');
    assert.match((await marks.getByTestId('person-note').textContent()) ?? '', /^Notat/);
    assert.match((await marks.textContent()) ?? '', /Merker på denne personen/);
    await shot(page, 'person-marked-nb');
    const { conversation } = await conversationOf('from:wikileaks "tax returns"');
    await page.goto(`${c.server.origin}/thread/${encodeURIComponent(conversation)}`);
    await page.getByTestId('conversation-note').waitFor();
    assert.equal(
      (await page.getByTestId('conversation-annotations').getByTestId('star-toggle').textContent())?.trim(),
      'Stjernemerket',
    );
    assert.match(
      (await page.getByTestId('conversation-annotations').textContent()) ?? '',
      /Merker på hele samtalen/,
    );
    await shot(page, 'conversation-chat-marked-nb');
    await context.close();

    const phone = await open('nb-NO', 390);
    await phone.page.goto(`${c.server.origin}/person?key=${encodeURIComponent(WIKILEAKS)}`);
    await phone.page.getByTestId('person-note').waitFor();
    await phone.page.getByTestId('tag-add').click();
    await shot(phone.page, 'person-phone-nb');
    assert.ok((await pageWidth(phone.page)) <= 390, 'the person page fits 390 px');

    await phone.page.goto(`${c.server.origin}/person?q=wiki`);
    await phone.page
      .locator(`[data-testid="people-row"][data-key="${WIKILEAKS}"] [data-testid="row-marks"]`)
      .waitFor();
    await shot(phone.page, 'people-list-phone-nb');
    assert.ok((await pageWidth(phone.page)) <= 390, 'the list of people fits 390 px');

    await phone.page.goto(`${c.server.origin}/thread/${encodeURIComponent(conversation)}`);
    await phone.page.getByTestId('conversation-note').waitFor();
    await shot(phone.page, 'conversation-phone-nb');
    assert.ok((await pageWidth(phone.page)) <= 390, 'the conversation page fits 390 px');
    await phone.context.close();
  });
});
