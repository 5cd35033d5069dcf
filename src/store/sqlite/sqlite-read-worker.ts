import { parentPort, workerData } from 'node:worker_threads';
import { READ_WORKER_METHODS, errorReply, type ReadReply, type ReadRequest } from './sqlite-read-pool.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * A thread of sqlite-read-pool.ts: its own connection to the database file, its own facet index
 * and ranking lengths, answering the pool's calls one at a time.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-read-worker.ts runs as a worker thread of sqlite-read-pool.ts');
const { file } = workerData as { file: string };
const store = openSqliteStore(file, { prepareWorkers: 0 });

port.on('message', (m: ReadRequest) => {
  void answer(m).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (e) {
      port.postMessage(errorReply(e)); // an answer that cannot be copied to the server's thread
    }
    if (m.method === 'close') port.close(); // the thread ends once its store is closed
  });
});

async function answer(m: ReadRequest): Promise<ReadReply> {
  try {
    if (m.method === 'close') {
      await store.close();
      return { result: null };
    }
    if (!READ_WORKER_METHODS.includes(m.method)) throw new Error(`not a pooled read: ${String(m.method)}`);
    const method = store[m.method] as (...args: unknown[]) => Promise<unknown>;
    return { result: await method.apply(store, m.args) };
  } catch (e) {
    return errorReply(e);
  }
}
