import { InnsynError } from '../../model/index.js';
import { checkRole, checkUserName } from '../../team/team-names.js';
import { EXIT, type Command } from '../command.js';
import { readNewPassword } from './read-password.js';
import { openTeamFor, userJson, userLine } from './team-cli.js';

const ACTIONS = [
  'add',
  'list',
  'remove',
  'passwd',
  'grant',
  'revoke',
  'admin',
  'disable',
  'enable',
  'token',
  'tokens',
  'revoke-token',
] as const;

/** The label of a token made without --name. */
const DEFAULT_TOKEN_LABEL = 'script';

export const usersCommand: Command = {
  name: 'users',
  summary:
    'Team mode (PostgreSQL): accounts, their roles in collections, passwords and API tokens; every change goes to the audit log.',
  usage:
    'innsyn users add NAME [--admin] [--password-stdin] | list | remove NAME | passwd NAME [--password-stdin] |\n' +
    '  grant NAME COLLECTION reader|editor | revoke NAME COLLECTION | admin NAME on|off | disable NAME | enable NAME |\n' +
    '  token NAME [--name LABEL] | tokens NAME | revoke-token NAME ID   --db postgres://… [--json]\n' +
    '  passwords are typed twice without echo at a terminal, or read from the first line of standard input',
  access: 'none',
  options: {
    admin: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false },
    name: { type: 'string' },
  },
  async run({ positionals, values, dbPath, json, out }) {
    const [action, ...args] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    const want = (n: number, what: string): void => {
      if (args.length !== n) throw new InnsynError('usage', `users ${action} takes ${what}`);
    };
    if (values.admin === true && action !== 'add') {
      throw new InnsynError('usage', '--admin goes with users add (else: users admin NAME on|off)');
    }
    // Checked before the password is asked for: nobody types one twice for a usage error.
    switch (action as (typeof ACTIONS)[number]) {
      case 'list':
        want(0, 'nothing else');
        break;
      case 'add':
      case 'remove':
      case 'passwd':
      case 'disable':
      case 'enable':
      case 'token':
      case 'tokens':
        want(1, 'a user NAME');
        break;
      case 'revoke':
        want(2, 'a user NAME and a COLLECTION');
        break;
      case 'grant':
        want(3, 'a user NAME, a COLLECTION and a role (reader or editor)');
        break;
      case 'admin':
        want(2, "a user NAME and 'on' or 'off'");
        if (args[1] !== 'on' && args[1] !== 'off')
          throw new InnsynError('usage', "users admin NAME takes 'on' or 'off'");
        break;
      case 'revoke-token':
        want(2, 'a user NAME and a token ID (users tokens NAME lists them)');
        if (!/^\d{1,15}$/.test(args[1] as string))
          throw new InnsynError('usage', 'a token ID is a whole number');
        break;
    }
    const { cliActor } = await import('../../team/index.js');
    const team = await openTeamFor(dbPath);
    const by = cliActor();
    const name = args[0] as string;
    try {
      switch (action as (typeof ACTIONS)[number]) {
        case 'add': {
          checkUserName(name);
          if ((await team.getUser(name)) !== null)
            throw new InnsynError('usage', `there is already a user '${name}'`);
          const password = await readNewPassword(name, values['password-stdin'] === true);
          const user = await team.addUser(name, password, { admin: values.admin === true }, by);
          if (json) out.json({ user: userJson(user) });
          else out.line(`added ${userLine(user)}`);
          return EXIT.ok;
        }
        case 'list': {
          const users = await team.listUsers();
          if (json) out.json({ users: users.map(userJson) });
          else {
            out.line(`${users.length} user${users.length === 1 ? '' : 's'}`);
            for (const u of users) out.line(`  ${userLine(u)}`);
          }
          return EXIT.ok;
        }
        case 'remove': {
          if (!(await team.removeUser(name, by))) throw new InnsynError('not-found', `no user '${name}'`);
          if (json) out.json({ removed: name });
          else
            out.line(
              `removed ${name}, with their grants, sessions and tokens (the audit log keeps what they did)`,
            );
          return EXIT.ok;
        }
        case 'passwd': {
          if ((await team.getUser(name)) === null) throw new InnsynError('not-found', `no user '${name}'`);
          const password = await readNewPassword(name, values['password-stdin'] === true);
          await team.setPassword(name, password, by);
          if (json) out.json({ user: name, passwordChanged: true });
          else
            out.line(
              `new password set for ${name}; their browser sessions have ended (API tokens still work)`,
            );
          return EXIT.ok;
        }
        case 'grant': {
          const collection = args[1] as string;
          const role = checkRole(args[2] as string);
          const previous = await team.grant(name, collection, role, by);
          if (json) out.json({ user: name, collection, role, previous });
          else
            out.line(
              previous === role
                ? `${name} already is ${role} in ${collection}`
                : `${name} is now ${role} in ${collection}${previous ? ` (was ${previous})` : ''}`,
            );
          return EXIT.ok;
        }
        case 'revoke': {
          const collection = args[1] as string;
          const revoked = await team.revoke(name, collection, by);
          if (json) out.json({ user: name, collection, revoked });
          else
            out.line(
              revoked
                ? `${name} has no role in ${collection} any more`
                : `${name} had no role in ${collection}`,
            );
          return EXIT.ok;
        }
        case 'admin':
        case 'disable':
        case 'enable': {
          if (action === 'admin') await team.setAdmin(name, args[1] === 'on', by);
          else await team.setDisabled(name, action === 'disable', by);
          const user = await team.getUser(name);
          if (user === null) throw new InnsynError('not-found', `no user '${name}'`);
          if (json) out.json({ user: userJson(user) });
          else out.line(userLine(user));
          return EXIT.ok;
        }
        case 'token': {
          const label = typeof values.name === 'string' ? values.name : DEFAULT_TOKEN_LABEL;
          const t = await team.createApiToken(name, label, by);
          if (json)
            out.json({
              token: { id: t.id, user: t.user, name: t.name, createdAt: t.createdAt, token: t.token },
            });
          else {
            out.line(t.token);
            out.error(
              `innsyn users: API token ${t.id} ('${t.name}') for ${t.user}, shown this once: send it as Authorization: Bearer TOKEN`,
            );
          }
          return EXIT.ok;
        }
        case 'tokens': {
          const tokens = await team.listApiTokens(name);
          if (json) out.json({ tokens });
          else {
            out.line(`${tokens.length} token${tokens.length === 1 ? '' : 's'} of ${name}`);
            for (const t of tokens)
              out.line(
                `  ${t.id}  ${t.name}  (made ${t.createdAt.slice(0, 10)}, ${t.lastUsedAt ? `last used ${t.lastUsedAt.slice(0, 16).replace('T', ' ')} UTC` : 'never used'})`,
              );
          }
          return EXIT.ok;
        }
        case 'revoke-token': {
          const id = Number(args[1]);
          if (!(await team.revokeApiToken(name, id, by)))
            throw new InnsynError(
              'not-found',
              `${name} holds no token ${id} (users tokens ${name} lists them)`,
            );
          if (json) out.json({ user: name, token: id, revoked: true });
          else out.line(`token ${id} of ${name} revoked`);
          return EXIT.ok;
        }
      }
    } finally {
      await team.close();
    }
  },
};
