/**
 * Attachment extraction throughput (issue 7, "Benchmark"): a generated mix of PDF, DOCX and
 * XLSX through AttachmentExtractor on every core, then scanned pages through OCR.
 *
 *   node --import tsx bench/extract-bench.ts [--files 240] [--workers N] [--ocr-pages 4] [--seed 1]
 *
 * Prints files/s and MB/s (input bytes) for the mix and per kind, CPU seconds, peak RSS, and
 * OCR seconds per page. The documents are built by the test fixtures (yazl zips, hand-written
 * PDFs); the scanned page is the drawn Norwegian letter of the OCR tests (needs @napi-rs/canvas).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AttachmentExtractor, type ExtractResult } from '../src/extract/attachments/index.js';
import { canvasSkip, docx, drawLetter, LETTER, pdf, zipOf } from '../test/extract/attachments/fixtures.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

export interface ExtractBenchOptions {
  files: number;
  workers: number;
  ocrPages: number;
  seed: number;
}

const WORDS = (
  'kommunen avtalen selskapet møtet rådmannen søknaden innsyn departementet budsjett kontrakt ' +
  'faktura leverandør styret vedtak høring the council agreement meeting invoice contract board ' +
  'decision report minutes payment supplier årsrapport økonomi prosjekt tilbud anbud'
).split(' ');

interface BenchFile {
  kind: 'pdf' | 'docx' | 'xlsx';
  bytes: Uint8Array;
}

/** A deterministic mix: 40 % PDF (2–20 pages), 35 % DOCX (20–400 paragraphs), 25 % XLSX (200–4,000 rows). */
async function generate(n: number, seed: number): Promise<BenchFile[]> {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const sentence = (): string =>
    Array.from({ length: int(6, 14) }, () => WORDS[int(0, WORDS.length - 1)]).join(' ');
  const files: BenchFile[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.4) {
      const pages = Array.from({ length: int(2, 20) }, () => ({
        lines: Array.from({ length: 48 }, sentence),
      }));
      files.push({ kind: 'pdf', bytes: pdf(pages) });
    } else if (r < 0.75) {
      files.push({
        kind: 'docx',
        bytes: await docx(Array.from({ length: int(20, 400) }, () => `${sentence()}. ${sentence()}.`)),
      });
    } else {
      files.push({ kind: 'xlsx', bytes: await sheet(int(200, 4000), int, sentence) });
    }
  }
  return files;
}

/** An XLSX with shared strings and numbers, written directly (exceljs is slow at this size). */
function sheet(
  rows: number,
  int: (lo: number, hi: number) => number,
  sentence: () => string,
): Promise<Buffer> {
  const strings: string[] = [];
  const cells = (r: number): string =>
    [0, 1, 2, 3, 4, 5]
      .map((c) => {
        const ref = `${String.fromCharCode(65 + c)}${r}`;
        if (c % 2 === 1) return `<c r="${ref}"><v>${int(0, 1_000_000) / 100}</v></c>`;
        strings.push(sentence());
        return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
      })
      .join('');
  const data = Array.from({ length: rows }, (_, r) => `<row r="${r + 1}">${cells(r + 1)}</row>`).join('');
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipOf([
    [
      '_rels/.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<workbook ${NS} xmlns:r="${R}"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ['xl/worksheets/sheet1.xml', `<worksheet ${NS}><sheetData>${data}</sheetData></worksheet>`],
    ['xl/sharedStrings.xml', `<sst ${NS}>${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`],
  ]);
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  results: ExtractResult[];
  /** Resident set of the whole process sampled every 20 ms during the run, peak, and before it. */
  rssPeak: number;
  rssBefore: number;
}

async function runPool(files: BenchFile[], workers: number, ocr: boolean): Promise<Run> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const pool = new AttachmentExtractor({ workers, ocr, timeoutMs: 600_000 });
  try {
    // Start every worker (and load the parsers) before timing: a long ingest pays this once.
    await Promise.all(
      Array.from({ length: workers }, async () =>
        pool.extract(pdf([{ lines: ['opp'] }]), { name: 'warm.pdf', contentType: null }),
      ),
    );
    await Promise.all(
      Array.from({ length: workers }, async () =>
        pool.extract(await docx(['opp']), { name: 'warm.docx', contentType: null }),
      ),
    );
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await Promise.all(
      files.map((f, i) => pool.extract(f.bytes, { name: `${i}.${f.kind}`, contentType: null })),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, results, rssPeak, rssBefore };
  } finally {
    await pool.close();
    clearInterval(sampler);
  }
}

const MB = 1024 * 1024;
const fmt = (x: number, d = 1): string => x.toFixed(d);

export async function runExtractBench(options: ExtractBenchOptions): Promise<string[]> {
  const out: string[] = [];
  const t0 = performance.now();
  const files = await generate(options.files, options.seed);
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  out.push(
    `attachments: ${files.length} files, ${fmt(bytes / MB)} MB (${(['pdf', 'docx', 'xlsx'] as const)
      .map((k) => `${files.filter((f) => f.kind === k).length} ${k}`)
      .join(', ')}), generated in ${fmt((performance.now() - t0) / 1000)} s; ` +
      `${options.workers} workers on ${os.availableParallelism()} cores, load average ${os
        .loadavg()
        .map((l) => fmt(l))
        .join(' ')}`,
  );
  const run = await runPool(files, options.workers, false);
  const failed = run.results.filter((r) => r.text === null).length;
  const chars = run.results.reduce((n, r) => n + (r.text?.length ?? 0), 0);
  out.push(
    `  mix: ${fmt(files.length / run.seconds)} files/s, ${fmt(bytes / MB / run.seconds, 2)} MB/s, ${fmt(chars / 1e6)} M chars out, ` +
      `${fmt(run.seconds)} s wall, ${fmt(run.cpuSeconds)} s CPU (${fmt((bytes / MB / run.cpuSeconds) * options.workers, 2)} MB/s on ${options.workers} free cores), ${failed} without text`,
    `  memory: process RSS ${Math.round(run.rssBefore / MB)} MB before the pool, ${Math.round(run.rssPeak / MB)} MB at most during the mix ` +
      `(about ${Math.round((run.rssPeak - run.rssBefore) / MB / options.workers)} MB a worker)`,
  );
  for (const kind of ['pdf', 'docx', 'xlsx'] as const) {
    const some = files.filter((f) => f.kind === kind);
    if (some.length === 0) continue;
    const r = await runPool(some, options.workers, false);
    const b = some.reduce((n, f) => n + f.bytes.length, 0);
    out.push(
      `  ${kind} alone: ${some.length} files, ${fmt(b / MB)} MB: ${fmt(some.length / r.seconds)} files/s, ${fmt(b / MB / r.seconds, 2)} MB/s, ${fmt(r.cpuSeconds / some.length, 3)} CPU s/file`,
    );
  }

  if (options.ocrPages > 0) {
    if (canvasSkip) {
      out.push(`  OCR: skipped, ${canvasSkip}`);
    } else {
      const grey = drawLetter(LETTER).grey;
      const scans: BenchFile[] = Array.from({ length: options.ocrPages }, () => ({
        kind: 'pdf',
        bytes: pdf([{ grey }]),
      }));
      const one = await runPool(scans.slice(0, Math.min(2, scans.length)), 1, true);
      const all = await runPool(scans, options.workers, true);
      const ocrPages = all.results.reduce((n, r) => n + (r.ocrPages ?? 0), 0);
      out.push(
        `  OCR (A4 letter scanned at 150 ppi, rendered at 200 ppi, nor+eng): one worker ${fmt(one.seconds / Math.min(2, scans.length))} s/page ` +
          `(${fmt(one.cpuSeconds / Math.min(2, scans.length))} CPU s/page); ${options.workers} workers: ${ocrPages} pages in ${fmt(all.seconds)} s = ${fmt(ocrPages / all.seconds, 2)} pages/s`,
      );
      out.push(
        `  OCR memory: process RSS ${Math.round(one.rssBefore / MB)} MB before, ${Math.round(one.rssPeak / MB)} MB at most with one OCR worker, ` +
          `${Math.round(all.rssPeak / MB)} MB with ${options.workers}`,
      );
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '240' },
      workers: { type: 'string', default: String(os.availableParallelism()) },
      'ocr-pages': { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
    },
  });
  const lines = await runExtractBench({
    files: Number(values.files),
    workers: Number(values.workers),
    ocrPages: Number(values['ocr-pages']),
    seed: Number(values.seed),
  });
  for (const line of lines) console.log(line);
}
