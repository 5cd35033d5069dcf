/**
 * The built UI loads nothing from anywhere but its own origin and stays small. A reporter opens
 * innsyn offline, on a laptop, next to hostile material: a font from a CDN or an analytics
 * script would tell a third party that this case is being read, and when.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../helpers/shared.js';
import { buildUi } from './build-ui.js';

/** The budget for the JavaScript of the first load, gzipped. */
const MAX_JS_GZIP_BYTES = 500 * 1024;

/**
 * Absolute URLs that may appear in the bundle: XML namespace names that Preact passes to
 * createElementNS. They are identifiers, never fetched.
 */
const SAFE_URLS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/1999/xhtml',
]);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const d = pending.pop() as string;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) pending.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

/** Every http(s)://, ws(s):// or protocol-relative //host reference in `text`. */
function absoluteUrls(text: string): string[] {
  return [...text.matchAll(/\b(?:https?|wss?):\/\/[^\s"'`)<>\\]*/gi)].map((m) => m[0]);
}

void describe('UI build', () => {
  let out = '';
  let files: string[] = [];
  const read = (p: string) => readFile(p, 'utf8');

  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-build-'));
    await buildUi(out);
    files = await filesUnder(out);
  });
  after(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  void test('UI build - writes index.html and hashed assets under /assets/ only', async () => {
    const rel = files.map((f) => path.relative(out, f));
    assert.ok(rel.includes('index.html'), `index.html missing: ${rel.join(', ')}`);
    for (const r of rel) {
      if (r === 'index.html') continue;
      assert.match(r, /^assets\/[\w.-]+-[\w-]{6,}\.(js|css)$/, `unexpected file in the build: ${r}`);
    }
    assert.ok(
      rel.some((r) => r.endsWith('.js')),
      'no JavaScript was built',
    );
  });

  void test('UI build - index.html refers only to its own /assets/ and sets a self-only CSP', async () => {
    const html = await read(path.join(out, 'index.html'));
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] as string);
    assert.ok(refs.length >= 2, 'expected the script and the stylesheet');
    for (const r of refs) {
      assert.ok(r.startsWith('/assets/') || r === 'data:,', `index.html loads ${r}`);
    }
    assert.deepEqual(absoluteUrls(html), []);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=["']\/assets\/)[^>]*>[^<]+<\/script>/i, 'inline script');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1] ?? '';
    const policy = csp.replace(/&#39;/g, "'");
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, /connect-src 'self'(;|$)/);
    assert.match(html, /<meta name="referrer" content="no-referrer"/);
  });

  void test('UI build - CSS imports nothing and uses no web font', async () => {
    for (const f of files.filter((x) => x.endsWith('.css'))) {
      const css = await read(f);
      assert.doesNotMatch(css, /@import/i, `${f}: @import`);
      assert.doesNotMatch(css, /@font-face/i, `${f}: a web font`);
      for (const m of css.matchAll(/url\(\s*["']?([^"')]*)/gi)) {
        const u = m[1] as string;
        // A fragment names an element of the page itself (an SVG pattern): nothing is fetched.
        const inPage = /^#[\w-]+$/.test(u);
        assert.ok(u.startsWith('data:') || u.startsWith('/assets/') || inPage, `${f}: url(${u})`);
      }
      assert.deepEqual(absoluteUrls(css), [], `${f}: absolute URL`);
    }
  });

  void test('UI build - JavaScript names no origin but XML namespaces', async () => {
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      const js = await read(f);
      const bad = absoluteUrls(js).filter((u) => !SAFE_URLS.has(u));
      assert.deepEqual(bad, [], `${path.basename(f)} refers to other origins`);
      assert.doesNotMatch(js, /\bimport\s*\(\s*["'`](?:https?:)?\/\//, 'a remote dynamic import');
      assert.doesNotMatch(js, /sendBeacon|navigator\.serviceWorker/, 'a beacon or a service worker');
    }
  });

  void test('UI build - JavaScript of the first load is under 500 kB gzipped', async (t) => {
    let raw = 0;
    let gz = 0;
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      const bytes = await readFile(f);
      raw += bytes.byteLength;
      gz += gzipSync(bytes, { level: 9 }).byteLength;
    }
    t.diagnostic(`JS: ${raw} bytes, ${gz} bytes gzipped`);
    assert.ok(gz > 0);
    assert.ok(gz < MAX_JS_GZIP_BYTES, `JS is ${gz} bytes gzipped; the budget is ${MAX_JS_GZIP_BYTES}`);
  });

  void test('UI build - the source never renders message content as HTML', async () => {
    // Snippets, subjects, names and bodies are hostile text: text nodes only, never markup.
    const src = path.join(repoRoot, 'web', 'src');
    for (const f of (await filesUnder(src)).filter((x) => /\.(ts|tsx)$/.test(x))) {
      const code = await read(f);
      const rel = path.relative(repoRoot, f);
      assert.doesNotMatch(code, /dangerouslySetInnerHTML/, `${rel}: dangerouslySetInnerHTML`);
      assert.doesNotMatch(
        code,
        /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/,
        `${rel}: HTML sink`,
      );
      assert.doesNotMatch(code, /\beval\s*\(|new Function\s*\(/, `${rel}: eval`);
    }
  });
});
