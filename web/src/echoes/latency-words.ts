/**
 * A latency in words, as a reporter writes it: "15 minutes later", "1 day 21 hours 11 minutes
 * later", "15 minutter senere". Days, hours and minutes (the zero ones left out); seconds only
 * under a minute. Whole units, rounded down: "2 hours 59 minutes" is never called "3 hours".
 */
import type { Lang } from '../i18n/i18n.js';

type Unit = 'day' | 'hour' | 'minute' | 'second';

const UNITS: Record<Lang, Record<Unit, [string, string]>> = {
  en: {
    day: ['day', 'days'],
    hour: ['hour', 'hours'],
    minute: ['minute', 'minutes'],
    second: ['second', 'seconds'],
  },
  nb: {
    day: ['dag', 'dager'],
    hour: ['time', 'timer'],
    minute: ['minutt', 'minutter'],
    second: ['sekund', 'sekunder'],
  },
};

const DIRECTION: Record<Lang, { later: string; earlier: string }> = {
  en: { later: 'later', earlier: 'earlier' },
  nb: { later: 'senere', earlier: 'tidligere' },
};

function unit(n: number, u: Unit, lang: Lang): string {
  const [one, many] = UNITS[lang][u];
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 day 21 hours 11 minutes", "42 seconds"; null for a negative or unknown latency. */
export function durationWords(seconds: number, lang: Lang): string | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.floor(seconds);
  if (s < 60) return unit(s, 'second', lang);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d > 0) parts.push(unit(d, 'day', lang));
  if (h > 0) parts.push(unit(h, 'hour', lang));
  if (m > 0) parts.push(unit(m, 'minute', lang));
  return parts.join(' ');
}

/** "15 minutes later" (or "… earlier": the private item, seen from the public one). */
export function latencyWords(seconds: number, lang: Lang, direction: 'later' | 'earlier' = 'later'): string {
  const d = durationWords(seconds, lang);
  return d === null ? '?' : `${d} ${DIRECTION[lang][direction]}`;
}
