import { formatSeconds } from './progress-bar.js';

/** Redraws at most this often: a terminal repainted per item slows an export of small items. */
const REDRAW_MS = 100;

/**
 * A one-line progress bar for work counted in items or files (export, verify), with MB and ETA,
 * redrawn on a terminal (stderr). No-op functions when stderr is not a terminal, so piped output
 * stays clean. `total` may be unknown (null): then no bar, just the counts.
 */
export function countProgress(
  enabled: boolean,
  noun: string,
): { update(done: number, total: number | null, bytes: number): void; done(): void } {
  if (!enabled) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let drawn = false;
  let last = 0;
  return {
    update(done, total, bytes) {
      const now = Date.now();
      if (now - last < REDRAW_MS && done !== total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const mb = `${(bytes / 1048576).toFixed(1)} MB`;
      let line: string;
      if (total !== null && total > 0) {
        const frac = Math.min(1, done / total);
        const width = 30;
        const filled = Math.round(frac * width);
        const eta = frac > 0 && frac < 1 ? (seconds / frac) * (1 - frac) : 0;
        line =
          `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
          `${done.toLocaleString('en')}/${total.toLocaleString('en')} ${noun}  ${mb}  ETA ${formatSeconds(eta)}`;
      } else {
        line = `${done.toLocaleString('en')} ${noun}  ${mb}  ${formatSeconds(seconds)}`;
      }
      process.stderr.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\n');
      drawn = false;
    },
  };
}
