/** Worker thread entry of AttachmentExtractor: extracts one file at a time. */
import { parentPort } from 'node:worker_threads';
import type { ExtractLimits } from './extract-limits.js';
import type { ExtractMeta, ExtractResult } from './extract-result.js';
import { extractText } from './extract-text.js';

export interface WorkerRequest {
  bytes: Uint8Array;
  meta: ExtractMeta;
  options: { ocr: boolean; timeoutMs: number; ocrPageTimeoutMs: number; limits: ExtractLimits };
}

/**
 * `ready` once this module has loaded; per file, `ocr-page` before each page or image goes to
 * OCR (the pool extends the file's deadline), then `done`.
 */
export type WorkerReply = { type: 'ready' } | { type: 'ocr-page' } | { type: 'done'; result: ExtractResult };

const port = parentPort;
if (!port) throw new Error('extract-worker.ts must run in a worker thread');

port.on('message', (req: WorkerRequest) => {
  const onOcrPage = (): void => port.postMessage({ type: 'ocr-page' } satisfies WorkerReply);
  void extractText(req.bytes, req.meta, { ...req.options, onOcrPage }).then(
    (result) => port.postMessage({ type: 'done', result } satisfies WorkerReply),
    // extractText only throws for invalid options, which the pool validated: report, do not crash.
    (e: unknown) =>
      port.postMessage({
        type: 'done',
        result: { text: null, kind: 'other', method: 'none', flags: ['extract-failed'], error: String(e) },
      } satisfies WorkerReply),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
