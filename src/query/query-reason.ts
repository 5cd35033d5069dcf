/**
 * Why a query could not be read, as data: a key and the values the message names. The English
 * message is written where the error is raised (src/query); a client in another language writes
 * its own from this (the UI's Norwegian: web/src/i18n/query-reasons-nb.ts). Where it went wrong
 * is the error's own column, not part of the reason.
 */
export type QueryReason =
  | { key: 'too-long'; length: number; max: number }
  | { key: 'unclosed-quote' }
  | { key: 'unknown-field'; field: string }
  | { key: 'empty-field'; field: string }
  | { key: 'unmatched-close' }
  | { key: 'unexpected'; text: string | null; token: string }
  | { key: 'too-deep'; max: number }
  | { key: 'nothing-to-exclude'; op: 'NOT' | '-' }
  | { key: 'field-in-group'; field: string; group: string }
  | { key: 'needs-letters'; field: string }
  | { key: 'expected-term' }
  | { key: 'empty-group' }
  | { key: 'unclosed-group' }
  | { key: 'expected-value' }
  | { key: 'too-many-terms'; max: number }
  | { key: 'star-first' }
  | { key: 'star-inside' }
  | { key: 'exact-star'; field: string }
  | { key: 'unknown-value'; field: string; value: string; allowed: string[] }
  | { key: 'folder-needs-word' }
  | { key: 'bad-lang'; value: string }
  | { key: 'needs-both-sides'; op: 'AND' | 'OR' }
  | { key: 'not-a-date'; text: string }
  | { key: 'year-range'; year: string; min: number; max: number }
  | { key: 'no-such-month'; month: string }
  | { key: 'no-such-day'; day: string; days: number }
  | { key: 'one-date'; field: string }
  | { key: 'two-ranges' }
  | { key: 'empty-range' }
  | { key: 'range-backwards'; from: string; to: string };
