/** Typed access to parsed JSON of unknown shape: every read checks, nothing is assumed. */

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown): JsonObject | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string field ('' counts as absent). */
export function str(o: JsonObject | null, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * An id field: X writes ids as strings ("id_str", and "id" too in archives); a number is taken
 * only while it is exact (below 2^53; larger JSON numbers have already lost digits).
 */
export function idField(o: JsonObject | null, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = o?.[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  }
  return null;
}

/** A human-readable name of a JSON value's type, for reasons. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
