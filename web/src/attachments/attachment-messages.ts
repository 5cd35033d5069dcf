/**
 * The words of the attachment parts of the UI (the item page's list and text panel, a search
 * hit inside an attachment, the type facet), in English and bokmål. Kept apart from i18n/en.ts
 * and nb.ts; `nb` must have exactly the keys of `en` (the type checks it).
 */
import { useI18n } from '../i18n/i18n.js';
import type { Lang } from '../i18n/lang-from-navigator.js';
import type { AttachmentType } from './attachment-types.js';

export const en = {
  types: {
    pdf: 'PDF',
    document: 'Document',
    spreadsheet: 'Spreadsheet',
    presentation: 'Presentation',
    image: 'Image',
    text: 'Text',
    email: 'Email',
    archive: 'Archive',
    other: 'Other',
  } satisfies Record<AttachmentType, string>,
  inAttachment: (name: string) => `in attachment ${name}`,
  /** `chars` and `pages` come formatted for the locale, `pageCount` raw (for the plural). */
  textRead: (chars: string, pages: string | null, pageCount: number) =>
    pages === null
      ? `Text read: ${chars} characters`
      : `Text read: ${pages} ${pageCount === 1 ? 'page' : 'pages'}, ${chars} characters`,
  empty: 'No text in the file',
  ocrNeeded: 'Images or scanned pages: not read without OCR (innsyn ingest --ocr)',
  unsupported: 'Not a format innsyn reads text from',
  failed: (why: string) => `Could not be read: ${why}`,
  notRead: 'Not read',
  ocr: 'OCR',
  ocrTitle: (confidence: string | null) =>
    confidence === null
      ? 'Read by OCR: the text may hold errors'
      : `Read by OCR (confidence ${confidence} of 100): the text may hold errors`,
  partlyOcr: 'partly OCR',
  flags: 'Flags',
  showText: 'Show the text',
  textTitle: (name: string) => `Text read from ${name}`,
  loading: 'Loading the text…',
  loadFailed: (why: string) => `The text could not be loaded: ${why}`,
  noText: 'No text was read from this file.',
  textNote: 'The text as innsyn read it from the file: plain text, never the file itself.',
  ocrNote: 'Read by OCR from images: words may be wrong or missing. Check against the file.',
  marked: (n: string, count: number) => `${n} ${count === 1 ? 'match' : 'matches'} of your search marked`,
  heldBy: (n: string) => `Held by ${n} items`,
  heldByOne: 'Held by this item only',
};

export type AttachmentMessages = typeof en;

export const nb: AttachmentMessages = {
  types: {
    pdf: 'PDF',
    document: 'Dokument',
    spreadsheet: 'Regneark',
    presentation: 'Presentasjon',
    image: 'Bilde',
    text: 'Tekst',
    email: 'E-post',
    archive: 'Arkiv',
    other: 'Annet',
  },
  inAttachment: (name: string) => `i vedlegget ${name}`,
  textRead: (chars: string, pages: string | null, pageCount: number) =>
    pages === null
      ? `Tekst lest: ${chars} tegn`
      : `Tekst lest: ${pages} ${pageCount === 1 ? 'side' : 'sider'}, ${chars} tegn`,
  empty: 'Ingen tekst i filen',
  ocrNeeded: 'Bilder eller skannede sider: ikke lest uten OCR (innsyn ingest --ocr)',
  unsupported: 'Et format innsyn ikke leser tekst fra',
  failed: (why: string) => `Kunne ikke leses: ${why}`,
  notRead: 'Ikke lest',
  ocr: 'OCR',
  ocrTitle: (confidence: string | null) =>
    confidence === null
      ? 'Lest med OCR: teksten kan inneholde feil'
      : `Lest med OCR (sikkerhet ${confidence} av 100): teksten kan inneholde feil`,
  partlyOcr: 'delvis OCR',
  flags: 'Flagg',
  showText: 'Vis teksten',
  textTitle: (name: string) => `Tekst lest fra ${name}`,
  loading: 'Henter teksten …',
  loadFailed: (why: string) => `Teksten kunne ikke hentes: ${why}`,
  noText: 'Ingen tekst ble lest fra denne filen.',
  textNote: 'Teksten slik innsyn leste den fra filen: ren tekst, aldri selve filen.',
  ocrNote: 'Lest med OCR fra bilder: ord kan være feil eller mangle. Sjekk mot filen.',
  marked: (n: string, _count: number) => `${n} treff på søket ditt er merket`,
  heldBy: (n: string) => `Finnes i ${n} elementer`,
  heldByOne: 'Finnes bare i dette elementet',
};

export const ATTACHMENT_MESSAGES: Record<Lang, AttachmentMessages> = { en, nb };

/** The attachment words in the reader's language, with the locale for numbers. */
export function useAttachmentMessages(): { m: AttachmentMessages; locale: string; lang: Lang } {
  const { lang, locale } = useI18n();
  return { m: ATTACHMENT_MESSAGES[lang], locale, lang };
}

/** The name of a search type in the reader's language (an unknown one as the server says it). */
export function typeName(m: AttachmentMessages, type: string): string {
  return (m.types as Record<string, string>)[type] ?? type;
}
