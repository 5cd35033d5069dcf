import { InnsynError } from '../../model/index.js';
import { printableSpec } from '../../store/index.js';
import { type Command } from '../command.js';

const ACTIONS = ['status', 'create', 'drop'] as const;

export const rankIndexCommand: Command = {
  name: 'rank-index',
  summary:
    'PostgreSQL: make, drop or show the rank index (the rum extension) that orders searches by relevance from the index instead of ranking every match.',
  usage: 'innsyn rank-index [status|create|drop] --db postgres://… [--collection NAME] [--json]',
  access: 'read',
  options: {},
  async run({ positionals, store, dbPath, json, out }) {
    const [action = 'status', ...rest] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action) || rest.length > 0) {
      throw new InnsynError(
        'usage',
        `rank-index takes one of ${ACTIONS.join(', ')}, not '${positionals.join(' ')}'`,
      );
    }
    const { PostgresStore } = await import('../../store/postgres/pg-store.js');
    if (!(store instanceof PostgresStore)) {
      throw new InnsynError(
        'usage',
        `the rank index is PostgreSQL's (the rum extension); ${printableSpec(dbPath)} is a file, which SQLite ranks from its own index`,
      );
    }
    if (action === 'create' && !json) {
      out.error(
        'innsyn: making the rank index; it reads every item once (about a minute per 100,000) and does not stop searches or ingests',
      );
    }
    const state = await store.rankIndex(action as (typeof ACTIONS)[number]);
    if (json) {
      out.json({ database: printableSpec(dbPath), ...state });
      return 0;
    }
    out.line(
      state.index
        ? `rank index: yes (${((state.bytes ?? 0) / 1048576).toFixed(1)} MB); searches by relevance are ordered by it`
        : `rank index: no; searches by relevance rank every match with ts_rank${state.invalid ? ' (an interrupted build is left: run create again)' : ''}`,
    );
    out.line(
      `rum extension: ${state.extension ? `version ${state.extension} in this database` : state.available ? 'on the server, not yet created in this database' : 'not on the database server (Debian: postgresql-15-rum)'}`,
    );
    if (action !== 'status' && state.index !== (action === 'create')) return 1;
    if (action !== 'status')
      out.line('servers that were running before this rank as before until they are restarted');
    return 0;
  },
};
