/** Worker thread entry: parses batches of raw messages off the main (writing) thread. */
import { parentPort } from 'node:worker_threads';
import { normaliseRecord } from './normalise-record.js';
import type { ParseRequest, ParseResponse } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread');

port.on('message', (req: ParseRequest) => {
  const res: ParseResponse = { seq: req.seq, outcomes: req.records.map(normaliseRecord) };
  port.postMessage(res);
});
