import { InnsynError } from '../../model/index.js';
import type { PgPool, PgQueryable } from './pg-driver.js';
import { pgErrorCode } from './pg-driver.js';
import { RETRYABLE } from './pg-errors.js';

/**
 * Where a read goes when the store has a streaming replica (`--db-read`): to the replica, unless
 * this process wrote something the replica has not replayed yet (or saw a data version it has
 * not reached), then to the primary. So every process reads its own writes, a `dataVersion()`
 * it was given is never followed by older answers (the API's cache keys on it), and a server
 * that only reads never touches the primary.
 *
 * The fence is a WAL position (LSN) on the primary: the end of this process's last commit, the
 * position when it last read the data version there, and at open the position after migrating.
 * The replica is asked `pg_last_wal_replay_lsn() >= fence` while a fence stands; once it has
 * passed, the fence is dropped and reads stay on the replica without asking again.
 */
export class PgReadRoute {
  /** WAL position the replica must have replayed before it may answer; null: none pending. */
  private fence: bigint | null = null;
  /** The primary's WAL page and segment sizes (compile-time settings; these are the defaults). */
  private pageBytes = 8192n;
  private segmentBytes = 16n * 1024n * 1024n;

  constructor(
    private readonly primary: PgPool,
    private readonly replica: PgPool | null,
  ) {}

  get hasReplica(): boolean {
    return this.replica !== null;
  }

  /** Reads the primary's WAL page and segment sizes (once, at open). */
  async configure(db: PgQueryable): Promise<void> {
    const r = await db.query<{ page: number; segment: number }>(
      "SELECT current_setting('wal_block_size')::int AS page, pg_size_bytes(current_setting('wal_segment_size')) AS segment",
    );
    const row = r.rows[0];
    if (row) {
      this.pageBytes = BigInt(row.page);
      this.segmentBytes = BigInt(row.segment);
    }
  }

  /** The pool a read should run on, and whether that is the replica. */
  async pool(): Promise<{ db: PgPool; replica: boolean }> {
    if (this.replica === null) return { db: this.primary, replica: false };
    const fence = this.fence;
    if (fence === null) return { db: this.replica, replica: true };
    try {
      const r = await this.replica.query<{ ok: boolean | null }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok',
        [lsnText(fence)],
      );
      if (r.rows[0]?.ok === true) {
        // Only the fence we checked: a commit meanwhile raised it, and stands.
        if (this.fence === fence) this.fence = null;
        return { db: this.replica, replica: true };
      }
    } catch {
      // The replica cannot be asked (down, restarting): the primary answers.
    }
    return { db: this.primary, replica: false };
  }

  /**
   * Records that reads must see the primary as it is now: called on the connection that just
   * committed (the insert position is past its commit record), or that just read the data version.
   */
  async fenceAt(db: PgQueryable): Promise<void> {
    if (this.replica === null) return;
    try {
      const r = await db.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      this.raise(parseLsn((r.rows[0] as { lsn: string }).lsn));
    } catch {
      // Unknown position (the connection broke after the commit): read from the primary until a
      // later commit records a known one.
      this.fence = UNKNOWN_FENCE;
    }
  }

  /** Raises the fence to `lsn` (text, `16/B374D848`), as read with the data version. */
  raiseTo(lsn: string): void {
    this.raise(parseLsn(lsn));
  }

  private raise(insert: bigint): void {
    const lsn = this.recordEnd(insert);
    if (this.fence === null || this.fence === UNKNOWN_FENCE || lsn > this.fence) this.fence = lsn;
  }

  /**
   * The end of the last WAL record, from the insert position: the same, except when that record
   * ended a page, where the insert position points past the next page's header and replay stops
   * at the boundary before it (until some other record is written).
   */
  private recordEnd(insert: bigint): bigint {
    if (insert % this.segmentBytes === LONG_PAGE_HEADER) return insert - LONG_PAGE_HEADER;
    if (insert % this.pageBytes === SHORT_PAGE_HEADER) return insert - SHORT_PAGE_HEADER;
    return insert;
  }
}

/** A fence no replica passes: reads go to the primary until a commit records a real position. */
const UNKNOWN_FENCE = 0xffff_ffff_ffff_ffffn;
/** MAXALIGN'd sizes of a WAL page header, and of the long one that starts a segment (xlog_internal.h). */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/** True when a read that failed on the replica should be run on the primary instead. */
export function replicaFailover(e: unknown): boolean {
  const code = pgErrorCode(e) ?? '';
  // 40001 on a standby: "canceling statement due to conflict with recovery" (a long read met a
  // vacuum being replayed); 08xxx and socket errors: the replica is gone; 57P0x: shutting down.
  return (
    RETRYABLE.has(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    (e instanceof Error && /Connection terminated|timeout expired/i.test(e.message))
  );
}

/**
 * Checks at open that `replica` is a streaming replica of `primary`'s database: a standby
 * (`pg_is_in_recovery()`), of the same cluster (the system identifier initdb gave it, which a
 * physical replica shares), holding the same database. InnsynError('usage') otherwise: reading
 * a different database's rows through --db-read would answer wrongly and silently.
 */
export async function checkReplica(
  primary: PgQueryable,
  replica: PgQueryable,
  names: { db: string; readDb: string },
): Promise<void> {
  const sql =
    'SELECT pg_is_in_recovery() AS standby, current_database() AS database, ' +
    '(SELECT system_identifier::text FROM pg_control_system()) AS system';
  type Row = { standby: boolean; database: string; system: string };
  const p = (await primary.query<Row>(sql)).rows[0] as Row;
  const r = (await replica.query<Row>(sql)).rows[0] as Row;
  if (!r.standby) {
    throw new InnsynError(
      'usage',
      `--db-read ${names.readDb} is not a standby server (pg_is_in_recovery() is false): give the URL of a streaming replica of ${names.db}`,
    );
  }
  if (p.system !== r.system || p.database !== r.database) {
    throw new InnsynError(
      'usage',
      `--db-read ${names.readDb} is not a replica of ${names.db} (another ${p.system !== r.system ? 'cluster' : 'database'}): ` +
        'give the URL of a streaming replica of the same database',
    );
  }
}

/** `16/B374D848` → 0x16B374D848. */
function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!m) throw new InnsynError('internal', `not a WAL position: '${text}'`);
  return (BigInt(`0x${m[1] as string}`) << 32n) | BigInt(`0x${m[2] as string}`);
}

function lsnText(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffff_ffffn).toString(16).toUpperCase()}`;
}
