import msgreader, { type FieldsData, type RawProp } from '@kenjiuno/msgreader';
import { ansiCodePageOfInternet, codePageOfLocale } from '../email/windows-code-pages.js';
import { cfbProblem } from './cfb-preflight.js';
import { quietly } from './quietly.js';

const MsgReader = msgreader.default;

/** An Outlook .msg opened by msgreader, with the code page its 8-bit strings were read in. */
export interface OpenedMsg {
  reader: InstanceType<typeof MsgReader>;
  data: FieldsData;
  flags: string[];
}

/** Why a .msg could not be opened: the preflight's finding or msgreader's error, in words. */
export type MsgProblem = { problem: string };

/**
 * Opens a .msg: the structure is checked first (cfb-preflight.ts), then msgreader reads it.
 *
 * Strings stored as 8-bit (PT_STRING8, in .msg files written by older Outlooks and by Outlook
 * for non-Unicode stores) carry no charset: they are in the ANSI code page of the machine that
 * wrote them. msgreader reads them as Latin-1 unless told a code page, so when a message holds
 * such strings it is read a second time in the code page the message names
 * (PidTagMessageCodepage), or else the one its internet code page implies, or else the one of
 * its locale (PidTagMessageLocaleId), flagged `ansi-codepage:N` (with `-guessed` for the last).
 * Never throws.
 */
export function openMsg(bytes: Uint8Array): OpenedMsg | MsgProblem {
  const problem = cfbProblem(bytes);
  if (problem !== null) return { problem };
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const first = read(buffer, null);
    if ('problem' in first) return first;
    const cp = ansiCodePage(first.data);
    if (cp === null) return first;
    const again = read(buffer, cp.codePage);
    if ('problem' in again) return { ...first, flags: [...first.flags, 'ansi-codepage-unreadable'] };
    again.flags.push(`ansi-codepage:${cp.codePage}${cp.guessed ? '-guessed' : ''}`);
    return again;
  } catch (e) {
    return { problem: `msgreader failed on it (${e instanceof Error ? e.message : String(e)})` };
  }
}

function read(buffer: ArrayBuffer, codePage: number | null): OpenedMsg | MsgProblem {
  const reader = new MsgReader(buffer);
  reader.parserConfig = {
    includeRawProps: true,
    ...(codePage === null ? {} : { ansiEncoding: iconvName(codePage) }),
  };
  const data = quietly(() => reader.getFileData());
  if (data.dataType !== 'msg') return { problem: data.error ?? 'not an Outlook message' };
  // Every .msg has a property stream at its root; an Office document or other compound file has none.
  if ((data.rawProps ?? []).length === 0)
    return {
      problem: 'a compound file without message properties, so not an Outlook message (an Office document?)',
    };
  return { reader, data, flags: [] };
}

/** iconv-lite's name for a Windows code page (msgreader decodes 8-bit strings with iconv-lite). */
function iconvName(codePage: number): string {
  if (codePage === 65001) return 'utf8';
  if (codePage === 20127) return 'ascii';
  if (codePage === 10000) return 'macintosh';
  if (codePage === 20866) return 'koi8-r';
  if (codePage >= 1250 && codePage <= 1258) return `windows${codePage}`;
  return `cp${codePage}`;
}

/** The code page for the message's 8-bit strings, or null when it has none (or they are plain ASCII). */
function ansiCodePage(data: FieldsData): { codePage: number; guessed: boolean } | null {
  if (!hasString8(data)) return null;
  if (typeof data.messageCodepage === 'number' && data.messageCodepage > 0)
    return { codePage: data.messageCodepage, guessed: false };
  const fromInternet =
    typeof data.internetCodepage === 'number' ? ansiCodePageOfInternet(data.internetCodepage) : null;
  if (fromInternet !== null) return { codePage: fromInternet, guessed: false };
  if (typeof data.messageLocaleId === 'number')
    return { codePage: codePageOfLocale(data.messageLocaleId), guessed: true };
  return { codePage: 1252, guessed: true };
}

/** True when the message, a recipient or an attachment holds a non-ASCII 8-bit string property. */
function hasString8(data: FieldsData): boolean {
  const stack: FieldsData[] = [data];
  while (stack.length > 0) {
    const f = stack.pop() as FieldsData;
    if (f.rawProps?.some(isNonAsciiString8)) return true;
    for (const r of f.recipients ?? []) stack.push(r);
    for (const a of f.attachments ?? []) {
      stack.push(a);
      if (a.innerMsgContentFields) stack.push(a.innerMsgContentFields);
    }
  }
  return false;
}

function isNonAsciiString8(p: RawProp): boolean {
  if (!p.propertyTag?.toLowerCase().endsWith('001e') || typeof p.value !== 'string') return false;
  return /[^\x00-\x7f]/.test(p.value);
}
