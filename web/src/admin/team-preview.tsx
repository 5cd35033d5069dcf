/**
 * A stand-alone page that shows team mode's login and admin page against a real server, for
 * development and the browser test (test/team/ui-team.test.ts), before the app shell routes to
 * them. Not part of the app's bundle (main.tsx does not import it). It is also the example of
 * the wiring the app shell needs: the session from useTeamSession, LoginPage while nobody is
 * logged in, AccountMenu in the header, AdminPage at /admin.
 */
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { I18nContext, initialLang, type Lang, LOCALE_TAGS, messagesFor, storeLang } from '../i18n/i18n.js';
import { AccountMenu } from '../login/account-menu.js';
import { LoginPage } from '../login/login-page.js';
import { useTeamSession } from '../login/team-session.js';
import { useRoute } from '../router/router.js';
import { AdminPage } from './admin-page.js';
import '../styles.css';

function TeamPreview() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  const i18n = useMemo(
    () => ({ lang, locale: LOCALE_TAGS[lang], t: messagesFor(lang), setLang }),
    [lang, setLang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // Re-renders on navigate() and Back; the admin page's state is the query string.
  useRoute();
  const { session, loggedIn, loggedOut } = useTeamSession();
  let body;
  switch (session.status) {
    case 'loading':
      body = <p class="muted page-pad">{i18n.t.loading}</p>;
      break;
    case 'single-user':
      body = <p class="notice page-pad">single-user mode: no accounts here</p>;
      break;
    case 'error':
      body = <p class="notice notice-error">{session.error.message}</p>;
      break;
    case 'anonymous':
      body = (
        <LoginPage onLoggedIn={loggedIn} {...(session.ended ? { reason: 'session-ended' as const } : {})} />
      );
      break;
    case 'signed-in':
      body = (
        <>
          <header class="app-header">
            <a class="brand" href="/admin">
              innsyn
            </a>
            <span class="spacer" />
            <AccountMenu me={session.me} onLoggedOut={loggedOut} />
          </header>
          <main id="main">
            <AdminPage params={new URLSearchParams(location.search)} />
          </main>
        </>
      );
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

const root = document.getElementById('app');
if (root) render(<TeamPreview />, root);
