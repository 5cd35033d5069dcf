import { printableSpec } from '../../store/index.js';
import { type Command } from '../command.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Counts: items by kind and platform, threads, sources, quarantined inputs, date range, size.',
  usage: 'innsyn stats [--db FILE] [--json]',
  access: 'read',
  options: {},
  async run({ store, json, out, dbPath }) {
    const stats = await store.stats();
    const quarantine = (await store.listQuarantine()).map((q) => ({
      path: q.location.path,
      member: q.location.member,
      offset: q.location.offset,
      length: q.location.length,
      sha256: q.location.sha256,
      reason: q.reason,
    }));
    if (json) {
      out.json({ database: printableSpec(dbPath), stats, quarantine });
      return 0;
    }
    out.line(`database:    ${printableSpec(dbPath)} (${(stats.dbBytes / 1048576).toFixed(1)} MB)`);
    out.line(
      `items:       ${stats.items} (${Object.entries(stats.byKind)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')})`,
    );
    out.line(
      `platforms:   ${Object.entries(stats.byPlatform)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    out.line(`copies:      ${stats.locations} locations`);
    out.line(`threads:     ${stats.threads}`);
    out.line(`sources:     ${stats.sources}`);
    out.line(`dates:       ${stats.firstDate ?? '-'} .. ${stats.lastDate ?? '-'}`);
    out.line(`quarantined: ${stats.quarantined}`);
    for (const q of quarantine.slice(0, 20)) {
      out.line(`  ${q.path}${q.member ? ` → ${q.member}` : ''} @ byte ${q.offset}: ${q.reason}`);
    }
    return 0;
  },
};
