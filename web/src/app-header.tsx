import type { ComponentChildren, RefObject } from 'preact';
import { LANG_NAMES, LANGS, type Lang, useI18n } from './i18n/i18n.js';
import { Link } from './router/link.js';
import type { Route } from './router/router.js';
import type { QueryErrorInfo } from './search/query-error-view.js';
import { SearchBox } from './search/search-box.js';
import { readSearchState } from './search/search-state.js';

/** The pages of patterns across the case, in the order a reporter moves through them. */
const NAV_PAGES = [
  ['/timeline', 'timeline', 'navTimeline'],
  ['/network', 'network', 'navNetwork'],
  ['/person', 'person', 'navPeople'],
  ['/echoes', 'echoes', 'navEchoes'],
] as const;

export function AppHeader(props: {
  route: Route;
  queryError: QueryErrorInfo | null;
  inputRef: RefObject<HTMLInputElement>;
  /** Team mode: the collection picker and the account menu, after the language. */
  team?: ComponentChildren;
}) {
  const { t, lang, setLang } = useI18n();
  const state = props.route.page === 'search' ? readSearchState(props.route.params) : null;
  const page = props.route.page;
  return (
    <header class={props.team === undefined ? 'app-header' : 'app-header app-header-team'}>
      <Link href="/" class="brand" aria-label={`${t.appName} – ${t.navSearch}`}>
        <span class="brand-mark" aria-hidden="true" />
        {t.appName}
      </Link>
      <nav class="main-nav" aria-label={t.mainNav}>
        <Link href="/" aria-current={page === 'search' ? 'page' : undefined}>
          {t.navSearch}
        </Link>
        {NAV_PAGES.map(([href, name, label]) => (
          <Link
            key={name}
            href={href}
            aria-current={page === name ? 'page' : undefined}
            data-testid={`nav-${name}`}
          >
            {t[label]}
          </Link>
        ))}
        <Link
          href="/sources"
          aria-current={page === 'sources' ? 'page' : undefined}
          data-testid="nav-sources"
        >
          {t.navSources}
        </Link>
      </nav>
      <SearchBox
        q={state?.q ?? ''}
        sortParam={state?.sortParam ?? null}
        error={props.queryError}
        inputRef={props.inputRef}
      />
      <label class="lang-switch">
        <span class="visually-hidden">{t.language}</span>
        <select
          value={lang}
          aria-label={t.language}
          data-testid="lang-select"
          onChange={(e) => setLang(e.currentTarget.value as Lang)}
        >
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {props.team}
    </header>
  );
}
