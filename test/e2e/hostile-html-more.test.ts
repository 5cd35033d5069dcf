import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { watchedPage, type Watch } from './watched-page.js';
import { CHROMIUM, CHROMIUM_ARGS, UI_DIR, browserSkipReason } from './e2e-server.js';

/**
 * More hostile messages (test/fixtures/hostile-more/, plus one made here: 10,000 nested
 * elements and megabyte attributes, too big to keep as a file), each opened in the real UI
 * while every request is watched three ways: Playwright's route handler and request events
 * (every frame), and a second HTTP server on loopback that every remote URL in the fixtures
 * points at (`http://127.0.0.1:7456/px-NAME.gif` for a load, `/js-NAME` for a script that ran,
 * `/nav-NAME` for a navigation), which counts even the TCP connections of a preconnect that no
 * request event shows. Each hostile script also calls `__pwned('NAME')`, a binding of the test.
 *
 * The sink listens on 7456, the port the fixtures name; if that is taken it listens elsewhere
 * and the plain-text occurrences of the port are rewritten to its own (those inside base64
 * parts keep 7456, where only the route handler sees them).
 */

const skip = browserSkipReason();
if (skip) console.log(`# e2e hostile HTML (more) skipped: ${skip}`);

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile-more');
/** The sink's port in the fixtures, after any host (127.0.0.1, localhost, [::ffff:127.0.0.1], 2130706433…). */
const FIXTURE_PORT = /:7456\b/g;

/** What each message's HTML view must show once loaded (null: only that it loaded). */
const VISIBLE: Record<string, string | null> = {
  '01': 'Visible resources paragraph',
  '02': 'Visible links paragraph',
  '03': 'Visible CSS paragraph',
  '04': 'Visible SVG paragraph',
  '05': 'Visible parsing paragraph',
  '06': 'Visible UTF-7 paragraph',
  // Labelled utf-16 without a byte-order mark, little-endian bytes: the order is told by the
  // zero bytes (decode-charset.ts), so its text is legible, and nothing runs or loads.
  '07': 'UTF-16 part quokkasix',
  '08': 'UTF-16 part',
  '09': 'Meta UTF-7',
  '10': 'Top-level HTML only',
  '11': 'Visible deep paragraph',
  '12': 'Visible attachments paragraph',
  '13': 'Visible forwarding paragraph',
  '14': 'Visible headers paragraph',
};

interface Sink {
  port: number;
  hits: string[];
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

async function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The second loopback server: logs every request and counts every connection. */
async function startSink(): Promise<Sink> {
  const hits: string[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const make = () => {
    const server = http.createServer((req, res) => {
      hits.push(`${req.method ?? '?'} ${req.url ?? '?'} referer=${req.headers.referer ?? '-'}`);
      res.writeHead(204).end();
    });
    server.on('connection', (s) => {
      connections++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  };
  let server = make();
  let port: number;
  try {
    port = await listen(server, 7456);
  } catch {
    console.log('# port 7456 is taken: the sink listens elsewhere, base64 parts still name 7456');
    server = make();
    port = await listen(server, 0);
  }
  return {
    port,
    hits,
    connections: () => connections,
    reset: () => {
      hits.length = 0;
      connections = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The message too big to keep as a fixture: depth, size, raw NUL and control bytes. */
function deepMessage(sink: string): string {
  const html =
    '<html><body><p>Visible deep paragraph. Marker: quokkaeleven.</p>' +
    `<p title="${'A'.repeat(1_000_000)}">long title</p>` +
    `<p style="color: red;${' '.repeat(500_000)}background: url(http://${sink}/px-long-style.gif)">long style</p>` +
    `<img src="http://${sink}/px-long-src.gif?${'a'.repeat(500_000)}">` +
    Array.from({ length: 300 }, (_, i) => `<img src="http://${sink}/px-many-${i}.gif">`).join('') +
    `${'<div>'.repeat(10_000)}deep div text${'</div>'.repeat(10_000)}` +
    `${'<x>'.repeat(10_000)}deep unknown${'</x>'.repeat(10_000)}` +
    `${'<table><tr><td>'.repeat(2_000)}deep table${'</td></tr></table>'.repeat(2_000)}` +
    '<p>raw nul: <scr\u0000ipt>__pwned("raw-nul-script")</scr\u0000ipt>' +
    '<img src\u0000=x onerror=__pwned("raw-nul-attr")><a href="java\u0000script:__pwned(1)">nul link</a>' +
    '\u0001\u0002\u001b\u007f</p>' +
    `${'<b><i>'.repeat(5_000)}unclosed` +
    // Foreign content nested past any depth limit, never closed: the rest of the input is in it.
    `${'<svg><math>'.repeat(5_000)}<img src="http://${sink}/px-deep-foreign.gif" onerror="__pwned('deep-foreign')">` +
    '</body></html>';
  const body = Buffer.from(html, 'utf8').toString('base64').replace(/.{76}/g, '$&\n');
  return [
    'From: Deep Nest <deep@evil.invalid>',
    'To: Reporter <reporter@newsroom.invalid>',
    'Subject: More hostile HTML 11: depth and size',
    'Date: Wed, 12 Oct 2016 09:35:00 +0000',
    'Message-ID: <hmore-11@evil.invalid>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b11"',
    '',
    '--b11',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Plain part. Marker: quokkaeleven.',
    '',
    '--b11',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '--b11--',
    '',
  ].join('\n');
}

interface MoreCase {
  server: RunningServer;
  store: Store;
  /** Item id by the two-digit number in its subject ("More hostile HTML 07: …"). */
  ids: Map<string, string>;
  close(): Promise<void>;
}

/** The real ingest (and threading) of the fixtures, the real server on 127.0.0.1 and a free port. */
async function startMoreCase(sink: Sink): Promise<MoreCase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-e2e-more-'));
  const mails = path.join(dir, 'mails');
  const address = `127.0.0.1:${sink.port}`;
  mkdirSync(mails);
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.eml'))) {
    const text = readFileSync(path.join(FIXTURES, name), 'latin1');
    writeFileSync(path.join(mails, name), text.replace(FIXTURE_PORT, `:${sink.port}`), 'latin1');
  }
  writeFileSync(path.join(mails, 'm11-deep-long.eml'), deepMessage(address));
  const store = await openStore(path.join(dir, 'case.db'));
  await ingest([mails], store, { workers: 0 });
  await rebuildThreads(store);
  const found = await store.search(parseQuery('date:2016'), { limit: 100, offset: 0, sort: 'date' });
  const ids = new Map<string, string>();
  for (const item of found.items) {
    const m = /^More hostile HTML (\d\d):/.exec(item.subject ?? '');
    if (m) ids.set(m[1] as string, item.id);
  }
  const server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: UI_DIR, log: () => {} });
  return {
    server,
    store,
    ids,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything the pages did, seen from outside them. */
interface AttachmentJson {
  sha256: string;
  name: string | null;
}

void describe(
  'E2E - more hostile messages: nothing runs, nothing reaches another origin',
  { skip: skip ?? false },
  () => {
    let sink: Sink;
    let c: MoreCase;
    let browser: Browser;
    let origin: string;

    before(async () => {
      sink = await startSink();
      c = await startMoreCase(sink);
      origin = c.server.origin;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      assert.deepEqual(
        [...c.ids.keys()].sort(),
        Object.keys(VISIBLE).sort(),
        'every hostile message was ingested as an item',
      );
    });
    after(async () => {
      await browser?.close();
      await c?.close();
      await sink?.close();
    });

    async function openPage() {
      const opened = await watchedPage(browser, origin, c.server.url);
      sink.reset();
      return opened;
    }

    function assertNothingEscaped(watch: Watch): void {
      assert.deepEqual(watch.pwned, [], 'no hostile script ran');
      assert.deepEqual(watch.dialogs, [], 'no dialog opened');
      assert.deepEqual(
        watch.requests.filter((u) => new URL(u).origin !== origin),
        [],
        'no request left the app',
      );
      assert.deepEqual(watch.foreign, [], 'the route handler saw nothing foreign');
      assert.deepEqual(sink.hits, [], 'the second loopback server got no request');
      assert.equal(sink.connections(), 0, 'nothing even connected to the second loopback server');
      for (const n of watch.navigations) assert.equal(new URL(n).origin, origin, `navigation to ${n}`);
      assert.equal(watch.pages, 1, 'no popup, window or tab was opened');
      assert.deepEqual(
        watch.console.filter((m) => /7456|tracker\.invalid|__pwned|\/(?:px|js|nav)-/.test(m)),
        [],
        'no console message mentions a hostile resource',
      );
    }

    async function htmlFrame(page: Page, id: string, visible: string | null): Promise<Frame> {
      await page.goto(`${origin}/item/${id}`);
      await page.getByTestId('item-page').waitFor();
      await page.getByTestId('tab-html').click();
      const frameEl = page.getByTestId('html-frame');
      await frameEl.waitFor();
      const frame = await (await frameEl.elementHandle())?.contentFrame();
      assert.ok(frame, 'the HTML is in a frame');
      if (visible === null) await frame.waitForSelector('body', { timeout: 10_000 });
      else await frame.waitForSelector(`text=${visible}`, { timeout: 10_000 });
      assert.equal(new URL(frame.url()).pathname, `/api/items/${id}/html`);
      return frame;
    }

    void test('E2E more - control: the watch and the second loopback server see what they should', async () => {
      const { context, page, watch } = await openPage();
      try {
        await page.evaluate(() => {
          (globalThis as unknown as { __pwned(s: string): void }).__pwned('control');
        });
        const blank = await context.newPage();
        await blank.evaluate((u) => fetch(u).catch(() => undefined), `http://127.0.0.1:${sink.port}/control`);
        assert.deepEqual(watch.pwned, ['control']);
        assert.deepEqual(watch.foreign, [`http://127.0.0.1:${sink.port}/control`]);
        // The sink itself, reached from outside the browser.
        await fetch(`http://127.0.0.1:${sink.port}/control-direct`);
        assert.deepEqual(sink.hits, ['GET /control-direct referer=-']);
        assert.ok(sink.connections() >= 1);
        assert.throws(() => assertNothingEscaped(watch));
      } finally {
        await context.close();
        sink.reset();
      }
    });

    for (const [number, visible] of Object.entries(VISIBLE)) {
      void test(`E2E more - message ${number}: its HTML view shows, nothing runs, loads or navigates, its links lead nowhere`, async () => {
        const id = c.ids.get(number) as string;
        const { page, watch } = await openPage();
        try {
          const frame = await htmlFrame(page, id, visible);
          assert.equal(
            await frame
              .locator(
                'script, iframe, frame, object, embed, applet, svg, math, form, input, button, textarea, ' +
                  'select, link, base, video, audio, source, track, picture, portal, template, noscript, ' +
                  'meta[http-equiv], body style, [href], [src]:not([src^="data:image/"]), [srcset], ' +
                  '[background], [poster], [action], [formaction], [ping], [srcdoc], [onerror], ' +
                  '[onclick], [onload], [onfocus], [onmouseover], [autofocus], [contenteditable]',
              )
              .count(),
            0,
            'nothing that runs, loads, submits or navigates is in the frame',
          );
          // Click everything that was a link (plain, with Ctrl, with the middle button), then
          // the whole left margin (image maps, areas), and give refreshes and timers time.
          const anchors = frame.locator('a');
          const count = Math.min(await anchors.count(), 25);
          for (let i = 0; i < count; i++) {
            const a = anchors.nth(i);
            await a.click({ timeout: 2_000 });
            await a.click({ timeout: 2_000, modifiers: ['Control'] });
            await a.click({ timeout: 2_000, button: 'middle' });
          }
          // Page coordinates: only where the frame itself is under the pointer (the app's sticky
          // header may cover part of it).
          await page.evaluate(() =>
            (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
          );
          const box = await page.getByTestId('html-frame').boundingBox();
          assert.ok(box);
          for (let y = 10; y < Math.min(box.height, 600); y += 30) {
            const [px, py] = [box.x + 40, box.y + y];
            const onFrame = await page.evaluate(
              ([x, y]) =>
                (
                  globalThis as unknown as {
                    document: { elementFromPoint(x: number, y: number): { tagName: string } | null };
                  }
                ).document.elementFromPoint(x as number, y as number)?.tagName === 'IFRAME',
              [px, py],
            );
            if (onFrame) await page.mouse.click(px, py);
          }
          await page.waitForTimeout(1_200);
          assert.equal(new URL(frame.url()).pathname, `/api/items/${id}/html`, 'the frame did not navigate');
          assert.equal(new URL(page.url()).pathname, `/item/${id}`, 'the app did not navigate');
          await page.getByTestId('tab-raw').click();
          await page.getByTestId('raw-text').waitFor();
          await page.waitForTimeout(200);
          assertNothingEscaped(watch);
        } finally {
          await page.context().close();
        }
      });
    }

    void test('E2E more - what the sanitised views show: placeholders, literal markup as text, allowed style', async () => {
      const { page, watch } = await openPage();
      try {
        const m01 = await htmlFrame(page, c.ids.get('01') as string, VISIBLE['01'] as string);
        const text01 = await m01.locator('body').innerText();
        assert.match(text01, new RegExp(`remote image blocked: 127\\.0\\.0\\.1:${sink.port}`));
        assert.match(text01, new RegExp(`remote image blocked: localhost:${sink.port}`));
        assert.match(text01, /inline image: missing cid/);
        assert.equal(await m01.locator('img').count(), 1, 'only the inline data: GIF is an image');

        const m05 = await htmlFrame(page, c.ids.get('05') as string, VISIBLE['05'] as string);
        assert.match(
          await m05.locator('body').innerText(),
          /Literal text: <script>__pwned\('literal'\)<\/script> &lt;img&gt; <b>not bold<\/b>/,
          'escaped markup shows as the text it is',
        );
        assert.equal(await m05.locator('b').count(), 0);

        const m03 = await htmlFrame(page, c.ids.get('03') as string, VISIBLE['03'] as string);
        const kept = m03.getByText('kept style', { exact: true });
        assert.equal(
          await kept.evaluate((e) =>
            (e as unknown as { getAttribute(n: string): string }).getAttribute('style'),
          ),
          'display: block; width: 300px; color: #336699; background-color: rgb(240, 240, 200); border: 2px dashed #993333; padding: 4px',
        );
        assert.equal(await m03.locator('[style*="url" i], [style*="image" i]').count(), 0);

        const m02 = await htmlFrame(page, c.ids.get('02') as string, VISIBLE['02'] as string);
        assert.equal(
          await m02.getByText('plain remote link').getAttribute('title'),
          `http://127.0.0.1:${sink.port}/nav-plain-link`,
          'an http link is kept as its title, to read, not to follow',
        );
        assertNothingEscaped(watch);
      } finally {
        await page.context().close();
      }
    });

    void test('E2E more - the HTML and raw routes of every message, opened directly as pages, stay inert', async () => {
      const { page, watch } = await openPage();
      try {
        for (const [number, visible] of Object.entries(VISIBLE)) {
          const id = c.ids.get(number) as string;
          const html = await page.goto(`${origin}/api/items/${id}/html`);
          assert.ok(html);
          assert.match(html.headers()['content-security-policy'] ?? '', /default-src 'none'.*sandbox/);
          if (visible !== null) await page.waitForSelector(`text=${visible}`);
          const raw = await page.goto(`${origin}/item/${id}/raw`);
          assert.ok(raw);
          assert.match(raw.headers()['content-type'] ?? '', /^text\/plain/);
          assert.equal(raw.headers()['x-content-type-options'], 'nosniff');
        }
        await page.waitForTimeout(500);
        assertNothingEscaped(watch);
      } finally {
        await page.context().close();
      }
    });

    void test('E2E more - every attachment (HTML, SVG, XHTML, XML, HTML as PNG, PDF, attached messages) only downloads', async () => {
      const { context, page, watch } = await openPage();
      try {
        let seen = 0;
        for (const number of ['12', '13']) {
          const id = c.ids.get(number) as string;
          const res = await page.request.get(`${origin}/api/items/${id}`);
          const { attachments } = (await res.json()) as { attachments: AttachmentJson[] };
          assert.ok(attachments.length > 0);
          for (const a of attachments) {
            const r = await page.request.get(`${origin}/attachment/${a.sha256}`);
            assert.equal(r.status(), 200);
            assert.equal(r.headers()['content-type'], 'application/octet-stream', a.name ?? a.sha256);
            assert.match(r.headers()['content-disposition'] ?? '', /^attachment; filename="[^"\\/\r\n]+"/);
            assert.equal(r.headers()['x-content-type-options'], 'nosniff');
            assert.match(r.headers()['content-security-policy'] ?? '', /default-src 'none'; sandbox/);
            // Opened as a page (a pasted permalink): a download, never a document.
            const download = page.waitForEvent('download');
            await page.goto(`${origin}/attachment/${a.sha256}`).catch(() => {
              // Playwright reports a navigation that turns into a download as an error.
            });
            const name = (await download).suggestedFilename();
            assert.doesNotMatch(name, /[\\/\u202e]|^\.|\r|\n/, `a plain file name: ${name}`);
            seen++;
          }
          // And through the item page's own links.
          await page.goto(`${origin}/item/${id}`);
          const links = page.getByTestId('attachment-link');
          await links.first().waitFor();
          const n = await links.count();
          // A right-to-left override cannot fake a name's extension: it shows as what it is.
          const shown = (await links.allInnerTexts()).join('\n');
          assert.doesNotMatch(shown, /\u202e/);
          if (number === '12') assert.match(shown, /invoice\[U\+202E\]fdp\.html/);
          for (let i = 0; i < n; i++) {
            // A page load each: Chromium stops a page's downloads after ten or so in a row.
            await page.goto(`${origin}/item/${id}`);
            await links.first().waitFor();
            const [download] = await Promise.all([page.waitForEvent('download'), links.nth(i).click()]);
            assert.doesNotMatch(download.suggestedFilename(), /[\\/\u202e]/);
            assert.equal(new URL(page.url()).pathname, `/item/${id}`, 'the page stays');
          }
        }
        assert.ok(seen >= 10, `attachments tried: ${seen}`);
        await page.waitForTimeout(500);
        assert.equal(context.pages().length, 1, 'no new window or tab');
        assertNothingEscaped(watch);
      } finally {
        await context.close();
      }
    });

    void test('E2E more - hostile names, subjects and text in search results, threads, people and the network', async () => {
      const { page, watch } = await openPage();
      try {
        await page.goto(`${origin}/?q=${encodeURIComponent('date:2016')}`);
        await page.getByTestId('result-snippet').first().waitFor();
        const id14 = c.ids.get('14') as string;
        await page.goto(`${origin}/item/${id14}`);
        await page.getByTestId('item-text').waitFor();
        assert.match(
          await page.getByTestId('item-text').innerText(),
          /<script>__pwned\('text-script'\)<\/script>/,
          'markup in the text part shows as text',
        );
        assert.equal(await page.locator('main img, main script, main iframe').count(), 0);
        const res = await page.request.get(`${origin}/api/items/${id14}`);
        const { thread } = (await res.json()) as { thread: { threadId: string } | null };
        assert.ok(thread, 'message 14 answers message 01');
        await page.goto(`${origin}/thread/${thread.threadId}`);
        await page.waitForTimeout(500);
        await page.goto(`${origin}/person`);
        const people = page.locator('a.pp-name');
        await people.first().waitFor();
        const hrefs = await people.evaluateAll((as) =>
          as.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href')),
        );
        for (const h of hrefs) {
          assert.ok(h?.startsWith('/person?'), `a person link stays in the app: ${h}`);
          await page.goto(`${origin}${h}`);
          await page.waitForTimeout(200);
        }
        await page.goto(`${origin}/network`);
        await page.waitForTimeout(1_000);
        await page.goto(`${origin}/timeline?q=${encodeURIComponent('date:2016')}`);
        await page.waitForTimeout(500);
        assertNothingEscaped(watch);
      } finally {
        await page.context().close();
      }
    });
  },
);
