import type { AttachmentReport, IngestReport } from '../../ingest/index.js';
import { InnsynError } from '../../model/index.js';
import { EXIT, type Command } from '../command.js';
import { formatSeconds, progressBar } from '../progress-bar.js';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read mailboxes (mbox, Maildir, .eml, folders, zip, tar) into the database.',
  usage: 'innsyn ingest PATH... [--db FILE] [--workers N] [--ocr] [--json]',
  access: 'write',
  options: { workers: { type: 'string' }, ocr: { type: 'boolean' } },
  async run({ positionals, values, store, json, out }) {
    if (positionals.length === 0)
      throw new InnsynError('usage', 'name at least one file or folder to ingest');
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
      throw new InnsynError('usage', '--workers takes a whole number from 0 to 64');
    }
    // Loaded on use: the readers, the parser and the worker pool are not needed by other commands.
    const { ingest } = await import('../../ingest/index.js');
    const { rebuildDerived } = await import('../rebuild-derived.js');
    const bar = progressBar(out.isTTY && !json);
    const report = await ingest(positionals, store, {
      workers,
      ocr: values.ocr === true,
      onProgress: (p) => bar.update(p),
    });
    bar.done();
    const { threads, people } = await rebuildDerived(store);
    if (json) out.json({ report, threads, people });
    else printReport(report, threads, people.people, out.line);
    if (report.inputs.some((i) => i.status === 'failed')) return EXIT.failed;
    return report.quarantined > 0 ? EXIT.quarantined : EXIT.ok;
  },
};

function printReport(r: IngestReport, threads: number, people: number, line: (s?: string) => void): void {
  for (const i of r.inputs) {
    if (i.status === 'failed') line(`FAILED  ${i.path}: ${i.error ?? 'unknown error'}`);
    line(
      `${i.status === 'ok' ? 'ok     ' : i.status === 'failed' ? 'partial' : 'warn   '} ${i.path}` +
        `${i.format && i.format !== 'mail' ? ` (${i.format})` : ''}: ${i.read} read = ${i.stored} stored + ${i.duplicates} duplicates + ${i.quarantined} quarantined`,
    );
    for (const n of i.notes ?? []) line(`          ${n}`);
    for (const p of i.problems) line(`          quarantined ${p.where}: ${p.reason}`);
    if (i.quarantined > i.problems.length) {
      line(`          … ${i.quarantined - i.problems.length} more quarantined: see 'innsyn stats --json'`);
    }
    for (const c of i.copyNotes ?? []) line(`          copy differs ${c.where}: ${c.reason}`);
    const unlisted = (i.differentCopies ?? 0) - (i.copyNotes?.length ?? 0);
    if (unlisted > 0) line(`          … ${unlisted} more copies with other attachments`);
    if (i.attachments) {
      line(`          ${attachmentLine(i.attachments)}`);
      for (const p of i.attachments.problems) line(`          attachment not read ${p.where}: ${p.reason}`);
    }
  }
  const rate = r.seconds > 0 ? Math.round(r.read / r.seconds) : r.read;
  line(
    `total: ${r.read} read = ${r.stored} stored + ${r.duplicates} duplicates + ${r.quarantined} quarantined ` +
      `in ${formatSeconds(r.seconds)} (${rate} msg/s, ${(r.bytes / 1048576).toFixed(1)} MB); ${threads} threads, ${people} people`,
  );
  if (r.attachments) line(`total ${attachmentLine(r.attachments)}`);
}

/** `attachments: 12 files = 10 read + 2 known; read: 7 text, 1 empty, 1 need OCR (--ocr), 0 unsupported, 1 failed`. */
function attachmentLine(a: AttachmentReport): string {
  const ocr = a.ocrPages > 0 ? `; ${a.ocrPages} pages read by OCR` : '';
  return (
    `attachments: ${a.files} files = ${a.read} read + ${a.known} known; read: ${a.text} text, ${a.empty} empty, ` +
    `${a.ocrNeeded} need OCR (--ocr), ${a.unsupported} unsupported, ${a.failed} failed${ocr}`
  );
}
