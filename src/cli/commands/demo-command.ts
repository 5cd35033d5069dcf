import path from 'node:path';
import { type Command } from '../command.js';
import { serveCommand } from './serve-command.js';
import { commandLinePath } from '../command-line-path.js';
import { formatSeconds, progressBar } from '../progress-bar.js';

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'Build the bundled demo case (the seed email chain and a generated mailbox) and show what to search.',
  usage: 'innsyn demo [--db FILE] [--json]   (default database: ./innsyn-demo.db)',
  access: 'write',
  // The demo never touches a real case: its own database unless --db names one.
  defaultDb: 'innsyn-demo.db',
  options: {
    'build-only': { type: 'boolean', default: false },
    port: { type: 'string', default: '7070' },
  },
  async run(ctx) {
    const { store, json, out, dbPath, values } = ctx;
    const { DEMO_SEARCHES, buildDemo } = await import('../../demo/build-demo.js');
    const { parseQuery } = await import('../../query/index.js');
    const bar = progressBar(out.isTTY && !json);
    const filesDir = path.join(path.dirname(dbPath), 'innsyn-demo-files');
    const { report, threads } = await buildDemo(store, filesDir, (p) => bar.update(p));
    bar.done();
    const searches = [];
    for (const s of DEMO_SEARCHES) {
      const r = await store.search(parseQuery(s.query), { limit: 1, offset: 0, sort: 'relevance' });
      searches.push({ ...s, total: r.total });
    }
    if (json) {
      out.json({ database: dbPath, report, threads, searches });
      return 0;
    }
    out.line(
      `innsyn demo: ${report.stored + report.duplicates} messages and posts in ${dbPath} ` +
        `(${report.stored} new, built in ${formatSeconds(report.seconds)}), ${threads} threads.`,
    );
    out.line('');
    out.line('Try these searches:');
    const db = commandLinePath(dbPath);
    for (const s of searches) {
      out.line(`  npx innsyn search --db ${db} '${s.query}'`);
      out.line(`      ${s.what}: ${s.total} result${s.total === 1 ? '' : 's'}`);
    }
    out.line('');
    out.line(
      `Then: npx innsyn show ID --db ${db}, npx innsyn thread ID --db ${db}, npx innsyn stats --db ${db}`,
    );
    if (values['build-only']) return 0;
    out.line('');
    out.line('Opening the case in the browser UI: open the URL below (Ctrl-C stops the server).');
    return serveCommand.run({ ...ctx, values: { port: values.port, host: '127.0.0.1' } });
  },
};
