/**
 * The strings of the search page's Export menu (export-menu.tsx), English and Norwegian bokmål.
 * Picked with `exportMessages(useI18n().lang)`; `nb` must have exactly the keys of `en`.
 */
import type { Lang } from '../i18n/i18n.js';

const en = {
  button: 'Export',
  heading: 'Export these results',
  scope: (count: string) => `${count} results of this search.`,
  scopeAll: (count: string) => `Every item of the case: ${count}.`,
  nothing: 'Nothing to export: the search has no results.',
  zip: 'Evidence export (zip)',
  zipNote:
    'Every result’s original bytes, attachments, items.csv and a manifest with the SHA-256 of every file. Check it with innsyn verify.',
  mbox: 'Emails as mbox',
  mboxNote:
    'The email results as one mbox file, each message exactly as received; other results are left out.',
  report: 'Story timeline (HTML)',
  reportNote:
    'One file to read, print to PDF or hand over: every result in time order, with times in the zone you choose and in UTC, who wrote to whom, the full text, echoes, permalinks and hashes.',
  reportTooMany: (max: string) => `A report holds at most ${max} items: narrow the search first.`,
  timeZone: 'Time zone',
  language: 'Language',
  title: 'Title',
  titlePlaceholder: 'Story timeline',
  downloadReport: 'Download the report',
  langNames: { en: 'English', nb: 'Norsk bokmål' } satisfies Record<Lang, string>,
  close: 'Close',
};

export type ExportMessages = typeof en;

const nb: ExportMessages = {
  button: 'Eksporter',
  heading: 'Eksporter disse treffene',
  scope: (count: string) => `${count} treff i dette søket.`,
  scopeAll: (count: string) => `Alle elementene i saken: ${count}.`,
  nothing: 'Ingenting å eksportere: søket har ingen treff.',
  zip: 'Bevis-eksport (zip)',
  zipNote:
    'De opprinnelige bytene for hvert treff, vedlegg, items.csv og et manifest med SHA-256 for hver fil. Kontroller den med innsyn verify.',
  mbox: 'E-poster som mbox',
  mboxNote:
    'E-posttreffene som én mbox-fil, hver melding nøyaktig slik den ble mottatt; andre treff er utelatt.',
  report: 'Tidslinje (HTML)',
  reportNote:
    'Én fil å lese, skrive ut til PDF eller gi videre: alle treffene i tidsrekkefølge, med tidspunkter i sonen du velger og i UTC, hvem som skrev til hvem, hele teksten, ekko, permanente lenker og hasher.',
  reportTooMany: (max: string) => `En rapport kan ha høyst ${max} elementer: snevre inn søket først.`,
  timeZone: 'Tidssone',
  language: 'Språk',
  title: 'Tittel',
  titlePlaceholder: 'Tidslinje',
  downloadReport: 'Last ned rapporten',
  langNames: { en: 'English', nb: 'Norsk bokmål' },
  close: 'Lukk',
};

const MESSAGES: Record<Lang, ExportMessages> = { en, nb };

export function exportMessages(lang: Lang): ExportMessages {
  return MESSAGES[lang];
}
