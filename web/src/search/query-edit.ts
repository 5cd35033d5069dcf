/**
 * Small edits to a query string made by clicks (a facet bucket, a histogram range). The query
 * is only cut into top-level tokens here (whitespace outside quotes and parentheses); the
 * server's parser remains the one judge of what it means.
 */
import type { HistogramInterval } from '../api/api-types.js';

/** Top-level tokens; a quoted phrase or a (group) is one token. No recursion: depth is a counter. */
export function topLevelTokens(q: string): string[] {
  const tokens: string[] = [];
  let buf = '';
  let depth = 0;
  let inQuote = false;
  for (const ch of q) {
    if (inQuote) {
      buf += ch;
      if (ch === '"') inQuote = false;
      continue;
    }
    if (ch === '"') {
      inQuote = true;
      buf += ch;
    } else if (ch === '(') {
      depth++;
      buf += ch;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      buf += ch;
    } else if (/\s/.test(ch) && depth === 0) {
      if (buf) tokens.push(buf);
      buf = '';
    } else {
      buf += ch;
    }
  }
  if (buf) tokens.push(buf);
  return tokens;
}

export function hasTerm(q: string, term: string): boolean {
  return topLevelTokens(q).includes(term);
}

/**
 * `q AND term`. AND binds tighter than OR, so `a OR b` plus `x` must become `(a OR b) x`,
 * not `a OR b x` (which means `a OR (b AND x)`).
 */
export function addTerm(q: string, term: string): string {
  const tokens = topLevelTokens(q);
  if (tokens.includes(term)) return q.trim();
  if (tokens.length === 0) return term;
  const base = tokens.includes('OR') ? `(${q.trim()})` : q.trim();
  return `${base} ${term}`;
}

export function removeTerm(q: string, term: string): string {
  return topLevelTokens(q)
    .filter((t) => t !== term)
    .join(' ');
}

const DATE_TOKEN = /^(date|after|before):/;

/**
 * Narrows the query to a date term: a range picked on the histogram replaces the date terms
 * already there (it lies inside them, since the histogram shows only what they let through).
 * With a top-level OR the old terms cannot be taken out safely, so the new one is added.
 */
export function setDateTerm(q: string, term: string): string {
  const tokens = topLevelTokens(q);
  if (tokens.includes('OR')) return addTerm(q, term);
  return [...tokens.filter((t) => !DATE_TOKEN.test(t)), term].join(' ');
}

/** The period a bucket starting at `iso` covers, as the query language writes it (UTC). */
export function periodOf(iso: string, interval: HistogramInterval): string {
  const len = interval === 'year' ? 4 : interval === 'month' ? 7 : 10;
  return iso.slice(0, len);
}

/** `date:2016-10` for one period, `date:2016-10..2016-12` for several (the end is inclusive). */
export function dateTerm(fromIso: string, toIso: string, interval: HistogramInterval): string {
  const a = periodOf(fromIso, interval);
  const b = periodOf(toIso, interval);
  return a === b ? `date:${a}` : `date:${a}..${b}`;
}
