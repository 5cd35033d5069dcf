import type { Command } from '../command.js';

/**
 * One entry of the command table: its name, and its module, loaded only when it runs. Loading
 * every command with its libraries (the server, the PDF and report writers, the demo
 * generator) took ~0.45 s of every `innsyn` start; a search now loads the search command alone.
 */
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

/** The command table, in the order `innsyn --help` lists it (a test checks each name against its module). */
export const commands: CommandEntry[] = [
  { name: 'ingest', load: async () => (await import('./ingest-command.js')).ingestCommand },
  { name: 'search', load: async () => (await import('./search-command.js')).searchCommand },
  { name: 'show', load: async () => (await import('./show-command.js')).showCommand },
  { name: 'thread', load: async () => (await import('./thread-command.js')).threadCommand },
  { name: 'conversation', load: async () => (await import('./conversation-command.js')).conversationCommand },
  { name: 'people', load: async () => (await import('./people-command.js')).peopleCommand },
  { name: 'tag', load: async () => (await import('./tag-command.js')).tagCommand },
  { name: 'star', load: async () => (await import('./star-command.js')).starCommand },
  { name: 'unstar', load: async () => (await import('./star-command.js')).unstarCommand },
  { name: 'note', load: async () => (await import('./note-command.js')).noteCommand },
  { name: 'tags', load: async () => (await import('./tags-command.js')).tagsCommand },
  { name: 'searches', load: async () => (await import('./searches-command.js')).searchesCommand },
  { name: 'batch', load: async () => (await import('./batch-command.js')).batchCommand },
  { name: 'pairs', load: async () => (await import('./pairs-command.js')).pairsCommand },
  { name: 'echoes', load: async () => (await import('./echoes-command.js')).echoesCommand },
  { name: 'timeline', load: async () => (await import('./timeline-command.js')).timelineCommand },
  { name: 'network', load: async () => (await import('./network-command.js')).networkCommand },
  { name: 'export', load: async () => (await import('./export-command.js')).exportCommand },
  { name: 'report', load: async () => (await import('./report-command.js')).reportCommand },
  { name: 'verify', load: async () => (await import('./verify-command.js')).verifyCommand },
  { name: 'stats', load: async () => (await import('./stats-command.js')).statsCommand },
  { name: 'serve', load: async () => (await import('./serve-command.js')).serveCommand },
  { name: 'reindex', load: async () => (await import('./reindex-command.js')).reindexCommand },
  { name: 'rank-index', load: async () => (await import('./rank-index-command.js')).rankIndexCommand },
  { name: 'migrate', load: async () => (await import('./migrate-command.js')).migrateCommand },
  { name: 'users', load: async () => (await import('./users-command.js')).usersCommand },
  { name: 'collections', load: async () => (await import('./collections-command.js')).collectionsCommand },
  { name: 'audit', load: async () => (await import('./audit-command.js')).auditCommand },
  { name: 'demo', load: async () => (await import('./demo-command.js')).demoCommand },
];
