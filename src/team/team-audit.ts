import { InnsynError } from '../model/index.js';
import type { PgQueryable } from '../store/postgres/pg-driver.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditFilter, type AuditPage } from './team-types.js';

/** Entries per page at most (the admin page, the API, one round of `innsyn audit`). */
export const MAX_AUDIT_PAGE = 1000;
export const DEFAULT_AUDIT_PAGE = 100;
/**
 * Longest detail kept, as JSON: a search query is at most 10,000 characters (docs/api.md), so
 * its entry is whole; anything larger (a bug, a hostile value) is cut and marked, never refused:
 * the action is recorded either way.
 */
export const MAX_AUDIT_DETAIL_CHARS = 32_000;
/** Longest user name, collection or client stored in an entry (a login may try any name). */
const MAX_AUDIT_FIELD_CHARS = 200;

export function isAuditAction(s: string): s is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(s);
}

export function checkAuditAction(s: string): AuditAction {
  if (!isAuditAction(s)) {
    throw new InnsynError(
      'usage',
      `'${s.slice(0, 40)}' is not an audit action: use one of ${AUDIT_ACTIONS.join(', ')}`,
    );
  }
  return s;
}

function field(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return s.length > MAX_AUDIT_FIELD_CHARS ? `${s.slice(0, MAX_AUDIT_FIELD_CHARS)}…` : s;
}

function detailJson(detail: Record<string, unknown>): string {
  const text = JSON.stringify(detail);
  if (text.length <= MAX_AUDIT_DETAIL_CHARS) return text;
  return JSON.stringify({ truncated: true, json: text.slice(0, MAX_AUDIT_DETAIL_CHARS) });
}

/** Adds one entry. In the caller's transaction when it has one: the change and its record commit together. */
export async function appendAudit(
  db: PgQueryable,
  at: Date,
  user: string | null,
  action: AuditAction,
  collection: string | null,
  detail: Record<string, unknown>,
  client: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO innsyn_team.audit_log (at, user_name, action, collection, detail, client)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [at, field(user), action, field(collection), detailJson(detail), field(client)],
  );
}

interface AuditRow {
  id: number;
  at: Date;
  user_name: string | null;
  action: string;
  collection: string | null;
  detail: Record<string, unknown>;
  client: string | null;
}

/** One page of entries, newest first, matching every filter given. */
export async function listAudit(db: PgQueryable, filter: AuditFilter): Promise<AuditPage> {
  const limit = filter.limit ?? DEFAULT_AUDIT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new InnsynError('usage', `the audit page size must be 1-${MAX_AUDIT_PAGE}`);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.user !== undefined) add('user_name = ?', filter.user);
  if (filter.action !== undefined) add('action = ?', checkAuditAction(filter.action));
  if (filter.collection !== undefined) add('collection = ?', filter.collection);
  if (filter.since !== undefined) add('at >= ?', validDate(filter.since, 'since'));
  if (filter.until !== undefined) add('at < ?', validDate(filter.until, 'until'));
  if (filter.before !== undefined) {
    if (!Number.isSafeInteger(filter.before) || filter.before < 1) {
      throw new InnsynError('usage', 'before must be an audit entry id (a positive whole number)');
    }
    add('id < ?', filter.before);
  }
  params.push(limit + 1);
  const r = await db.query<AuditRow>(
    `SELECT id, at, user_name, action, collection, detail, client FROM innsyn_team.audit_log
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const rows = r.rows.slice(0, limit);
  return {
    entries: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      user: row.user_name,
      action: row.action as AuditAction,
      collection: row.collection,
      detail: row.detail,
      client: row.client,
    })),
    next: r.rows.length > limit ? (rows[rows.length - 1] as AuditRow).id : null,
  };
}

function validDate(d: Date, name: string): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new InnsynError('usage', `${name} is not a date: use YYYY-MM-DD or an ISO 8601 time`);
  }
  return d;
}

/**
 * A date of the audit filters: `YYYY-MM-DD` (that day from 00:00 UTC) or an ISO 8601 time with
 * a zone. Errors: 'usage' (a 400).
 */
export function parseAuditDate(text: string, name: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const d = new Date(day ? `${text}T00:00:00Z` : text);
  // Date rolls 2026-02-31 over into March: the calendar day must exist as written.
  const [y, m, dd] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, dd));
  const realDay =
    calendar.getUTCFullYear() === y && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === dd;
  if ((!day && !time) || !realDay || Number.isNaN(d.getTime())) {
    throw new InnsynError(
      'usage',
      `${name}: '${text.slice(0, 40)}' is not a date: use YYYY-MM-DD or an ISO 8601 time with its zone (2026-11-26T09:30:00Z)`,
    );
  }
  return d;
}
