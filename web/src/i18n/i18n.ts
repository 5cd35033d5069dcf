/**
 * The language of the UI: Norwegian bokmål or English. Chosen from the browser's languages on
 * the first visit, then remembered on this machine (localStorage) once the reporter switches.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Messages } from './en.js';
import { langFromNavigator, type Lang } from './lang-from-navigator.js';
import { nb } from './nb.js';

export type { Lang };
export const LANGS: readonly Lang[] = ['nb', 'en'];
export const LANG_NAMES: Record<Lang, string> = { nb: 'Norsk bokmål', en: 'English' };

/** BCP 47 tags for Intl: en-GB writes 12 Oct 2016 and a 24-hour clock, as a newsroom expects. */
export const LOCALE_TAGS: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

const MESSAGES: Record<Lang, Messages> = { nb, en };
const STORAGE_KEY = 'innsyn.lang';

export function messagesFor(lang: Lang): Messages {
  return MESSAGES[lang];
}

/**
 * The stored choice, else the first of the browser's languages we have (stored, so the UI
 * keeps its language even if the browser's changes), else English.
 */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'nb' || stored === 'en') return stored;
  } catch {
    // Storage disabled: fall through to the browser's languages.
  }
  const lang = langFromNavigator(navigator.languages ?? [navigator.language]);
  storeLang(lang);
  return lang;
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}

export interface I18n {
  lang: Lang;
  locale: string;
  t: Messages;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  locale: LOCALE_TAGS.en,
  t: en,
  setLang: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
