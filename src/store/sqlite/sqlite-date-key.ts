import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

/**
 * Date keys: the rowid of an item in the full-text index. They sort as the items' dates do, so
 * FTS5, which walks its matches in rowid order and stops at LIMIT, answers "newest first" and
 * date ranges without touching the items of other dates (see README.md, "Date keys").
 *
 *   key = (second since 1900 + 1) · 2^19 + millisecond · 2^9 + counter (0…511)
 *
 * Dates are clamped to [1900, 2200): the largest key is below 2^53, so JavaScript numbers hold
 * it exactly. Items without a date get negative keys (below every dated item: last in "newest
 * first"). 512 items in one millisecond spill into the next millisecond's slots; a key is
 * therefore never below its own date's first key, and above it by far less than a day.
 */
const MS_SLOT = 2 ** 9;
const SECOND_SLOT = 2 ** 19;
const MIN_SECOND = Date.UTC(1900, 0, 1) / 1000;
const MAX_SECOND = Date.UTC(2200, 0, 1) / 1000 - 1;

/** The first key a date (ms since 1970) can have; keys of later dates are larger. */
export function firstKeyAt(ms: number): number {
  const clamped = Math.min(Math.max(ms, MIN_SECOND * 1000), MAX_SECOND * 1000 + 999);
  const second = Math.floor(clamped / 1000);
  return (second - MIN_SECOND + 1) * SECOND_SLOT + (clamped - second * 1000) * MS_SLOT;
}

/**
 * A bound certainly above the key of every item dated before `ms` (spills stay within a day).
 * Dates outside [1900, 2200) share the keys of its ends: before 1900 the bound is above them
 * all (`date:1601` finds the items dated 1601), past its end nothing bounds.
 */
export function keyBoundBefore(ms: number): number {
  const after = Math.max(ms, MIN_SECOND * 1000) + 86_400_000;
  return after > MAX_SECOND * 1000 ? Number.MAX_SAFE_INTEGER : firstKeyAt(after);
}

/** Hands out date keys for new items, in one database (inside the writer's transaction). */
export class DateKeys {
  private readonly maxIn: SqliteStatement;
  private readonly minKey: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.maxIn = db.prepare('SELECT max(dk) FROM items WHERE dk >= ? AND dk < ?').pluck();
    this.minKey = db.prepare('SELECT min(dk) FROM items').pluck();
  }

  /** A key no item has yet, for an item dated `ms` (null: no date). */
  next(ms: number | null): number {
    if (ms === null) {
      const min = this.minKey.get() as number | null;
      return min === null || min > 0 ? -1 : min - 1;
    }
    for (let slot = firstKeyAt(ms); ; slot += MS_SLOT) {
      const max = this.maxIn.get(slot, slot + MS_SLOT) as number | null;
      if (max === null) return slot;
      if (max < slot + MS_SLOT - 1) return max + 1;
    }
  }
}
