import type { DateSource } from '../../model/item.js';

export interface TelegramDate {
  sentAt: string | null;
  tzOffset: number | null;
  dateSource: DateSource;
  flags: string[];
}

/** Unix seconds outside this range are not message times (Telegram launched 2013). */
const MIN_UNIX = 946_684_800; // 2000-01-01
const MAX_UNIX = 4_102_444_800; // 2100-01-01

/** Local wall time as Telegram Desktop writes it (Qt::ISODate, no zone), optionally with a zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Seconds since the epoch from `date_unixtime` (a string of digits in real exports), or null. */
export function unixSeconds(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= MIN_UNIX && n < MAX_UNIX ? n : null;
}

interface WallTime {
  /** The wall time read as if it were UTC, in ms. */
  wallMs: number;
  /** Zone offset in minutes when the text carries one ('Z' = 0), else null. */
  zone: number | null;
}

function wallTime(v: unknown): WallTime | null {
  if (typeof v !== 'string') return null;
  const m = ISO_DATE.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const wallMs = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
    frac ? Math.round(Number(frac) * 1000) : 0,
  );
  const back = new Date(wallMs);
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  let offset: number | null = null;
  if (zone === 'Z') offset = 0;
  else if (zone !== undefined) {
    const digits = zone.replace(':', '');
    offset =
      (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return { wallMs, zone: offset };
}

/**
 * The time of a message (or of an edit) from its pair of fields: `date` is the exporting
 * computer's local wall time without a zone (Qt::ISODate), `date_unixtime` the UTC instant.
 * - Both: sentAt from the instant; tzOffset is their difference, the offset of the exporting
 *   computer at that moment (so the times read as Telegram Desktop showed them to the person
 *   who exported). A difference that is no real offset leaves tzOffset null.
 * - Only `date` with a zone: that instant and offset.
 * - Only `date` without a zone (exports before 2021): the wall time taken as UTC, tzOffset
 *   null, flag 'date-local-no-timezone'.
 * - Neither readable: sentAt null, dateSource 'unknown', flag 'date-missing' or 'date-unreadable'.
 */
export function telegramDate(date: unknown, unixtime: unknown): TelegramDate {
  const unix = unixSeconds(unixtime);
  const wall = wallTime(date);
  if (unix !== null) {
    let tzOffset: number | null = null;
    if (wall !== null) {
      const diff = (wall.wallMs - unix * 1000) / 60_000;
      if (wall.zone !== null) tzOffset = wall.zone;
      else if (Number.isInteger(diff) && Math.abs(diff) <= 14 * 60 && diff % 15 === 0) tzOffset = diff;
    }
    return { sentAt: new Date(unix * 1000).toISOString(), tzOffset, dateSource: 'export', flags: [] };
  }
  const flags = unixtime === undefined ? [] : ['date-unixtime-unreadable'];
  if (wall !== null) {
    if (wall.zone !== null) {
      return {
        sentAt: new Date(wall.wallMs - wall.zone * 60_000).toISOString(),
        tzOffset: wall.zone,
        dateSource: 'export',
        flags,
      };
    }
    return {
      sentAt: new Date(wall.wallMs).toISOString(),
      tzOffset: null,
      dateSource: 'export',
      flags: [...flags, 'date-local-no-timezone'],
    };
  }
  return {
    sentAt: null,
    tzOffset: null,
    dateSource: 'unknown',
    flags: [...flags, date === undefined ? 'date-missing' : 'date-unreadable'],
  };
}
