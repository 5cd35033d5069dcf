import { InnsynError } from '../../model/index.js';
import { checkCollectionName } from '../../team/team-names.js';
import { EXIT, type Command } from '../command.js';
import { collectionLine, openTeamFor } from './team-cli.js';

const ACTIONS = ['list', 'add'] as const;

export const collectionsCommand: Command = {
  name: 'collections',
  summary:
    'Team mode (PostgreSQL): the collections (investigations), each a schema c_NAME of the database; list them or add one.',
  usage:
    'innsyn collections [list] | add NAME   --db postgres://… [--json]\n' +
    '  NAME: 1-40 characters of a-z, 0-9 and _ (the collection lives in the PostgreSQL schema c_NAME)',
  access: 'none',
  options: {},
  async run({ positionals, dbPath, json, out }) {
    const [action = 'list', ...args] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    if (action === 'list' && args.length !== 0)
      throw new InnsynError('usage', 'collections list takes nothing else');
    if (action === 'add') {
      if (args.length !== 1) throw new InnsynError('usage', 'collections add takes one NAME');
      checkCollectionName(args[0] as string);
    }
    const { cliActor } = await import('../../team/index.js');
    const team = await openTeamFor(dbPath);
    try {
      if (action === 'list') {
        const collections = await team.listCollections();
        if (json) out.json({ collections });
        else {
          out.line(`${collections.length} collection${collections.length === 1 ? '' : 's'}`);
          for (const c of collections) out.line(`  ${collectionLine(c)}`);
        }
        return EXIT.ok;
      }
      const name = args[0] as string;
      const existed = (await team.getCollection(name)) !== null;
      const collection = await team.ensureCollection(name, cliActor());
      if (json) out.json({ collection, added: !existed });
      else out.line(`${existed ? 'already there' : 'added'}: ${collectionLine(collection)}`);
      return EXIT.ok;
    } finally {
      await team.close();
    }
  },
};
