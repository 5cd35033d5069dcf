import { parseExportDate, type ExportDate } from '../x/export-date.js';

/**
 * Dates in post lists: ISO 8601, X's `Wed Oct 12 12:46:00 +0000 2016` and Unix seconds or
 * milliseconds (export-date.ts), and the all-numeric dates spreadsheets write
 * (`10/12/2016 12:46`, `12.10.2016 12:46:00`, with or without AM/PM). Those are day-first in
 * most of the world and month-first in the US; the order is decided once per file from the
 * dates themselves (a first number above 12 means day first, a second above 12 month first).
 * A file whose dates never tell takes month-first and flags every such date 'date-ambiguous';
 * a file whose dates contradict each other gets none of them read.
 */

export type SlashOrder = 'dmy' | 'mdy' | 'ambiguous' | 'conflicting';

const SLASH =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;

/** Evidence one all-numeric date gives about the file's order, or null when it is not one. */
export function slashEvidence(value: string): 'dmy' | 'mdy' | 'none' | null {
  const m = SLASH.exec(value.trim().slice(0, 64));
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return 'none';
}

/** The file's order from the evidence of all its all-numeric dates. */
export function decideSlashOrder(evidence: Iterable<'dmy' | 'mdy' | 'none'>): SlashOrder {
  let dmy = false;
  let mdy = false;
  for (const e of evidence) {
    if (e === 'dmy') dmy = true;
    else if (e === 'mdy') mdy = true;
  }
  return dmy && mdy ? 'conflicting' : dmy ? 'dmy' : mdy ? 'mdy' : 'ambiguous';
}

export interface PostDate extends ExportDate {
  flags: string[];
}

/**
 * A date cell, or a problem saying why it is not one. `slashOrder` is asked for only when an
 * all-numeric date is met (so only such files pay for deciding it).
 */
export function parsePostDate(
  value: string | number,
  slashOrder: () => SlashOrder,
): { ok: true; date: PostDate } | { ok: false; problem: string } {
  const direct = parseExportDate(typeof value === 'string' ? value.trim() : value);
  if (direct !== null) return { ok: true, date: withFlags(direct, []) };
  const text = String(value).trim();
  const m = SLASH.exec(text.slice(0, 64));
  if (!m)
    return {
      ok: false,
      problem: `the date ${JSON.stringify(text.slice(0, 60))} is in no form innsyn reads (use ISO 8601: 2016-10-12T12:46:00Z)`,
    };
  const order = slashOrder();
  if (order === 'conflicting') {
    return {
      ok: false,
      problem: `the date ${JSON.stringify(text)} is all-numeric and the file's dates contradict each other about day and month order; rewrite them as ISO 8601`,
    };
  }
  const flags = [order === 'ambiguous' ? 'date-ambiguous' : `date-order:${order}`];
  const [a, b] = [Number(m[1]), Number(m[2])];
  const [day, month] = order === 'dmy' ? [a, b] : [b, a];
  let hour = m[4] === undefined ? 0 : Number(m[4]);
  if (m[7] !== undefined) {
    if (hour < 1 || hour > 12)
      return { ok: false, problem: `the date ${JSON.stringify(text)} has hour ${hour} with ${m[7]}` };
    const pm = m[7].toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const iso =
    `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` +
    (m[4] === undefined ? '' : `T${String(hour).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}`) +
    (m[8] ?? '');
  const parsed = parseExportDate(iso);
  if (parsed === null)
    return { ok: false, problem: `the date ${JSON.stringify(text)} is not a real date (read as ${order})` };
  return { ok: true, date: withFlags(parsed, flags) };
}

function withFlags(d: ExportDate, flags: string[]): PostDate {
  if (!d.hasZone) flags.push('date-no-timezone');
  if (!d.hasTime) flags.push('date-no-time');
  return { ...d, flags };
}
