import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppHeader } from './app-header.js';
import { BatchPage } from './annotations/batch-page.js';
import { I18nContext, initialLang, type Lang, LOCALE_TAGS, messagesFor, storeLang } from './i18n/i18n.js';
import { EchoesPage } from './echoes/echoes-page.js';
import { ItemPage } from './item/item-page.js';
import { NetworkPage } from './network/network-page.js';
import { PairPage } from './people/pair-page.js';
import { PersonPage } from './people/person-page.js';
import { useRoute } from './router/router.js';
import type { QueryErrorInfo } from './search/query-error-view.js';
import { SearchPage } from './search/search-page.js';
import { SourcesPage } from './sources/sources-page.js';
import { ThreadPage } from './thread/thread-page.js';
import { TimelinePage } from './timeline/timeline-page.js';
import { useHotkeys } from './ui/hotkeys.js';

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
  const [queryError, setQueryError] = useState<QueryErrorInfo | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useHotkeys({
    '/': () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    },
  });

  let page;
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
        <p class="notice page-pad" data-testid="page-not-found">
          {i18n.t.pageNotFound}
        </p>
      );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <a href="#main" class="skip-link">
        {i18n.t.skipToContent}
      </a>
      <AppHeader route={route} queryError={queryError} inputRef={inputRef} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </I18nContext.Provider>
  );
}
