import type { Command } from '../command.js';
import { conversationCommand } from './conversation-command.js';
import { demoCommand } from './demo-command.js';
import { echoesCommand } from './echoes-command.js';
import { ingestCommand } from './ingest-command.js';
import { networkCommand } from './network-command.js';
import { pairsCommand } from './pairs-command.js';
import { peopleCommand } from './people-command.js';
import { reindexCommand } from './reindex-command.js';
import { searchCommand } from './search-command.js';
import { serveCommand } from './serve-command.js';
import { showCommand } from './show-command.js';
import { statsCommand } from './stats-command.js';
import { threadCommand } from './thread-command.js';
import { timelineCommand } from './timeline-command.js';

/** The command table, in the order `innsyn --help` lists it. */
export const commands: Command[] = [
  ingestCommand,
  searchCommand,
  showCommand,
  threadCommand,
  conversationCommand,
  peopleCommand,
  pairsCommand,
  echoesCommand,
  timelineCommand,
  networkCommand,
  statsCommand,
  serveCommand,
  reindexCommand,
  demoCommand,
];
