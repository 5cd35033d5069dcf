/**
 * The words of the annotation controls (star, tags, note; the search page's tag bar), in English
 * and bokmål. Kept apart from i18n/en.ts and nb.ts; `nb` must have exactly the keys of `en` (the
 * type checks it). Counts come in already formatted for the locale, with the raw count beside
 * them where a plural depends on it.
 */
import { useI18n } from '../i18n/i18n.js';
import type { Lang } from '../i18n/lang-from-navigator.js';
import type { TargetKind } from './annotations-api.js';

export const en = {
  marksLabel: 'Your marks',
  star: 'Star',
  starred: 'Starred',
  starAdd: (kind: TargetKind): string =>
    kind === 'item'
      ? 'Star this item'
      : kind === 'conversation'
        ? 'Star this conversation'
        : 'Star this person',
  starRemove: 'Remove the star',
  tagsLabel: 'Tags',
  tagAdd: 'Add a tag',
  tagAddShort: '+ Tag',
  tagPlaceholder: 'tag name',
  tagSave: 'Add',
  tagRemove: (tag: string) => `Remove the tag ${tag}`,
  tagSearch: (tag: string) => `Find everything tagged ${tag}`,
  tagRule: 'One word: letters, digits, _ . - / (no spaces).',
  cancel: 'Cancel',
  note: 'Note',
  noteAdd: 'Add a note',
  noteEdit: 'Edit the note',
  noteSave: 'Save note',
  noteDelete: 'Delete note',
  notePlaceholder: 'Your note: what this is, what to check, who said what…',
  noteBy: (when: string, author: string | null) => (author ? `${when}, ${author}` : when),
  fromConversation: 'From the conversation',
  conversationHint: 'Marks on the whole conversation reach each of its messages.',
  conversationEdit: 'Open the conversation to change its marks',
  conversationMarks: 'Marks on the whole conversation: they reach each of its messages in search.',
  personTagHint: 'A tag on a person marks the person, not their messages.',
  personMarks: 'Marks on this person: they stay with the person through merges and splits.',
  saving: 'Saving…',
  failed: (message: string) => `Not saved: ${message}`,
  loadFailed: (message: string) => `Your marks could not be read: ${message}`,

  // Result rows
  rowStarred: 'Starred',
  rowHasNote: 'Has a note',
  rowTags: 'Tags',

  // The search page's tag bar
  tagBarLabel: 'Tags in these results',
  tagAll: (n: string, count: number) => (count === 1 ? 'Tag this result' : `Tag all ${n} results`),
  untagAll: 'Remove a tag from all',
  tagAllTitle: (n: string, count: number) =>
    count === 1 ? 'Tag the one result' : `Tag every one of the ${n} results, not just this page`,
  tagAllApply: 'Tag all',
  untagAllApply: 'Remove from all',
  tagAllDone: (tag: string, matched: string, added: string) =>
    `${matched} results tagged ${tag} (${added} newly).`,
  untagAllDone: (tag: string, removed: string) => `${tag} taken off ${removed} results.`,
  tagCount: (tag: string, n: string) => `${tag}: ${n}`,

  // Saved searches
  saveSearch: 'Save search',
  saveSearchTitle: 'Keep this query under a name, to run it again',
  saveSearchName: 'Name of the saved search',
  saveSearchPlaceholder: 'name',
  saveSearchApply: 'Save',
  savedSearches: (n: number) => `Saved searches (${n})`,
  savedSearchesNone: 'No saved searches yet.',
  savedSearchDelete: (name: string) => `Delete the saved search ${name}`,
  savedSearchDone: (name: string) => `Saved as “${name}”.`,
  searchList: 'Search a list…',
  searchListTitle: 'Search for many names or terms at once, each with this query as a filter',

  // The batch page
  batchTitle: 'Search a list',
  batchIntro:
    'One name or term per line (paste a spreadsheet column). Each is searched on its own, with the filter, and you see how many items each finds.',
  batchTerms: 'Names or terms, one per line',
  batchTermsPlaceholder: 'WikiLeaks\nRob Goldstone\n"tax returns"',
  batchFilter: 'Filter (a query every line is combined with)',
  batchFilterPlaceholder: 'e.g. date:2016 kind:message',
  batchExact: 'Each line is an exact phrase (for lists of names with punctuation)',
  batchRun: 'Search all',
  batchRunning: (n: string) => `Searching ${n} terms…`,
  batchCount: (n: string, count: number) => (count === 1 ? '1 term' : `${n} terms`),
  batchFound: (n: string, count: number) => (count === 1 ? '1 finds something' : `${n} find something`),
  batchErrors: (n: string, count: number) =>
    count === 1 ? '1 could not be searched' : `${n} could not be searched`,
  batchTerm: 'Term',
  batchHits: 'Items',
  batchFirst: 'First',
  batchLast: 'Last',
  batchShow: 'Show',
  batchShowTitle: (q: string) => `Search ${q}`,
  batchOrder: 'Order',
  batchOrderListed: 'As listed',
  batchOrderHits: 'Most items first',
  batchCsv: 'Download CSV',
  batchAll: 'Search them all together',
  batchEmpty: 'Write or paste at least one name or term.',
  batchTooMany: (max: string) => `At most ${max} lines at once: split the list.`,
  batchNoWords: 'nothing to search for in it (no letter or digit)',
  batchTooLongWithFilter: (max: string) => `with the filter it is longer than ${max} characters`,
};

export type AnnotationMessages = typeof en;

export const nb: AnnotationMessages = {
  marksLabel: 'Dine merker',
  star: 'Stjerne',
  starred: 'Stjernemerket',
  starAdd: (kind: TargetKind): string =>
    kind === 'item'
      ? 'Stjernemerk dette'
      : kind === 'conversation'
        ? 'Stjernemerk samtalen'
        : 'Stjernemerk personen',
  starRemove: 'Fjern stjernen',
  tagsLabel: 'Etiketter',
  tagAdd: 'Legg til en etikett',
  tagAddShort: '+ Etikett',
  tagPlaceholder: 'etikett',
  tagSave: 'Legg til',
  tagRemove: (tag: string) => `Fjern etiketten ${tag}`,
  tagSearch: (tag: string) => `Finn alt med etiketten ${tag}`,
  tagRule: 'Ett ord: bokstaver, sifre, _ . - / (ingen mellomrom).',
  cancel: 'Avbryt',
  note: 'Notat',
  noteAdd: 'Skriv et notat',
  noteEdit: 'Endre notatet',
  noteSave: 'Lagre notat',
  noteDelete: 'Slett notat',
  notePlaceholder: 'Ditt notat: hva dette er, hva som må sjekkes, hvem som sa hva …',
  noteBy: (when: string, author: string | null) => (author ? `${when}, ${author}` : when),
  fromConversation: 'Fra samtalen',
  conversationHint: 'Merker på hele samtalen gjelder hver melding i den.',
  conversationEdit: 'Åpne samtalen for å endre merkene',
  conversationMarks: 'Merker på hele samtalen: de gjelder hver melding i den når du søker.',
  personTagHint: 'En etikett på en person merker personen, ikke meldingene.',
  personMarks: 'Merker på denne personen: de følger personen ved sammenslåing og oppdeling.',
  saving: 'Lagrer …',
  failed: (message: string) => `Ikke lagret: ${message}`,
  loadFailed: (message: string) => `Merkene kunne ikke leses: ${message}`,

  rowStarred: 'Stjernemerket',
  rowHasNote: 'Har notat',
  rowTags: 'Etiketter',

  tagBarLabel: 'Etiketter i disse treffene',
  tagAll: (n: string, count: number) => (count === 1 ? 'Merk dette treffet' : `Merk alle ${n} treff`),
  untagAll: 'Fjern en etikett fra alle',
  tagAllTitle: (n: string, count: number) =>
    count === 1
      ? 'Gi det ene treffet en etikett'
      : `Gi hvert av de ${n} treffene en etikett, ikke bare denne siden`,
  tagAllApply: 'Merk alle',
  untagAllApply: 'Fjern fra alle',
  tagAllDone: (tag: string, matched: string, added: string) =>
    `${matched} treff har etiketten ${tag} (${added} nye).`,
  untagAllDone: (tag: string, removed: string) => `${tag} er fjernet fra ${removed} treff.`,
  tagCount: (tag: string, n: string) => `${tag}: ${n}`,

  saveSearch: 'Lagre søket',
  saveSearchTitle: 'Ta vare på søket under et navn, så du kan kjøre det igjen',
  saveSearchName: 'Navn på det lagrede søket',
  saveSearchPlaceholder: 'navn',
  saveSearchApply: 'Lagre',
  savedSearches: (n: number) => `Lagrede søk (${n})`,
  savedSearchesNone: 'Ingen lagrede søk ennå.',
  savedSearchDelete: (name: string) => `Slett det lagrede søket ${name}`,
  savedSearchDone: (name: string) => `Lagret som «${name}».`,
  searchList: 'Søk etter en liste …',
  searchListTitle: 'Søk etter mange navn eller ord på én gang, hvert med dette søket som filter',

  batchTitle: 'Søk etter en liste',
  batchIntro:
    'Ett navn eller ord per linje (lim inn en kolonne fra et regneark). Hver linje søkes for seg, med filteret, og du ser hvor mange treff hver gir.',
  batchTerms: 'Navn eller ord, ett per linje',
  batchTermsPlaceholder: 'WikiLeaks\nRob Goldstone\n"tax returns"',
  batchFilter: 'Filter (et søk hver linje kombineres med)',
  batchFilterPlaceholder: 'f.eks. date:2016 kind:message',
  batchExact: 'Hver linje er en eksakt frase (for navnelister med tegnsetting)',
  batchRun: 'Søk etter alle',
  batchRunning: (n: string) => `Søker etter ${n} linjer …`,
  batchCount: (n: string, count: number) => (count === 1 ? '1 linje' : `${n} linjer`),
  batchFound: (n: string, count: number) => (count === 1 ? '1 gir treff' : `${n} gir treff`),
  batchErrors: (n: string, count: number) => (count === 1 ? '1 kunne ikke søkes' : `${n} kunne ikke søkes`),
  batchTerm: 'Linje',
  batchHits: 'Treff',
  batchFirst: 'Første',
  batchLast: 'Siste',
  batchShow: 'Vis',
  batchShowTitle: (q: string) => `Søk etter ${q}`,
  batchOrder: 'Rekkefølge',
  batchOrderListed: 'Som i listen',
  batchOrderHits: 'Flest treff først',
  batchCsv: 'Last ned CSV',
  batchAll: 'Søk etter alle samlet',
  batchEmpty: 'Skriv eller lim inn minst ett navn eller ord.',
  batchTooMany: (max: string) => `Høyst ${max} linjer om gangen: del opp listen.`,
  batchNoWords: 'ingenting å søke etter (ingen bokstaver eller sifre)',
  batchTooLongWithFilter: (max: string) => `med filteret blir den lengre enn ${max} tegn`,
};

export const ANNOTATION_MESSAGES: Record<Lang, AnnotationMessages> = { en, nb };

/** The annotation words in the reader's language, with the locale for numbers and dates. */
export function useAnnotationMessages(): { m: AnnotationMessages; locale: string; lang: Lang } {
  const { lang, locale } = useI18n();
  return { m: ANNOTATION_MESSAGES[lang], locale, lang };
}
