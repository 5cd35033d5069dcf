import { useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { getCollections, getUsers, setGrant, type AdminUser, type MemberRole } from './admin-api.js';
import { adminMessages, type AdminMessages } from './admin-messages.js';

export interface UsersPanelProps {
  onShowAudit: (user: string) => void;
  auditHref: (user: string) => string;
}

/** Every user with their access, and the form that changes one user's role in one collection. */
export function UsersPanel({ onShowAudit, auditHref }: UsersPanelProps) {
  const { lang, locale } = useI18n();
  const t = adminMessages(lang);
  // Bumped after a change: the list is read again from the server, which is the truth.
  const [version, setVersion] = useState(0);
  const users = useApi(`admin-users-${version}`, (signal) => getUsers(signal));
  const collections = useApi('admin-collections', (signal) => getCollections(signal));
  const error = users.error ?? collections.error;
  if (error) return <AdminError error={error} t={t} />;
  if (!users.data || !collections.data) return <p class="muted">{t.loading}</p>;
  const list = users.data.users;
  return (
    <>
      <GrantForm
        users={list}
        collections={collections.data.collections.map((c) => c.name)}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <section class="panel admin-panel" aria-labelledby="admin-users-title">
        <h2 id="admin-users-title">
          {t.users} <span class="count">{list.length}</span>
        </h2>
        {list.length === 0 ? (
          <p class="muted">{t.noUsers}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table admin-users" data-testid="admin-users">
              <thead>
                <tr>
                  <th scope="col">{t.colUser}</th>
                  <th scope="col">{t.colAccess}</th>
                  <th scope="col" class="num">
                    {t.colTokens}
                  </th>
                  <th scope="col" class="num">
                    {t.colSessions}
                  </th>
                  <th scope="col">{t.colCreated}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.showAudit}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.name} data-testid="admin-user" data-user={u.name}>
                    <td>
                      <span class="admin-user-name">{u.name}</span>
                      {u.admin && <span class="badge badge-public admin-badge">{t.admin}</span>}
                      {u.disabled && <span class="badge badge-warn admin-badge">{t.disabled}</span>}
                    </td>
                    <td>
                      <Access user={u} t={t} />
                    </td>
                    <td class="num" data-label={t.colTokens}>
                      {formatNumber(u.tokens, locale)}
                    </td>
                    <td class="num" data-label={t.colSessions}>
                      {formatNumber(u.sessions, locale)}
                    </td>
                    <td class="admin-when" data-label={t.colCreated}>
                      {formatDateTime(u.createdAt, locale)}
                    </td>
                    <td class="admin-user-audit">
                      <a
                        href={auditHref(u.name)}
                        title={t.showAuditOf(u.name)}
                        onClick={(e) => {
                          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                          e.preventDefault();
                          onShowAudit(u.name);
                        }}
                      >
                        {t.showAudit}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Access({ user, t }: { user: AdminUser; t: AdminMessages }) {
  if (user.admin) return <span class="muted">{t.everyCollection}</span>;
  if (user.grants.length === 0) return <span class="muted">{t.noCollections}</span>;
  return (
    <ul class="admin-grants">
      {user.grants.map((g) => (
        <li key={g.collection} class={`admin-grant is-${g.role}`}>
          <span class="admin-grant-name">{g.collection}</span>{' '}
          <span class="admin-grant-role">{t.role[g.role]}</span>
        </li>
      ))}
    </ul>
  );
}

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; text: string };

function GrantForm({
  users,
  collections,
  onChanged,
}: {
  users: AdminUser[];
  collections: string[];
  onChanged: () => void;
}) {
  const { lang } = useI18n();
  const t = adminMessages(lang);
  const [user, setUser] = useState('');
  const [collection, setCollection] = useState('');
  const [role, setRole] = useState<MemberRole | 'none'>('reader');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Admins have every collection: nothing to grant them.
  const members = users.filter((u) => !u.admin);
  const current = members.find((u) => u.name === user)?.grants.find((g) => g.collection === collection);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || user === '' || collection === '') return;
    setBusy(true);
    setOutcome(null);
    try {
      const r = await setGrant(user, collection, role);
      setOutcome({
        kind: 'ok',
        text: !r.changed
          ? t.unchanged
          : role === 'none'
            ? t.revoked(user, collection)
            : t.granted(user, t.role[role], collection),
      });
      onChanged();
    } catch (err) {
      setOutcome({
        kind: 'error',
        text: err instanceof ApiError && err.status === 403 ? t.forbidden : t.failed,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel admin-panel" aria-labelledby="admin-grant-title">
      <h2 id="admin-grant-title">{t.change}</h2>
      <p class="note">{t.changeNote}</p>
      {collections.length === 0 ? (
        <p class="muted">{t.noCollectionsYet}</p>
      ) : (
        <form class="admin-form" onSubmit={(e) => void submit(e)} data-testid="admin-grant-form">
          <label class="admin-field">
            <span>{t.user}</span>
            <select value={user} data-testid="grant-user" onChange={(e) => setUser(e.currentTarget.value)}>
              <option value="">{t.choose}</option>
              {members.map((u) => (
                <option key={u.name} value={u.name}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label class="admin-field">
            <span>{t.collection}</span>
            <select
              value={collection}
              data-testid="grant-collection"
              onChange={(e) => setCollection(e.currentTarget.value)}
            >
              <option value="">{t.choose}</option>
              {collections.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label class="admin-field">
            <span>{t.newRole}</span>
            <select
              value={role}
              data-testid="grant-role"
              onChange={(e) => setRole(e.currentTarget.value as MemberRole | 'none')}
            >
              <option value="reader">{t.role.reader}</option>
              <option value="editor">{t.role.editor}</option>
              <option value="none">{t.noRole}</option>
            </select>
          </label>
          <button
            type="submit"
            class="btn btn-primary admin-apply"
            disabled={busy || user === '' || collection === ''}
            data-testid="grant-apply"
          >
            {busy ? t.applying : t.apply}
          </button>
          {user !== '' && collection !== '' && (
            <p class="admin-current muted" data-testid="grant-current">
              {user}: {current ? t.role[current.role] : t.noRole}
            </p>
          )}
        </form>
      )}
      {outcome && (
        <p
          class={outcome.kind === 'ok' ? 'admin-outcome is-ok' : 'admin-outcome is-error'}
          role={outcome.kind === 'ok' ? 'status' : 'alert'}
          data-testid="grant-outcome"
        >
          {outcome.text}
        </p>
      )}
    </section>
  );
}

export function AdminError({ error, t }: { error: ApiError; t: AdminMessages }) {
  const forbidden = error.status === 403;
  return (
    <div class="notice notice-error admin-error" role="alert" data-testid="admin-error">
      {forbidden ? t.forbidden : t.failed}
    </div>
  );
}
