/** Worker thread entry: parses batches of raw messages off the main (writing) thread. */
import { parentPort } from 'node:worker_threads';
import { prepareItem } from '../store/index.js';
import { normaliseRecord } from './normalise-record.js';
import type { ParseRequest, ParseResponse, ParsedRecord } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread');

port.on('message', (req: ParseRequest) => {
  // Preparing for the store (text analysis, compression) here too keeps the writing thread free.
  const outcomes = req.records.map((raw): ParsedRecord => {
    const o = normaliseRecord(raw);
    return o.ok ? { ...o, prepared: prepareItem(o.item, raw.bytes) } : o;
  });
  const res: ParseResponse = { seq: req.seq, outcomes };
  port.postMessage(res);
});
