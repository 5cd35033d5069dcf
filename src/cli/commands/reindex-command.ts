import { type Command } from '../command.js';

export const reindexCommand: Command = {
  name: 'reindex',
  summary:
    'Rebuild the derived indexes (full text, threads, people) from the stored items; tags, notes, people edits and attachment texts survive.',
  usage: 'innsyn reindex [--db FILE] [--json]',
  access: 'read',
  options: {},
  async run({ store, json, out }) {
    const { rebuildDerived } = await import('../rebuild-derived.js');
    const started = Date.now();
    await store.reindex((done, total) => {
      if (out.isTTY && !json) process.stderr.write(`\rreindexing ${done}/${total}\x1b[K`);
    });
    if (out.isTTY && !json) process.stderr.write('\n');
    // Threads again; the reindex indexed the persons already, so the people rebuild only counts
    // them (and catches up, were it needed).
    const { threads, people } = await rebuildDerived(store);
    const seconds = (Date.now() - started) / 1000;
    if (json) out.json({ threads, people: people.people, seconds });
    else out.line(`reindexed in ${seconds.toFixed(1)}s; ${threads} threads, ${people.people} people`);
    return 0;
  },
};
