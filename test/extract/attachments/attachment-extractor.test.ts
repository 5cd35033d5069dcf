import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InnsynError } from '../../../src/model/errors.js';
import {
  AttachmentExtractor,
  extractText,
  type ExtractProgress,
} from '../../../src/extract/attachments/index.js';
import { canvasSkip, docx, docxEntries, drawLetter, LETTER, pdf, xlsx, zipOf } from './fixtures.js';

const meta = (name: string) => ({ name, contentType: null });

void describe('Attachments - worker pool', () => {
  test('a mix of files on two workers gives what extractText gives, with progress', async () => {
    const files: [string, Uint8Array][] = [
      ['a.docx', await docx(['Hei fra Bodø'])],
      ['b.pdf', pdf([{ lines: ['Side en'] }, { lines: ['Side to'] }])],
      ['c.xlsx', await xlsx([{ name: 'Ark', rows: [['x', 1]] }])],
      ['d.txt', Buffer.from('vanlig tekst')],
      ['e.pdf', Buffer.from('ødelagt')],
    ];
    const progress: ExtractProgress[] = [];
    const pool = new AttachmentExtractor({ workers: 2, onProgress: (p) => progress.push(p) });
    try {
      const results = await Promise.all(files.map(([name, bytes]) => pool.extract(bytes, meta(name))));
      for (const [i, [name, bytes]] of files.entries())
        assert.deepEqual(results[i], await extractText(bytes, meta(name), { ocr: false }), name);
      assert.equal(progress.length, files.length);
      const last = progress.at(-1) as ExtractProgress;
      assert.equal(last.filesDone, 5);
      assert.equal(last.filesSubmitted, 5);
      assert.equal(
        last.bytesDone,
        files.reduce((n, [, b]) => n + b.length, 0),
      );
      assert.equal(last.filesFailed, 1);
    } finally {
      await pool.close();
    }
  });

  test(
    'a file that hangs past the hard timeout: worker terminated and replaced, the next file is read',
    { skip: canvasSkip },
    async () => {
      // OCR of a full page is one call into WebAssembly that cannot stop itself; with 1 ms of
      // extra time per OCR page, the 0.5 s limit passes while the engine loads or reads.
      const pool = new AttachmentExtractor({ ocr: true, workers: 1, timeoutMs: 500, ocrPageTimeoutMs: 1 });
      try {
        const t0 = performance.now();
        const slow = await pool.extract(drawLetter(LETTER).png, meta('skann.png'));
        assert.ok(performance.now() - t0 < 15_000);
        assert.deepEqual([slow.text, slow.method, slow.flags], [null, 'none', ['extract-timeout']]);
        assert.match(slow.error ?? '', /no result after \d+ ms: worker terminated/);
        const next = await pool.extract(Buffer.from('neste fil'), meta('neste.txt'));
        assert.equal(next.text, 'neste fil');
      } finally {
        await pool.close();
      }
    },
  );

  test('a file that exhausts the heap cap: extract-out-of-memory, the pool goes on', async () => {
    // mammoth builds a DOM of the whole document: 200,000 paragraphs need far more than 64 MB.
    const paragraphs = Array.from({ length: 200_000 }, (_, i) => `Avsnitt ${i} med litt tekst`);
    const pool = new AttachmentExtractor({ workers: 1, maxWorkerMemoryMb: 64 });
    try {
      const r = await pool.extract(await docx(paragraphs), meta('stor.docx'));
      assert.deepEqual([r.kind, r.text, r.flags], ['docx', null, ['extract-out-of-memory']]);
      assert.match(r.error ?? '', /64 MB heap/);
      const next = await pool.extract(await docx(['liten']), meta('liten.docx'));
      assert.equal(next.text, 'liten');
    } finally {
      await pool.close();
    }
  });

  test('hostile files are reported one by one and the rest goes on', async () => {
    const bomb = await zipOf([
      ...docxEntries(['x']).slice(0, 2),
      ['word/document.xml', Buffer.alloc(32 * 1024 * 1024, 0x20)],
    ]);
    const pool = new AttachmentExtractor({ workers: 2 });
    try {
      const [a, b, c, d] = await Promise.all([
        pool.extract(bomb, meta('bombe.docx')),
        pool.extract(new Uint8Array(0), meta('tom.pdf')),
        pool.extract(pdf([{ lines: ['Hei'] }]).subarray(0, 50), meta('kuttet.pdf')),
        pool.extract(await docx(['frisk']), meta('frisk.docx')),
      ]);
      assert.deepEqual(a?.flags, ['extract-zip-bomb']);
      assert.deepEqual(b?.flags, ['extract-empty']);
      assert.deepEqual(c?.flags, ['extract-failed']);
      assert.equal(d?.text, 'frisk');
    } finally {
      await pool.close();
    }
  });

  test('extractEach keeps a bounded number of files in flight', async () => {
    const pool = new AttachmentExtractor({ workers: 1, maxQueue: 2 });
    let pulled = 0;
    let maxAhead = 0;
    let yielded = 0;
    async function* files(): AsyncGenerator<{
      bytes: Uint8Array;
      meta: { name: string; contentType: null };
      tag: number;
    }> {
      for (let i = 0; i < 12; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - yielded);
        yield { bytes: Buffer.from(`fil ${i}`), meta: meta(`${i}.txt`), tag: i };
      }
    }
    try {
      const seen: number[] = [];
      for await (const { tag, result } of pool.extractEach(files())) {
        yielded++;
        assert.equal(result.text, `fil ${tag}`);
        seen.push(tag);
      }
      assert.deepEqual(
        seen.sort((x, y) => x - y),
        [...Array(12).keys()],
      );
      // maxQueue (2) + workers (1) in flight, plus the one just pulled.
      assert.ok(maxAhead <= 4, `up to ${maxAhead} files held at once`);
    } finally {
      await pool.close();
    }
  });

  test('after close() a file is answered at once with a reason; invalid options are usage errors', async () => {
    const pool = new AttachmentExtractor({ workers: 1 });
    await pool.close();
    const r = await pool.extract(Buffer.from('x'), meta('a.txt'));
    assert.deepEqual([r.flags, r.error], [['extract-failed'], 'the extractor is closed']);
    assert.throws(
      () => new AttachmentExtractor({ workers: 0 }),
      (e: unknown) => e instanceof InnsynError && e.code === 'usage',
    );
    assert.throws(
      () => new AttachmentExtractor({ limits: { maxCompressionRatio: 0.5 } }),
      (e: unknown) => e instanceof InnsynError && /maxCompressionRatio/.test(e.message),
    );
  });
});
