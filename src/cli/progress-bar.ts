import type { IngestProgress } from '../ingest/index.js';

/**
 * A one-line progress bar with messages/s and ETA, redrawn on a terminal (stderr).
 * Returns no-op functions when stderr is not a terminal, so piped output stays clean.
 */
export function progressBar(enabled: boolean): { update(p: IngestProgress): void; done(): void } {
  if (!enabled) return { update: () => {}, done: () => {} };
  let drawn = false;
  return {
    update(p) {
      const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
      const width = 30;
      const filled = Math.round(frac * width);
      const rate = p.seconds > 0 ? p.messages / p.seconds : 0;
      const eta = frac > 0 && frac < 1 ? (p.seconds / frac) * (1 - frac) : 0;
      const line =
        `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${p.messages.toLocaleString('en')} msgs  ${Math.round(rate).toLocaleString('en')} msg/s  ` +
        `${(p.bytesDone / 1048576).toFixed(0)}/${(p.bytesTotal / 1048576).toFixed(0)} MB  ETA ${formatSeconds(eta)}` +
        attachmentProgress(p);
      process.stderr.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

/** `  attachments 12/40, OCR 3 pages`: the files given to the text readers and done (none: ''). */
export function attachmentProgress(p: IngestProgress): string {
  const a = p.attachments;
  if (!a) return '';
  const ocr = a.ocrPages > 0 ? `, OCR ${a.ocrPages.toLocaleString('en')} pages` : '';
  return `  attachments ${a.done.toLocaleString('en')}/${a.total.toLocaleString('en')}${ocr}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '0s';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
