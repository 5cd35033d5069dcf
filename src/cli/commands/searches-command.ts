import { InnsynError } from '../../model/index.js';
import { parseQuery } from '../../query/index.js';
import { EXIT, type Command } from '../command.js';
import { parseCount } from './parse-count.js';
import { printSummary } from './search-command.js';

const ACTIONS = ['list', 'save', 'delete', 'run'] as const;

export const searchesCommand: Command = {
  name: 'searches',
  summary: 'Saved searches: list them, save a query under a name, delete one, run one.',
  usage:
    'innsyn searches [list] | save NAME QUERY | delete NAME | run NAME [--limit N] [--sort relevance|date|date-asc]   [--db FILE] [--json]',
  access: 'read',
  options: {
    limit: { type: 'string', default: '20' },
    sort: { type: 'string', default: 'date' },
  },
  async run({ positionals, values, store, json, out }) {
    const [action = 'list', ...args] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    switch (action as (typeof ACTIONS)[number]) {
      case 'list': {
        const searches = await store.listSavedSearches();
        if (json) out.json({ searches });
        else {
          out.line(`${searches.length} saved search${searches.length === 1 ? '' : 'es'}`);
          for (const s of searches) out.line(`  ${s.name}: ${s.query}`);
        }
        return EXIT.ok;
      }
      case 'save': {
        const [name, ...words] = args;
        if (name === undefined || words.length === 0)
          throw new InnsynError('usage', 'searches save takes a NAME and a QUERY');
        const saved = await store.saveSearch(name, words.join(' '));
        if (json) out.json({ search: saved });
        else out.line(`saved: ${saved.name}: ${saved.query}`);
        return EXIT.ok;
      }
      case 'delete': {
        if (args.length !== 1) throw new InnsynError('usage', 'searches delete takes one NAME');
        const name = args[0] as string;
        if (!(await store.deleteSavedSearch(name)))
          throw new InnsynError('not-found', `no saved search '${name}'`);
        if (json) out.json({ deleted: name });
        else out.line(`deleted: ${name}`);
        return EXIT.ok;
      }
      case 'run': {
        if (args.length !== 1) throw new InnsynError('usage', 'searches run takes one NAME');
        const name = (args[0] as string).trim().toLowerCase();
        const saved = (await store.listSavedSearches()).find((s) => s.name.toLowerCase() === name);
        if (!saved)
          throw new InnsynError(
            'not-found',
            `no saved search '${args[0] as string}': innsyn searches lists them`,
          );
        const sort = values.sort as 'relevance' | 'date' | 'date-asc';
        if (!['relevance', 'date', 'date-asc'].includes(sort)) {
          throw new InnsynError('usage', '--sort takes one of relevance, date, date-asc');
        }
        const limit = parseCount(values.limit, '--limit', 1, 10000);
        const result = await store.search(parseQuery(saved.query), { limit, offset: 0, sort });
        if (json) {
          out.json({ search: saved, total: result.total, limit, items: result.items });
          return EXIT.ok;
        }
        out.line(`${saved.name}: ${saved.query}`);
        out.line(`${result.total} result${result.total === 1 ? '' : 's'}`);
        for (const it of result.items) printSummary(it, out.line);
        return EXIT.ok;
      }
    }
  },
};
