/**
 * The strings of the team-mode shell (collection picker and chooser), English and Norwegian
 * bokmål; `nb` must have exactly the keys of `en` (the type checks it).
 */
import type { Lang } from '../i18n/i18n.js';

const en = {
  collection: 'Collection',
  pick: 'Collection…',
  chooseTitle: 'Choose a collection',
  chooseIntro:
    'Each investigation is a collection of its own. Pick the one to work in; each tab keeps its own.',
  noneYet: 'You have no access to any collection yet. Ask an admin to grant you one.',
  role: (role: string) => ({ admin: 'admin', editor: 'editor', reader: 'reader' })[role] ?? role,
};

export type TeamMessages = typeof en;

const nb: TeamMessages = {
  collection: 'Samling',
  pick: 'Samling …',
  chooseTitle: 'Velg en samling',
  chooseIntro: 'Hver granskning er en samling for seg. Velg den du skal jobbe i; hver fane husker sin egen.',
  noneYet: 'Du har ikke tilgang til noen samling ennå. Be en administrator om tilgang.',
  role: (role: string) => ({ admin: 'administrator', editor: 'redaktør', reader: 'leser' })[role] ?? role,
};

const MESSAGES: Record<Lang, TeamMessages> = { en, nb };

export function teamMessages(lang: Lang): TeamMessages {
  return MESSAGES[lang];
}
