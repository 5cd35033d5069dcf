import { InnsynError } from '../../model/index.js';
import type { AuditEntry, AuditFilter } from '../../team/index.js';
import { AUDIT_ACTIONS } from '../../team/team-types.js';
import { EXIT, type Command } from '../command.js';
import { parseCount } from './parse-count.js';
import { openTeamFor } from './team-cli.js';

/** Words joined by ', ' into lines of at most `width` characters, each starting with `indent`. */
function wrapList(words: readonly string[], indent: string, width: number): string {
  const lines: string[] = [];
  let line = indent;
  for (const [i, w] of words.entries()) {
    const piece = i === words.length - 1 ? w : `${w},`;
    if (line.length > indent.length && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${piece}` : piece;
  }
  lines.push(line);
  return lines.join('\n');
}

/** Most entries one `innsyn audit` prints (read a page of MAX_AUDIT_PAGE at a time). */
const MAX_AUDIT_LIMIT = 1_000_000;

export const auditCommand: Command = {
  name: 'audit',
  summary:
    'Team mode (PostgreSQL): the audit log, newest first: logins, searches, items opened, exports, grants and account changes.',
  usage:
    'innsyn audit [--user U] [--action A] [--collection C] [--since DATE] [--until DATE] [--limit 100]   --db postgres://… [--json]\n' +
    '  DATE: YYYY-MM-DD (00:00 UTC) or an ISO 8601 time with its zone; A: one of\n' +
    wrapList(AUDIT_ACTIONS, '  ', 110),
  access: 'none',
  options: {
    user: { type: 'string' },
    action: { type: 'string' },
    collection: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string', default: '100' },
  },
  async run({ positionals, values, dbPath, json, out }) {
    if (positionals.length > 0) throw new InnsynError('usage', 'audit takes only options');
    const { checkAuditAction, MAX_AUDIT_PAGE } = await import('../../team/team-audit.js');
    const { parseAuditDate } = await import('../../team/index.js');
    const limit = parseCount(values.limit, '--limit', 1, MAX_AUDIT_LIMIT);
    const filter: AuditFilter = {};
    if (typeof values.user === 'string') filter.user = values.user;
    if (typeof values.action === 'string') filter.action = checkAuditAction(values.action);
    if (typeof values.collection === 'string') filter.collection = values.collection;
    if (typeof values.since === 'string') filter.since = parseAuditDate(values.since, '--since');
    if (typeof values.until === 'string') filter.until = parseAuditDate(values.until, '--until');
    const team = await openTeamFor(dbPath);
    try {
      const entries: AuditEntry[] = [];
      let before: number | undefined;
      let more = false;
      for (;;) {
        const page = await team.listAudit({
          ...filter,
          ...(before === undefined ? {} : { before }),
          limit: Math.min(MAX_AUDIT_PAGE, limit - entries.length),
        });
        entries.push(...page.entries);
        if (page.next === null) break;
        if (entries.length >= limit) {
          more = true;
          break;
        }
        before = page.next;
      }
      if (json) {
        out.json({ entries, more });
        return EXIT.ok;
      }
      for (const e of entries) out.line(entryLine(e));
      if (entries.length === 0) out.line('no entries');
      if (more) out.line(`(the newest ${entries.length}; --limit N shows more)`);
      return EXIT.ok;
    } finally {
      await team.close();
    }
  },
};

/** `2026-11-26 09:00:00Z  alice  search  [leak]  query="from:wikileaks"  (10.0.0.1)` */
function entryLine(e: AuditEntry): string {
  const detail = Object.entries(e.detail)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return [
    e.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    e.user ?? '-',
    e.action,
    e.collection === null ? '' : `[${e.collection}]`,
    detail,
    e.client === null ? '' : `(${e.client})`,
  ]
    .filter((s) => s !== '')
    .join('  ');
}
