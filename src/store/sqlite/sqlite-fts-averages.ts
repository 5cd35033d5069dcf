import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { FTS_COLUMNS } from './sqlite-fts-columns.js';

/**
 * FTS5's "averages" record (row 1 of fts_data: the number of rows, then the tokens of each
 * column in all rows), which bm25 takes N and the average row length from, kept true.
 *
 * Our table is contentless with `contentless_delete = 1`, and for such a table FTS5 deletes a
 * row's postings and its fts_docsize row but leaves its count and tokens in the averages. Every
 * item the people index writes again (delete, insert) is then counted twice: after a 100,000-
 * message ingest the record said 112,040 rows. bm25 took a wrong N and average length, and a
 * case's ranking depended on its history of edits. So each deletion's lengths are noted before
 * it (FtsRemovals) and taken out of the record once its transaction has committed (FTS5 writes
 * the record itself at commit, from what it read at the start of the transaction, so it cannot
 * be corrected sooner); `repairFtsAverages` recomputes the record from fts_docsize where a crash
 * between the two left it wrong, or an older innsyn did (migration 0009).
 */

const AVERAGES_ROWID = 1;

/** Adds one fts_docsize row (a varint per column) to [rows, tokens of each column]. */
function addRow(totals: Float64Array, sz: Uint8Array): void {
  const values = readVarints(sz);
  totals[0] = (totals[0] as number) + 1;
  for (let i = 0; i < FTS_COLUMNS.length && i < values.length; i++) {
    totals[i + 1] = (totals[i + 1] as number) + (values[i] as number);
  }
}

/** SQLite's varints (sqlite3GetVarint), as FTS5 writes them: 7 bits a byte, a full 9th byte. */
export function readVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let v = 0;
    let k = 0;
    for (; k < 8 && i < bytes.length; k++) {
      const b = bytes[i++] as number;
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (k === 8 && i < bytes.length) v = v * 256 + (bytes[i++] as number);
    out.push(v);
  }
  return out;
}

/** Whole numbers from 0 to 2^53 as SQLite's varints (below 2^56 no 9th byte is needed). */
export function writeVarints(values: readonly number[]): Buffer {
  const out: number[] = [];
  for (const value of values) {
    const groups = [value % 128];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v % 128) | 0x80);
    out.push(...groups);
  }
  return Buffer.from(out);
}

function readAverages(db: SqliteDatabase): number[] | null {
  const block = db.prepare('SELECT block FROM fts_data WHERE id = ?').pluck().get(AVERAGES_ROWID) as
    Buffer | undefined;
  if (!block || block.length === 0) return null;
  const values = readVarints(block);
  return values.length === FTS_COLUMNS.length + 1 ? values : null;
}

/** fts_data is a shadow table, which SQLite's defensive mode keeps SQL from writing: lifted for one statement. */
function writeAverages(db: SqliteDatabase, values: readonly number[]): void {
  db.unsafeMode(true);
  try {
    db.prepare('REPLACE INTO fts_data (id, block) VALUES (?, ?)').run(AVERAGES_ROWID, writeVarints(values));
  } finally {
    db.unsafeMode(false);
  }
}

/** The record as fts_docsize says it should be: its rows, and their tokens per column. */
function countedAverages(db: SqliteDatabase): number[] {
  const totals = new Float64Array(FTS_COLUMNS.length + 1);
  for (const sz of db.prepare('SELECT sz FROM fts_docsize').pluck().iterate() as Iterable<Buffer>) {
    addRow(totals, sz);
  }
  return [...totals];
}

/**
 * Makes the averages record agree with fts_docsize, reading all of it (1-2 s at 1,000,000
 * items) only when the row counts differ, or always with `thorough`. Not inside a transaction
 * that has written to fts: FTS5 would write its own record over this one at commit. Returns
 * whether the record was wrong.
 */
export function repairFtsAverages(db: SqliteDatabase, options: { thorough?: boolean } = {}): boolean {
  return db
    .transaction(() => {
      const recorded = readAverages(db);
      if (recorded === null) return false; // an empty table: FTS5 writes the record with the first row
      if (!options.thorough) {
        const rows = db.prepare('SELECT count(*) FROM fts_docsize').pluck().get() as number;
        if (rows === recorded[0]) return false;
      }
      const counted = countedAverages(db);
      if (counted.every((v, i) => v === recorded[i])) return false;
      writeAverages(db, counted);
      return true;
    })
    .immediate();
}

/** The lengths of full-text rows about to be deleted, to be taken out of the averages record after the commit. */
export class FtsRemovals {
  private readonly sizeOf: SqliteStatement;
  private removed = new Float64Array(FTS_COLUMNS.length + 1);

  constructor(private readonly db: SqliteDatabase) {
    this.sizeOf = db.prepare('SELECT sz FROM fts_docsize WHERE id = ?').pluck();
  }

  /** Before `DELETE FROM fts WHERE rowid = ?`: notes the row's lengths. */
  note(rowid: number): void {
    const sz = this.sizeOf.get(rowid) as Buffer | undefined;
    if (sz) addRow(this.removed, sz);
  }

  /** After the transaction that deleted them committed: takes them out of the record. */
  settle(): void {
    if (this.removed[0] === 0) return;
    const removed = this.removed;
    this.discard();
    const wrong = this.db
      .transaction(() => {
        const recorded = readAverages(this.db);
        if (recorded === null) return false;
        const settled = recorded.map((v, i) => v - (removed[i] ?? 0));
        if (settled.some((v) => v < 0)) return true;
        writeAverages(this.db, settled);
        return false;
      })
      .immediate();
    // Below zero only when the record was wrong before (an older innsyn): count it again.
    if (wrong) repairFtsAverages(this.db, { thorough: true });
  }

  /** After a rollback: the deletions did not happen. */
  discard(): void {
    this.removed = new Float64Array(FTS_COLUMNS.length + 1);
  }
}
