import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';
import { loginMessages } from './login-messages.js';
import { logout, type Me } from './team-api.js';

export interface AccountMenuProps {
  me: Me;
  /** Called after the session ended on the server (show the login page again). */
  onLoggedOut: () => void;
  /** Where the admin page is, for admins (the lead's route, e.g. '/admin'). */
  adminHref?: string;
}

/**
 * For the app header in team mode: who is logged in, a link to the admin page for admins, and
 * Log out. A logout that fails on the network still forgets the session here; the server ends
 * it at its idle limit.
 */
export function AccountMenu({ me, onLoggedOut, adminHref = '/admin' }: AccountMenuProps) {
  const { lang } = useI18n();
  const t = loginMessages(lang);
  const [busy, setBusy] = useState(false);
  const out = async () => {
    setBusy(true);
    try {
      await logout();
    } catch {
      // Forget it here anyway (see above).
    } finally {
      setBusy(false);
      onLoggedOut();
    }
  };
  return (
    <div class="account-menu" data-testid="account-menu">
      <span class="account-name" title={t.signedInAs(me.user.name)}>
        {me.user.name}
        {me.user.admin && <span class="badge badge-kind account-role">{t.roleAdmin}</span>}
      </span>
      {me.user.admin && (
        <a class="account-link" href={adminHref} data-testid="account-admin">
          {t.adminPage}
        </a>
      )}
      <button
        type="button"
        class="btn btn-small account-logout"
        disabled={busy}
        data-testid="account-logout"
        onClick={() => void out()}
      >
        {busy ? t.loggingOut : t.logout}
      </button>
    </div>
  );
}
