import { useEffect } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router/router.js';
import { adminMessages } from './admin-messages.js';
import { AuditPanel } from './audit-panel.js';
import { UsersPanel } from './users-panel.js';
import './admin.css';

export interface AdminPageProps {
  /** The query string of the page: `tab=users|audit` and the audit filters (user, action, collection, since, until). */
  params: URLSearchParams;
  /** Where the page is mounted (the lead's route). */
  basePath?: string;
}

/**
 * Team mode's admin page (docs/team.md): the users with their access to each collection, a form
 * to change it, and the audit log with filters. Every state is in the URL, so a view of the log
 * ("what did ola do in leak2016 last week") can be copied and opened again.
 */
export function AdminPage({ params, basePath = '/admin' }: AdminPageProps) {
  const { lang } = useI18n();
  const t = adminMessages(lang);
  const tab = params.get('tab') === 'audit' ? 'audit' : 'users';
  useEffect(() => {
    document.title = `${t.title} – innsyn`;
  }, [t]);
  const go = (next: URLSearchParams, replace = false) => {
    const s = next.toString();
    navigate(`${basePath}${s === '' ? '' : `?${s}`}`, { replace });
  };
  const tabHref = (name: 'users' | 'audit') => `${basePath}${name === 'users' ? '' : '?tab=audit'}`;
  const onTab = (name: 'users' | 'audit') => (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(new URLSearchParams(name === 'users' ? '' : 'tab=audit'));
  };
  return (
    <div class="admin-page" data-testid="admin-page">
      <h1>{t.title}</h1>
      <p class="note">{t.intro}</p>
      <nav class="tabs" aria-label={t.title}>
        <a
          class="tab"
          href={tabHref('users')}
          aria-current={tab === 'users' ? 'page' : undefined}
          data-testid="admin-tab-users"
          onClick={onTab('users')}
        >
          {t.tabUsers}
        </a>
        <a
          class="tab"
          href={tabHref('audit')}
          aria-current={tab === 'audit' ? 'page' : undefined}
          data-testid="admin-tab-audit"
          onClick={onTab('audit')}
        >
          {t.tabAudit}
        </a>
      </nav>
      {tab === 'users' ? (
        <UsersPanel
          onShowAudit={(user) => go(new URLSearchParams({ tab: 'audit', user }))}
          auditHref={(user) => `${basePath}?${new URLSearchParams({ tab: 'audit', user }).toString()}`}
        />
      ) : (
        <AuditPanel params={params} onFilters={(next) => go(next)} />
      )}
    </div>
  );
}
