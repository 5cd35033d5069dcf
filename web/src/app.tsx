import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppHeader } from './app-header.js';
import { BatchPage } from './annotations/batch-page.js';
import { I18nContext, initialLang, type Lang, LOCALE_TAGS, messagesFor, storeLang } from './i18n/i18n.js';
import { EchoesPage } from './echoes/echoes-page.js';
import { ItemPage } from './item/item-page.js';
import { NetworkPage } from './network/network-page.js';
import { PairPage } from './people/pair-page.js';
import { PersonPage } from './people/person-page.js';
import { Link } from './router/link.js';
import { useRoute } from './router/router.js';
import type { QueryErrorInfo } from './search/query-error-view.js';
import { SearchPage } from './search/search-page.js';
import { SourcesPage } from './sources/sources-page.js';
import { ThreadPage } from './thread/thread-page.js';
import { TimelinePage } from './timeline/timeline-page.js';
import { useHotkeys } from './ui/hotkeys.js';
import { AdminPage } from './admin/admin-page.js';
import { AccountMenu } from './login/account-menu.js';
import { LoginPage } from './login/login-page.js';
import { CollectionChooser, CollectionPicker, useCollection } from './team/collection-picker.js';
import { onSessionEnded } from './team/session-events.js';
import { useTeam } from './team/use-team.js';

export function App() {
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

  const route = useRoute();
  // Team mode (docs/team.md "Serving a team"): who is logged in; single-user mode as always.
  const team = useTeam();
  const { ended } = team;
  useEffect(() => onSessionEnded(ended), [ended]);
  const collection = useCollection();
  const [queryError, setQueryError] = useState<QueryErrorInfo | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useHotkeys({
    '/': () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    },
  });

  const session = team.session;
  const me = session.status === 'signed-in' ? session.me : null;
  if (session.status !== 'signed-in' && session.status !== 'single-user') {
    let body;
    if (session.status === 'anonymous')
      body = (
        <LoginPage
          onLoggedIn={team.loggedIn}
          {...(session.ended ? { reason: 'session-ended' as const } : {})}
        />
      );
    else if (session.status === 'error')
      body = <p class="notice notice-error page-pad">{session.error.message}</p>;
    else body = <p class="muted page-pad">{i18n.t.loading}</p>;
    return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
  }
  // In team mode, the tab works in one of the user's collections (or chooses one first).
  const inCollection = me === null || me.collections.some((c) => c.name === collection);

  let page;
  if (me !== null && route.page === 'not-found' && route.path === '/admin' && me.user.admin) {
    page = <AdminPage params={new URLSearchParams(location.search)} />;
  } else if (!inCollection && me !== null) {
    page = <CollectionChooser me={me} />;
  } else
    switch (route.page) {
      case 'search':
        page = <SearchPage params={route.params} onQueryError={setQueryError} />;
        break;
      case 'item':
        page = <ItemPage key={route.id} id={route.id} params={route.params} />;
        break;
      case 'thread':
        page = <ThreadPage key={route.id} id={route.id} />;
        break;
      case 'sources':
        page = <SourcesPage />;
        break;
      case 'echoes':
        page = <EchoesPage params={route.params} />;
        break;
      case 'timeline':
        page = <TimelinePage params={route.params} />;
        break;
      case 'network':
        page = <NetworkPage params={route.params} />;
        break;
      case 'person':
        page = <PersonPage key={route.params.get('key') ?? ''} params={route.params} />;
        break;
      case 'pair':
        page = <PairPage params={route.params} />;
        break;
      case 'batch':
        page = <BatchPage params={route.params} />;
        break;
      default:
        page = (
          <p class="notice page-notice" data-testid="page-not-found">
            {i18n.t.pageNotFound}{' '}
            <Link href="/" data-testid="back-to-search">
              {i18n.t.backToSearch}
            </Link>
          </p>
        );
    }

  return (
    <I18nContext.Provider value={i18n}>
      <a href="#main" class="skip-link">
        {i18n.t.skipToContent}
      </a>
      <AppHeader
        route={route}
        queryError={queryError}
        inputRef={inputRef}
        {...(me === null
          ? {}
          : {
              team: (
                <div class="team-controls">
                  <CollectionPicker me={me} current={inCollection ? collection : null} />
                  <AccountMenu me={me} onLoggedOut={team.loggedOut} />
                </div>
              ),
            })}
      />
      <main id="main" tabIndex={-1} key={me === null ? undefined : (collection ?? '')}>
        {page}
      </main>
    </I18nContext.Provider>
  );
}
