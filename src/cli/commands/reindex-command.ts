import { type Command } from '../command.js';

export const reindexCommand: Command = {
  name: 'reindex',
  summary: 'Rebuild the derived indexes (full text, threads) from the stored items; tags and notes survive.',
  usage: 'innsyn reindex [--db FILE] [--json]',
  access: 'read',
  options: {},
  async run({ store, json, out }) {
    const { rebuildThreads } = await import('../../analysis/rebuild-threads.js');
    const started = Date.now();
    await store.reindex((done, total) => {
      if (out.isTTY && !json) process.stderr.write(`\rreindexing ${done}/${total}\x1b[K`);
    });
    if (out.isTTY && !json) process.stderr.write('\n');
    const threads = await rebuildThreads(store);
    const seconds = (Date.now() - started) / 1000;
    if (json) out.json({ threads, seconds });
    else out.line(`reindexed in ${seconds.toFixed(1)}s; ${threads} threads`);
    return 0;
  },
};
