/**
 * An audit entry's details in words (docs/team.md "Audit log" lists what each action records).
 * The values come from users (a query, a token label, a name tried at the login): the result is
 * plain text, rendered as text only. Anything not known is shown as key=value.
 */
import { formatNumber } from '../i18n/format.js';
import type { AdminMessages } from './admin-messages.js';
import type { AuditEntry } from './admin-api.js';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function auditDetailText(e: AuditEntry, t: AdminMessages, locale: string): string {
  const d = e.detail;
  if (d.truncated === true) return t.dTruncated;
  const target = str(d.target) ?? '?';
  const role = (r: unknown) => {
    const s = str(r);
    return s === 'reader' || s === 'editor' ? t.role[s] : (s ?? t.noRole);
  };
  switch (e.action) {
    case 'login-failed':
      return t.failReason[str(d.reason) ?? ''] ?? generic(d);
    case 'login':
    case 'logout':
      return '';
    case 'grant':
      return t.dGrant(target, role(d.role), d.previous ? role(d.previous) : null);
    case 'revoke':
      return t.dRevoke(target, role(d.previous));
    case 'user-add':
      return d.admin === true ? t.dAdmin(target, true) : target;
    case 'user-admin':
      return t.dAdmin(target, d.admin === true);
    case 'user-passwd':
    case 'user-disable': {
      const n = num(d.sessionsEnded);
      return n === null || n === 0 ? target : `${target}, ${t.dSessions(n)}`;
    }
    case 'user-remove':
    case 'user-enable':
      return target;
    case 'token-create':
    case 'token-revoke':
      return t.dToken(target, String(num(d.token) ?? '?'), str(d.label));
    case 'collection-add':
      return str(d.schema) ?? '';
    case 'collection-remove':
      return `${str(d.schema) ?? ''}: ${t.dRemoved(num(d.items) ?? 0, num(d.members) ?? 0)}`;
    case 'search': {
      if (d.batch === true) {
        const terms = Array.isArray(d.terms) ? d.terms.filter((x): x is string => typeof x === 'string') : [];
        const f = str(d.filter);
        const list = t.dBatch(num(d.count) ?? terms.length, terms.map((x) => t.dQuery(x)).join(', '));
        return f === null || f === '' ? list : `${list}; ${t.dFilter(t.dQuery(f))}`;
      }
      const q = str(d.query);
      if (q === null) return generic(d);
      const via = str(d.via);
      const what = q === '' ? t.dEveryItem : t.dQuery(q);
      return via === null ? what : `${t.via[via] ?? via}: ${what}`;
    }
    case 'item-open':
      return str(d.item) ?? str(d.id) ?? generic(d);
    case 'export': {
      const format = str(d.format) ?? '?';
      const outcome = str(d.outcome) ?? '?';
      const q = str(d.query);
      const name = t.format[format] ?? format;
      // The front records an export's start before its first byte, the export hook how it ended.
      const head =
        outcome === 'started'
          ? t.dExportStarted(name)
          : t.dExport(name, formatNumber(num(d.items) ?? 0, locale), t.outcome[outcome] ?? outcome);
      return q === null ? head : `${head}: ${q === '' ? t.dEveryItem : t.dQuery(q)}`;
    }
  }
  return generic(d);
}

function generic(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
