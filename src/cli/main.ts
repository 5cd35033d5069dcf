import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isInnsynError } from '../model/index.js';
import { EXIT, type Command, type Output } from './command.js';
import { commands } from './commands/index.js';
import { consoleOutput } from './output.js';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  // Team mode (PostgreSQL): one case of a shared database, and a streaming replica to read from.
  collection: { type: 'string' },
  'db-read': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], out: Output = consoleOutput()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.line(await helpText());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    out.line('innsyn 0.1.0');
    return EXIT.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    out.error(`innsyn: unknown command '${name}'.\n\n${await helpText()}`);
    return EXIT.usage;
  }
  const command = await entry.load();

  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    out.error(`innsyn ${name}: ${(e as Error).message}\nusage: ${command.usage}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    out.line(`usage: ${command.usage}\n\n${command.summary}`);
    return EXIT.ok;
  }

  const dbPath = resolveDb(parsed.values.db, command.defaultDb);
  return runCommand(command, parsed.positionals, parsed.values, dbPath, out);
}

async function runCommand(
  command: Command,
  positionals: string[],
  values: Record<string, string | boolean | string[] | undefined>,
  dbPath: string,
  out: Output,
): Promise<number> {
  // A command that declares --collection itself (audit: a filter) keeps it for its own use.
  const ownCollection = 'collection' in command.options;
  const team = teamOptions(ownCollection ? { ...values, collection: undefined } : values);
  // `serve --team` opens no case store itself: it serves every collection (api/team-server.ts).
  const access = values.team === true ? 'none' : command.access;
  // With --collection or --db-read, openStore says what is wrong with a file (SQLite has neither).
  const plainFile = team.collection === undefined && team.dbRead === undefined;
  if (access === 'read' && plainFile && !dbPath.includes('://') && !existsSync(dbPath)) {
    out.error(
      `innsyn ${command.name}: no database at ${dbPath}. Run 'innsyn ingest PATH' first, or name one with --db FILE or INNSYN_DB.`,
    );
    return EXIT.failed;
  }
  if (
    access === 'none' &&
    ((values.collection !== undefined && !ownCollection) ||
      (values['db-read'] !== undefined && values.team !== true))
  ) {
    out.error(
      `innsyn ${command.name}: --collection and --db-read do not apply here\nusage: ${command.usage}`,
    );
    return EXIT.usage;
  }
  let store;
  try {
    // Loaded on use, so that --help and --version start fast.
    store = access === 'none' ? null : await (await import('../store/index.js')).openStore(dbPath, team);
  } catch (e) {
    out.error(`innsyn ${command.name}: ${errorText(e)}`);
    return isInnsynError(e) && e.code === 'usage' ? EXIT.usage : EXIT.failed;
  }
  try {
    return await command.run({
      positionals,
      values,
      store: store as NonNullable<typeof store>,
      dbPath,
      json: values.json === true,
      out,
    });
  } catch (e) {
    if (isInnsynError(e) && e.code === 'usage') {
      out.error(`innsyn ${command.name}: ${e.message}\nusage: ${command.usage}`);
      return EXIT.usage;
    }
    out.error(`innsyn ${command.name}: ${errorText(e)}`);
    return isInnsynError(e) && e.code === 'bad-query' ? EXIT.usage : EXIT.failed;
  } finally {
    await store?.close();
  }
}

function errorText(e: unknown): string {
  if (isInnsynError(e)) return e.message;
  // Not one of ours: a bug. Say so plainly, with the stack for the bug report.
  return `internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

/** --collection (or INNSYN_COLLECTION) and --db-read (or INNSYN_DB_READ), when given. */
function teamOptions(values: Record<string, string | boolean | string[] | undefined>): {
  collection?: string;
  dbRead?: string;
} {
  const pick = (flag: unknown, env: string | undefined): string | undefined =>
    typeof flag === 'string' ? flag : env || undefined;
  const collection = pick(values.collection, process.env.INNSYN_COLLECTION);
  const dbRead = pick(values['db-read'], process.env.INNSYN_DB_READ);
  return {
    ...(collection === undefined ? {} : { collection }),
    ...(dbRead === undefined ? {} : { dbRead }),
  };
}

/** --db, else INNSYN_DB, else the command's default (./innsyn.db). */
export function resolveDb(flag: string | boolean | string[] | undefined, fallback = 'innsyn.db'): string {
  const spec = typeof flag === 'string' && flag ? flag : process.env.INNSYN_DB || fallback;
  return spec.includes('://') || spec === ':memory:' ? spec : path.resolve(spec);
}

/** Loads every command (for the summaries): only `innsyn --help` and a mistyped command pay for it. */
async function helpText(): Promise<string> {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.name.length));
  return [
    'innsyn: search, read and analyse leaked or disclosed correspondence, offline.',
    '',
    'usage: innsyn COMMAND [options]   (innsyn COMMAND --help for more)',
    '',
    ...loaded.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --db FILE (default ./innsyn.db, or INNSYN_DB) and --json.',
    'With PostgreSQL (--db postgres://…): --collection NAME (INNSYN_COLLECTION) opens one case of a shared',
    'database, --db-read URL (INNSYN_DB_READ) reads from a streaming replica (docs/deployment.md).',
  ].join('\n');
}
