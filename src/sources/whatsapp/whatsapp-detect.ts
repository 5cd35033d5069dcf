import type { ExportTree } from '../export/export-tree.js';
import { baseName } from '../export/export-media.js';
import { parseHeader } from './whatsapp-header.js';
import { DEFAULT_WHATSAPP_LIMITS } from './whatsapp-limits.js';

/** How much of a file's start is looked at to recognise it. */
export const WHATSAPP_HEAD_BYTES = 4096;
/** Lines looked at: a chat may open with a few lines that are no message (a pasted export). */
const HEAD_LINES = 20;

/** A UTF-16 byte order mark: exports from some Windows tools; not this reader's format. */
export function isUtf16(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/**
 * Whether a file is a WhatsApp chat export: a .txt whose first non-blank line is a message
 * header (date, time, then "Name: " or a notice), or whose first twenty lines hold at least
 * three headers.
 */
export function isWhatsAppText(name: string, head: Uint8Array): boolean {
  if (!/\.txt$/i.test(name) || isUtf16(head)) return false;
  const text = new TextDecoder().decode(head.subarray(0, WHATSAPP_HEAD_BYTES)).replace(/^\uFEFF/, '');
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, HEAD_LINES);
  const headers = lines.filter((l) => parseHeader(l.replace(/\r$/, '')) !== null).length;
  return headers > 0 && (parseHeader((lines[0] ?? '').replace(/\r$/, '')) !== null || headers >= 3);
}

/** Whether the tree (a .txt wrapped in a tree, or the unpacked .zip) holds a WhatsApp chat export. */
export async function isWhatsAppExport(tree: ExportTree): Promise<boolean> {
  for (const member of whatsAppCandidates(tree)) {
    const size = tree.size(member);
    if (size === null || size > DEFAULT_WHATSAPP_LIMITS.maxTextBytes) continue;
    try {
      if (isWhatsAppText(member, (await tree.read(member)).subarray(0, WHATSAPP_HEAD_BYTES))) return true;
    } catch {
      // An unreadable member is not evidence either way; the reader reports it.
    }
  }
  return false;
}

/** File names WhatsApp gives exports: "WhatsApp Chat with X.txt" and its translations. */
const CHAT_FILE = [
  /^WhatsApp[ _]Chat[ _](?:with|mit|med|met|con|avec|com)[ _](.+)$/i,
  /^WhatsApp[ _]Chat[ _]-[ _](.+)$/i,
  /^WhatsApp-Chat[ _]mit[ _](.+)$/i,
  /^Chat[ _]de[ _]WhatsApp[ _]con[ _](.+)$/i,
  /^Chat[ _]WhatsApp[ _]con[ _](.+)$/i,
  /^Conversa[ _]d[oe][ _]WhatsApp[ _]com[ _](.+)$/i,
  /^Conversa[ _]no[ _]WhatsApp[ _]com[ _](.+)$/i,
  /^Discussion[ _]WhatsApp[ _]avec[ _](.+)$/i,
];

/**
 * The chat's name from the export's file name: "WhatsApp Chat with X.txt" → "X" (Android), or,
 * for iOS's "_chat.txt" inside "WhatsApp Chat - X.zip", from the zip's name. `title` is null
 * when no name follows WhatsApp's pattern; `nativeId` is then the file name without extension.
 */
export function chatName(member: string, exportPath: string): { nativeId: string; title: string | null } {
  const own = baseName(member);
  const file = /^_chat\.txt$/i.test(own) ? baseName(exportPath) : own;
  const stem = file.replace(/\.(txt|zip)$/i, '').replace(/[ _]\(\d+\)$/, '');
  for (const re of CHAT_FILE) {
    const m = re.exec(stem);
    if (m && m[1] !== undefined && m[1].trim() !== '') {
      const name = m[0].slice(0, m[0].length - m[1].length).includes('_') ? m[1].replace(/_/g, ' ') : m[1];
      return { nativeId: name.trim(), title: name.trim() };
    }
  }
  return { nativeId: stem === '' ? own : stem, title: null };
}

/**
 * The .txt members to read: the ones named as WhatsApp names chat exports ("WhatsApp Chat with
 * X.txt", iOS's "_chat.txt") when there are any, so that a .txt someone sent in the chat (kept
 * beside it in the .zip) is not read as a second chat; otherwise every .txt.
 */
export function whatsAppCandidates(tree: ExportTree): string[] {
  const texts = tree.list().filter((m) => /\.txt$/i.test(m));
  const named = texts.filter(isChatFileName);
  return named.length > 0 ? named : texts;
}

/** Whether a member is named as WhatsApp names chat exports. */
export function isChatFileName(member: string): boolean {
  return /^_chat\.txt$/i.test(baseName(member)) || chatName(member, '').title !== null;
}
