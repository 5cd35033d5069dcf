/**
 * Times in the report: every instant in the chosen IANA time zone, with the zone's offset from UTC
 * at that very instant (so summer time is right on both sides of a change), and in UTC. Intl does
 * the zone arithmetic from the tz database Node carries; nothing here knows a rule of any zone.
 */
import { InnsynError } from '../model/index.js';
import { REPORT_LOCALES, reportMessages, type ReportLang } from './report-messages.js';

/** Longer than any IANA zone name ("America/Argentina/ComodRivadavia" is 32). */
const MAX_ZONE_CHARS = 64;

/**
 * The zone as Intl names it ('europe/oslo' → 'Europe/Oslo', 'utc' → 'UTC');
 * InnsynError('usage') for a name Intl does not know.
 */
export function checkTimeZone(zone: string): string {
  const z = zone.trim();
  if (z === '' || z.length > MAX_ZONE_CHARS) {
    throw new InnsynError(
      'usage',
      `'${zone.slice(0, MAX_ZONE_CHARS)}' is not a time zone: give an IANA name such as Europe/Oslo or UTC`,
    );
  }
  try {
    return new Intl.DateTimeFormat('en', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    throw new InnsynError(
      'usage',
      `unknown time zone '${z}': give an IANA name such as Europe/Oslo, America/New_York or UTC`,
    );
  }
}

/** 'UTC+02:00', 'UTC-04:00', 'UTC+05:45'; 'UTC' itself for 0. */
export function offsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ms → '2016-10-12 12:31:00 UTC'. */
export function utcText(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export interface ZonedTime {
  /** YYYY-MM-DD of the wall clock in the zone: the day an item is filed under. */
  dayKey: string;
  /** HH:MM:SS of the wall clock in the zone. */
  time: string;
  /** Minutes east of UTC in the zone at that instant. */
  offsetMinutes: number;
}

/** Formats instants in one zone and one language. Build one per report (Intl formatters are costly). */
export class ReportClock {
  private readonly wall: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly numbers: Intl.NumberFormat;

  constructor(
    readonly timeZone: string,
    readonly lang: ReportLang,
  ) {
    const locale = REPORT_LOCALES[lang];
    this.wall = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.day = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    this.date = new Intl.DateTimeFormat(locale, {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    this.numbers = new Intl.NumberFormat(locale);
  }

  zoned(ms: number): ZonedTime {
    const whole = Math.floor(ms / 1000) * 1000;
    const p: Record<string, number> = {};
    for (const part of this.wall.formatToParts(whole)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const y = p.year ?? 1970;
    const mo = p.month ?? 1;
    const d = p.day ?? 1;
    const h = p.hour ?? 0;
    const mi = p.minute ?? 0;
    const s = p.second ?? 0;
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
    // Years before 100 are read by Date.UTC as 19xx: not a date an item of a case carries.
    const offsetMinutes = Math.round((asUtc - whole) / 60_000);
    return {
      dayKey: `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`,
      time: `${pad(h)}:${pad(mi)}:${pad(s)}`,
      offsetMinutes,
    };
  }

  /** 'Wednesday 12 October 2016' / 'onsdag 12. oktober 2016', in the zone. */
  dayTitle(ms: number): string {
    return this.day.format(ms);
  }

  /** '12 Oct 2016' in the zone. */
  shortDate(ms: number): string {
    return this.date.format(ms);
  }

  /** '14:31:00 (UTC+02:00)'. */
  localTime(ms: number): string {
    const z = this.zoned(ms);
    return `${z.time} (${offsetText(z.offsetMinutes)})`;
  }

  /** '12 Oct 2016 14:31:00 (UTC+02:00)'. */
  localDateTime(ms: number): string {
    return `${this.shortDate(ms)} ${this.localTime(ms)}`;
  }

  number(n: number): string {
    return this.numbers.format(n);
  }

  /** '1 day 21 hours 11 minutes', '15 minutter', '42 seconds'; whole units, rounded down. */
  duration(seconds: number): string {
    return durationWords(seconds, this.lang);
  }
}

/**
 * A latency as a reporter writes it: days, hours and minutes, the zero ones left out; seconds only
 * under a minute. Rounded down, so "2 hours 59 minutes" is never called "3 hours".
 */
export function durationWords(seconds: number, lang: ReportLang): string {
  const units = reportMessages(lang).units;
  const unit = (n: number, u: keyof typeof units): string => `${n} ${units[u][n === 1 ? 0 : 1]}`;
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return unit(s, 'second');
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d > 0) parts.push(unit(d, 'day'));
  if (h > 0) parts.push(unit(h, 'hour'));
  if (m > 0) parts.push(unit(m, 'minute'));
  return parts.join(' ');
}
