/** Worker thread entry: prepares items for the writing thread (see sqlite-prepare-pool.ts). */
import { parentPort } from 'node:worker_threads';
import type { PrepareRequest, PrepareResponse } from './sqlite-prepare-pool.js';
import { prepareItem } from './sqlite-prepare.js';

const port = parentPort;
if (!port) throw new Error('sqlite-prepare-worker must run in a worker thread');

port.on('message', (req: PrepareRequest) => {
  let res: PrepareResponse;
  try {
    res = { seq: req.seq, prepared: req.items.map((x) => prepareItem(x.item, x.raw)) };
  } catch (e) {
    res = { seq: req.seq, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  port.postMessage(res);
});
