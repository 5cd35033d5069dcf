import { MARKS } from './whatsapp-header.js';

/** Longest sender name believed; a longer "Name: " prefix is a notice that contains ": ". */
const MAX_NAME_CHARS = 100;

/** Names cleaned so far: a chat has few senders and every message repeats one. */
const cleaned = new Map<string, string>();
/** Entries kept in that cache; a file of a million distinct "names" just stops being cached. */
const MAX_CACHED_NAMES = 10_000;

/** A name (or phone number) as shown, without bidi marks and with ordinary spaces. */
export function cleanName(s: string): string {
  let name = cleaned.get(s);
  if (name === undefined) {
    name = s
      .replace(MARKS, '')
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (cleaned.size < MAX_CACHED_NAMES) cleaned.set(s, name);
  }
  return name;
}

/** Text without the bidi marks phones put around placeholders and notices. */
function bare(s: string): string {
  return s.replace(MARKS, '').trim();
}

export interface SenderSplit {
  /** The sender as shown, or null for a line without one (Android system notices). */
  sender: string | null;
  /** The text after "Name: " (or the whole rest for a notice). */
  text: string;
  /**
   * iOS marks notices with U+200E right after "Name: " (where the name is the group's, or the
   * other person's in a DM); attachments and deletion notes carry it too, so the caller
   * decides with isPlaceholder.
   */
  marked: boolean;
}

/**
 * Splits "Name: text" at the first ": ". A prefix that is too long or quotes something
 * ("Alice changed the subject from "a: b"") is not a name: the line is a notice.
 */
export function splitSender(rest: string): SenderSplit {
  const i = rest.indexOf(': ');
  const candidate = i > 0 ? rest.slice(0, i) : rest.endsWith(':') ? rest.slice(0, -1) : null;
  if (candidate !== null && candidate.length <= MAX_NAME_CHARS && !/["“”«»]/.test(candidate)) {
    const name = cleanName(candidate);
    if (name !== '') {
      const text = i > 0 ? rest.slice(i + 2) : '';
      return { sender: name, text, marked: text.startsWith('\u200e') };
    }
  }
  return { sender: null, text: rest, marked: false };
}

/** The end-to-end encryption notice in the locales seen; it names no sender even when prefixed. */
export function isEncryptionNotice(text: string): boolean {
  return /end-to-end|ende-zu-ende|ende-til-ende|extremo a extremo|de bout en bout|ponta a ponta|end-to-end-versleuteld/i.test(
    text,
  );
}

/** Android's "<Media omitted>" in the locales seen (lower case, without the brackets). */
const MEDIA_OMITTED = new Set([
  'media omitted',
  'medien ausgeschlossen',
  'media utelatt',
  'uten vedlegg',
  'media utelämnat',
  'medier udeladt',
  'media weggelaten',
  'multimedia omitido',
  'médias omis',
  'mídia oculta',
  'media omessi',
]);

/** Android's "IMG-…jpg (file attached)" phrases seen; any phrase counts when the file is present. */
const FILE_ATTACHED = new Set([
  'file attached',
  'datei angehängt',
  'fil vedlagt',
  'fil bifogad',
  'vedhæftet fil',
  'bestand bijgevoegd',
  'archivo adjunto',
  'fichier joint',
  'arquivo anexado',
  'file allegato',
]);

/** iOS "image omitted" (and "Report.pdf • 3 pages document omitted"): kind → content type. */
const IOS_OMITTED: Readonly<Record<string, string>> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg',
  sticker: 'image/webp',
  gif: 'video/mp4',
  document: 'application/octet-stream',
  'contact card': 'text/vcard',
};

const DELETED = new Set([
  'this message was deleted',
  'you deleted this message',
  'diese nachricht wurde gelöscht',
  'du hast diese nachricht gelöscht',
  'denne meldingen ble slettet',
  'du slettet denne meldingen',
  'este mensaje fue eliminado',
  'eliminaste este mensaje',
  'ce message a été supprimé',
  'vous avez supprimé ce message',
]);

/** What Android (2023 on) appends to edited messages, lower-cased, without the brackets. */
const EDITED = new Set([
  'this message was edited',
  'diese nachricht wurde bearbeitet',
  'denne meldingen ble redigert',
  'este mensaje fue editado',
  'ce message a été modifié',
]);

/**
 * Placeholders are short lines; longer first lines are not tested against the patterns at all,
 * which keeps them linear on hostile input (a megabyte of spaces and bullets).
 */
const MAX_PLACEHOLDER_CHARS = 512;

/** What a message's text stands for besides words. */
export type Placeholder =
  /** A file named in the text: iOS `<attached: NAME>`, Android `NAME (file attached)`. */
  | { kind: 'attached'; name: string; certain: boolean; caption: string }
  /** Media left out of the export: `<Media omitted>`, `image omitted`. */
  | { kind: 'omitted'; name: string | null; contentType: string | null; caption: string }
  /** 'This message was deleted'. */
  | { kind: 'deleted' };

/**
 * The placeholder a message's first line is, if any; `caption` is the rest of the text (Android
 * writes a caption on the lines after "NAME (file attached)"). For Android's form `certain` is
 * false unless the phrase is a known one: the caller then accepts it only when the file is in
 * the export.
 */
export function placeholder(text: string): Placeholder | null {
  const nl = text.indexOf('\n');
  const firstRaw = nl < 0 ? text : text.slice(0, nl);
  if (firstRaw.length > MAX_PLACEHOLDER_CHARS) return null;
  const first = bare(firstRaw);
  const caption = nl < 0 ? '' : text.slice(nl + 1);
  let m = /^<[\p{L}][\p{L} ]{1,24}: ([^<>/\\]+\.[A-Za-z0-9]{1,8})>$/u.exec(first);
  if (m) return { kind: 'attached', name: (m[1] ?? '').trim(), certain: true, caption };
  m = /^([^/\\]+\.[A-Za-z0-9]{1,8}) \(([^()]{3,40})\)$/.exec(first);
  if (m) {
    return {
      kind: 'attached',
      name: m[1] ?? '',
      certain: FILE_ATTACHED.has((m[2] ?? '').toLowerCase()),
      caption,
    };
  }
  m = /^<([^<>]{3,40})>$/.exec(first);
  if (m && MEDIA_OMITTED.has((m[1] ?? '').toLowerCase()))
    return { kind: 'omitted', name: null, contentType: null, caption };
  m = /^(?:(.+?)\s*•.*?)?\b(image|video|audio|sticker|GIF|document|Contact card) omitted$/i.exec(first);
  if (m) {
    const kind = (m[2] ?? '').toLowerCase();
    return { kind: 'omitted', name: m[1]?.trim() || null, contentType: IOS_OMITTED[kind] ?? null, caption };
  }
  if (nl < 0 && DELETED.has(first.replace(/\.$/, '').toLowerCase())) return { kind: 'deleted' };
  return null;
}

/** The text without Android's trailing "<This message was edited>", and whether it had one. */
export function stripEdited(text: string): { text: string; edited: boolean } {
  if (!text.endsWith('>')) return { text, edited: false };
  const lt = text.lastIndexOf('<');
  if (lt < 0 || !EDITED.has(text.slice(lt + 1, -1).toLowerCase())) return { text, edited: false };
  return { text: text.slice(0, lt).trimEnd(), edited: true };
}

/** Text as shown: the leading marks iOS adds removed. */
export function displayText(text: string): string {
  return text.replace(/^[\u200e\u200f]+/, '');
}
