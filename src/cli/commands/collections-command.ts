import { InnsynError } from '../../model/index.js';
import { checkCollectionName } from '../../team/team-names.js';
import { EXIT, type Command } from '../command.js';
import { collectionLine, openTeamFor } from './team-cli.js';

const ACTIONS = ['list', 'add', 'remove'] as const;

export const collectionsCommand: Command = {
  name: 'collections',
  summary:
    'Team mode (PostgreSQL): the collections (investigations), each a schema c_NAME of the database; list, add or remove them.',
  usage:
    'innsyn collections [list] | add NAME | remove NAME --yes   --db postgres://… [--json]\n' +
    '  NAME: 1-40 characters of a-z, 0-9 and _ (the collection lives in the PostgreSQL schema c_NAME)\n' +
    '  remove deletes the collection for good (its items, annotations, saved searches, members):\n' +
    '  without --yes it only says what it would delete. Export what you keep first (innsyn export).',
  access: 'none',
  options: {
    yes: { type: 'boolean', default: false },
  },
  async run({ positionals, values, dbPath, json, out }) {
    const [action = 'list', ...args] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    if (action === 'list' && args.length !== 0)
      throw new InnsynError('usage', 'collections list takes nothing else');
    if (action === 'add' || action === 'remove') {
      if (args.length !== 1) throw new InnsynError('usage', `collections ${action} takes one NAME`);
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
      if (action === 'remove') {
        const held = await team.collectionContents(name);
        if (held === null)
          throw new InnsynError('not-found', `no collection '${name}' (innsyn collections list shows them)`);
        const what = `${held.items} item${held.items === 1 ? '' : 's'} and ${held.members} member${held.members === 1 ? '' : 's'}`;
        if (values.yes !== true) {
          throw new InnsynError(
            'usage',
            `removing collection ${name} deletes its ${what} for good: export what you keep first ` +
              `(innsyn export --all --out ${name}.zip --collection ${name}), then run it again with --yes`,
          );
        }
        const removed = await team.removeCollection(name, cliActor());
        if (removed === null)
          throw new InnsynError('not-found', `no collection '${name}' (removed meanwhile)`);
        if (json) out.json({ collection: name, removed: true, ...removed });
        else
          out.line(
            `removed ${name}: ${removed.items} item${removed.items === 1 ? '' : 's'}, ${removed.members} member${removed.members === 1 ? '' : 's'}`,
          );
        return EXIT.ok;
      }
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
