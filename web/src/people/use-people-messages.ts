import { useI18n } from '../i18n/i18n.js';
import type { Lang } from '../i18n/lang-from-navigator.js';
import { PEOPLE_MESSAGES, type PeopleMessages } from './people-messages.js';

/** The people pages' words in the reader's language, with the locale for numbers and dates. */
export function usePeopleMessages(): { m: PeopleMessages; locale: string; lang: Lang } {
  const { lang, locale } = useI18n();
  return { m: PEOPLE_MESSAGES[lang], locale, lang };
}
