import type { Command } from '../command.js';
import { demoCommand } from './demo-command.js';
import { ingestCommand } from './ingest-command.js';
import { reindexCommand } from './reindex-command.js';
import { searchCommand } from './search-command.js';
import { serveCommand } from './serve-command.js';
import { showCommand } from './show-command.js';
import { statsCommand } from './stats-command.js';
import { threadCommand } from './thread-command.js';

/** The command table, in the order `innsyn --help` lists it. */
export const commands: Command[] = [
  ingestCommand,
  searchCommand,
  showCommand,
  threadCommand,
  statsCommand,
  serveCommand,
  reindexCommand,
  demoCommand,
];
