import type { ParseArgsConfig } from 'node:util';
import type { Store } from '../store/index.js';

/**
 * One entry of the command table (the notmuch shape): what the command needs from the
 * database is declared here and the dispatcher opens it accordingly.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** 'none': no database; 'read': must exist; 'write': created when missing. */
  access: 'none' | 'read' | 'write';
  /** The database when neither --db nor INNSYN_DB names one (default ./innsyn.db). */
  defaultDb?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** Open for 'read' and 'write' commands. */
  store: Store;
  dbPath: string;
  json: boolean;
  out: Output;
}

export interface Output {
  /** Writes a line to standard output. */
  line(text?: string): void;
  /** Writes a versioned JSON document to standard output (see docs/json.md). */
  json(doc: Record<string, unknown>): void;
  /** Writes a line to standard error. */
  error(text: string): void;
  /** True when standard error is a terminal (progress bars go there). */
  isTTY: boolean;
}

/** Exit codes (DESIGN.md "Interfaces"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, quarantined: 3 } as const;

/** Version of the JSON output schema of every command; history in docs/json.md. */
export const JSON_SCHEMA_VERSION = 1;
