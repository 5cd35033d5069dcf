import type { Command } from '../command.js';
import { conversationCommand } from './conversation-command.js';
import { demoCommand } from './demo-command.js';
import { echoesCommand } from './echoes-command.js';
import { exportCommand } from './export-command.js';
import { ingestCommand } from './ingest-command.js';
import { migrateCommand } from './migrate-command.js';
import { networkCommand } from './network-command.js';
import { pairsCommand } from './pairs-command.js';
import { peopleCommand } from './people-command.js';
import { reindexCommand } from './reindex-command.js';
import { reportCommand } from './report-command.js';
import { searchCommand } from './search-command.js';
import { serveCommand } from './serve-command.js';
import { showCommand } from './show-command.js';
import { starCommand, unstarCommand } from './star-command.js';
import { statsCommand } from './stats-command.js';
import { tagCommand } from './tag-command.js';
import { tagsCommand } from './tags-command.js';
import { batchCommand } from './batch-command.js';
import { searchesCommand } from './searches-command.js';
import { noteCommand } from './note-command.js';
import { threadCommand } from './thread-command.js';
import { timelineCommand } from './timeline-command.js';
import { verifyCommand } from './verify-command.js';
import { auditCommand } from './audit-command.js';
import { collectionsCommand } from './collections-command.js';
import { usersCommand } from './users-command.js';

/** The command table, in the order `innsyn --help` lists it. */
export const commands: Command[] = [
  ingestCommand,
  searchCommand,
  showCommand,
  threadCommand,
  conversationCommand,
  peopleCommand,
  tagCommand,
  starCommand,
  unstarCommand,
  noteCommand,
  tagsCommand,
  searchesCommand,
  batchCommand,
  pairsCommand,
  echoesCommand,
  timelineCommand,
  networkCommand,
  exportCommand,
  reportCommand,
  verifyCommand,
  statsCommand,
  serveCommand,
  reindexCommand,
  migrateCommand,
  usersCommand,
  collectionsCommand,
  auditCommand,
  demoCommand,
];
