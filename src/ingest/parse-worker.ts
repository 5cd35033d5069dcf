/** Worker thread entry: parses batches of raw messages off the main (writing) thread. */
import { parentPort } from 'node:worker_threads';
import { fileBuffers, parseRecord, prepareJob } from './attachment-files.js';
import type { ParseRequest, ParseResponse } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread');

port.on('message', (req: ParseRequest) => {
  if (req.prepare) {
    // Items whose attachment texts were read meanwhile (attachment-files.ts).
    port.postMessage({
      seq: req.seq,
      outcomes: [],
      prepared: req.prepare.map(prepareJob),
    } satisfies ParseResponse);
    return;
  }
  // Preparing for the store (text analysis, compression) here too keeps the writing thread free.
  const outcomes = req.records.map((raw) => parseRecord(raw, true));
  const res: ParseResponse = { seq: req.seq, outcomes };
  port.postMessage(res, fileBuffers(outcomes));
});
