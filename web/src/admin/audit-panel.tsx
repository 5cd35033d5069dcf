import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import {
  AUDIT_ACTIONS,
  getAudit,
  getCollections,
  getUsers,
  type AuditAction,
  type AuditEntry,
  type AuditFilters,
} from './admin-api.js';
import { adminMessages } from './admin-messages.js';
import { auditDetailText } from './audit-detail.js';
import { AdminError } from './users-panel.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters the URL holds; anything malformed is left out rather than sent. */
export function auditFilters(params: URLSearchParams): AuditFilters {
  const f: AuditFilters = {};
  const user = params.get('user')?.trim();
  if (user) f.user = user.toLowerCase();
  const action = params.get('action');
  if (action && (AUDIT_ACTIONS as readonly string[]).includes(action)) f.action = action as AuditAction;
  const collection = params.get('collection');
  if (collection && /^[a-z0-9_]{1,40}$/.test(collection)) f.collection = collection;
  const since = params.get('since');
  if (since && DAY.test(since)) f.since = since;
  const until = params.get('until');
  if (until && DAY.test(until)) f.until = until;
  return f;
}

const key = (f: AuditFilters) => JSON.stringify(f);

/** 26 Nov 2026, 09:00:05: the audit log's times, in UTC, with seconds. */
function auditTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export interface AuditPanelProps {
  params: URLSearchParams;
  /** A new set of filters (the page puts them in the URL). */
  onFilters: (params: URLSearchParams) => void;
}

/** The audit log, newest first, with filters by user, action, collection and days; older pages appended. */
export function AuditPanel({ params, onFilters }: AuditPanelProps) {
  const { lang, locale } = useI18n();
  const t = adminMessages(lang);
  const filters = auditFilters(params);
  const first = useApi(`audit-${key(filters)}`, (signal) => getAudit(filters, null, signal));
  const users = useApi('admin-users', (signal) => getUsers(signal));
  const collections = useApi('admin-collections', (signal) => getCollections(signal));
  const [older, setOlder] = useState<{ entries: AuditEntry[]; next: number | null } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<ApiError | null>(null);
  useEffect(() => {
    setOlder(null);
    setOlderError(null);
  }, [key(filters)]);

  // The form's fields, applied on submit.
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [key(filters)]);
  const apply = (e: Event) => {
    e.preventDefault();
    const next = new URLSearchParams({ tab: 'audit' });
    for (const k of ['user', 'action', 'collection', 'since', 'until'] as const) {
      const v = draft[k]?.trim();
      if (v) next.set(k, v);
    }
    onFilters(next);
  };

  const entries = [...(first.data?.entries ?? []), ...(older?.entries ?? [])];
  const next = older ? older.next : (first.data?.next ?? null);
  const more = async () => {
    if (next === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await getAudit(filters, next);
      setOlder((o) => ({ entries: [...(o?.entries ?? []), ...page.entries], next: page.next }));
    } catch (err) {
      setOlderError(err instanceof ApiError ? err : new ApiError('internal', String(err), 0));
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <section class="panel admin-panel" aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title" class="visually-hidden">
        {t.tabAudit}
      </h2>
      <form
        class="admin-form admin-filters"
        onSubmit={apply}
        data-testid="audit-filters"
        aria-label={t.filters}
      >
        <label class="admin-field">
          <span>{t.colUser}</span>
          <input
            type="text"
            list="admin-user-names"
            value={draft.user ?? ''}
            autocapitalize="none"
            spellcheck={false}
            maxLength={200}
            data-testid="audit-user"
            onInput={(e) => setDraft({ ...draft, user: e.currentTarget.value })}
          />
          <datalist id="admin-user-names">
            {(users.data?.users ?? []).map((u) => (
              <option key={u.name} value={u.name} />
            ))}
          </datalist>
        </label>
        <label class="admin-field">
          <span>{t.colAction}</span>
          <select
            value={draft.action ?? ''}
            data-testid="audit-action"
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft({ ...draft, action: v === '' ? undefined : (v as AuditAction) });
            }}
          >
            <option value="">{t.anyAction}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t.actions[a]}
              </option>
            ))}
          </select>
        </label>
        <label class="admin-field">
          <span>{t.colCollection}</span>
          <select
            value={draft.collection ?? ''}
            data-testid="audit-collection"
            onChange={(e) => setDraft({ ...draft, collection: e.currentTarget.value || undefined })}
          >
            <option value="">{t.anyCollection}</option>
            {(collections.data?.collections ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label class="admin-field">
          <span>{t.since}</span>
          <input
            type="date"
            value={draft.since ?? ''}
            data-testid="audit-since"
            onInput={(e) => setDraft({ ...draft, since: e.currentTarget.value || undefined })}
          />
        </label>
        <label class="admin-field">
          <span>{t.until}</span>
          <input
            type="date"
            value={draft.until ?? ''}
            data-testid="audit-until"
            onInput={(e) => setDraft({ ...draft, until: e.currentTarget.value || undefined })}
          />
        </label>
        <div class="admin-buttons">
          <button type="submit" class="btn btn-primary" data-testid="audit-apply">
            {t.show}
          </button>
          <button
            type="button"
            class="btn"
            data-testid="audit-clear"
            onClick={() => onFilters(new URLSearchParams({ tab: 'audit' }))}
          >
            {t.clear}
          </button>
        </div>
      </form>
      {first.error ? (
        <AdminError error={first.error} t={t} />
      ) : !first.data ? (
        <p class="muted">{t.loading}</p>
      ) : entries.length === 0 ? (
        <p class="muted" data-testid="audit-empty">
          {t.noEntries}
        </p>
      ) : (
        <>
          <p class="note" data-testid="audit-count">
            {t.shown(formatNumber(entries.length, locale))}
          </p>
          <div class="table-scroll">
            <table
              class={`data-table admin-audit${first.loading ? ' is-stale' : ''}`}
              data-testid="audit-table"
            >
              <thead>
                <tr>
                  <th scope="col">{t.colTime}</th>
                  <th scope="col">{t.colUser}</th>
                  <th scope="col">{t.colAction}</th>
                  <th scope="col">{t.colCollection}</th>
                  <th scope="col">{t.colDetail}</th>
                  <th scope="col">{t.colClient}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action} class={`is-${e.action}`}>
                    <td class="admin-when mono">{auditTime(e.at, locale)}</td>
                    <td class="admin-who">{e.user ?? '—'}</td>
                    <td class="admin-action">{t.actions[e.action] ?? e.action}</td>
                    <td class="admin-where">{e.collection ?? ''}</td>
                    <td class="admin-detail">{auditDetailText(e, t, locale)}</td>
                    <td class="admin-client mono">
                      {e.client?.startsWith('cli:') ? t.commandLine(e.client.slice(4)) : (e.client ?? '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {olderError && <AdminError error={olderError} t={t} />}
          {next !== null && (
            <p class="admin-more">
              <button
                type="button"
                class="btn"
                disabled={loadingOlder}
                data-testid="audit-older"
                onClick={() => void more()}
              >
                {loadingOlder ? t.loading : t.older}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
