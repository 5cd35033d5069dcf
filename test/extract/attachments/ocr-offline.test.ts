/**
 * OCR and PDF rendering must work with no network and try none: the OCR core, its models,
 * pdfjs's fonts, CMaps and decoders all come from node_modules. Checked twice: in this process
 * with every way out (fetch, http, https, net, tls, dns) replaced by a recorder before the
 * engines first load, and in a child process in a network namespace of its own (no
 * interfaces at all) where any download would fail the OCR.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, test } from 'node:test';
import { repoRoot } from '../../helpers/shared.js';
import { canvasSkip, drawLetter, LETTER, pdf } from './fixtures.js';

void describe('Attachments - OCR offline', { skip: canvasSkip }, () => {
  test('first OCR and first PDF render in this process make no network call', async () => {
    const calls: string[] = [];
    const record =
      (what: string) =>
      (...args: unknown[]): never => {
        calls.push(`${what} ${String(args[0]).slice(0, 80)}`);
        throw new Error(`network use: ${what}`);
      };
    const saved = {
      fetch: globalThis.fetch,
      httpRequest: http.request,
      httpGet: http.get,
      httpsRequest: https.request,
      httpsGet: https.get,
      connect: net.Socket.prototype.connect,
      tlsConnect: tls.connect,
      lookup: dns.lookup,
    };
    globalThis.fetch = record('fetch') as typeof fetch;
    http.request = record('http.request') as typeof http.request;
    http.get = record('http.get') as typeof http.get;
    https.request = record('https.request') as typeof https.request;
    https.get = record('https.get') as typeof https.get;
    net.Socket.prototype.connect = record('net.connect') as typeof net.Socket.prototype.connect;
    tls.connect = record('tls.connect') as typeof tls.connect;
    dns.lookup = record('dns.lookup') as unknown as typeof dns.lookup;
    try {
      // Imported only now, so that the OCR core and pdfjs load under the recorders.
      const { extractText } = await import('../../../src/extract/attachments/index.js');
      const letter = drawLetter(LETTER);
      const image = await extractText(letter.png, { name: 'skann.png', contentType: null }, { ocr: true });
      const scan = await extractText(
        pdf([{ grey: letter.grey }]),
        { name: 'skann.pdf', contentType: null },
        { ocr: true },
      );
      assert.deepEqual(calls, []);
      assert.match(image.text ?? '', /Finansdepartementet/);
      assert.match(scan.text ?? '', /Finansdepartementet/);
    } finally {
      globalThis.fetch = saved.fetch;
      http.request = saved.httpRequest;
      http.get = saved.httpGet;
      https.request = saved.httpsRequest;
      https.get = saved.httpsGet;
      net.Socket.prototype.connect = saved.connect;
      tls.connect = saved.tlsConnect;
      dns.lookup = saved.lookup;
    }
  });

  const unshare = spawnSync('unshare', ['-n', 'true']);
  const noNamespace =
    unshare.status === 0 ? false : 'cannot make a network namespace here (unshare -n needs privileges)';

  test(
    'in a network namespace with no interfaces, OCR through the worker pool still reads the letter',
    { skip: noNamespace },
    () => {
      const script = path.join(os.tmpdir(), `innsyn-ocr-offline-${process.pid}.mts`);
      const src = (p: string): string => JSON.stringify(path.join(repoRoot, p));
      writeFileSync(
        script,
        `import { AttachmentExtractor } from ${src('src/extract/attachments/index.ts')};
import { drawLetter, LETTER } from ${src('test/extract/attachments/fixtures.ts')};
const pool = new AttachmentExtractor({ ocr: true, workers: 1 });
const r = await pool.extract(drawLetter(LETTER).png, { name: 'skann.png', contentType: null });
await pool.close();
console.log(JSON.stringify(r));
`,
      );
      const run = spawnSync('unshare', ['-n', process.execPath, '--import', 'tsx', script], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 180_000,
      });
      rmSync(script, { force: true });
      assert.equal(run.status, 0, run.stderr);
      const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
        text: string | null;
        flags: string[];
      };
      assert.deepEqual(r.flags, ['ocr']);
      assert.match(r.text ?? '', /Søknaden gjelder/);
    },
  );
});
