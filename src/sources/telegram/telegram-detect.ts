import type { ExportTree } from '../export/export-tree.js';
import { DEFAULT_TELEGRAM_LIMITS } from './telegram-limits.js';

/** How much of a file's start is looked at to recognise it. */
export const TELEGRAM_HEAD_BYTES = 4096;

/** The chat types Telegram Desktop writes (export_output_json.cpp, TypeString). */
const CHAT_TYPE =
  /"type"\s*:\s*"(?:personal_chat|bot_chat|saved_messages|replies|private_group|private_supergroup|public_supergroup|private_channel|public_channel)"/;

/** The sections of a whole-account export, one of which follows "about". */
const ACCOUNT_SECTION =
  /"(?:personal_information|profile_pictures|stories|contacts|frequent_contacts|sessions|web_sessions|other_data|chats|left_chats)"\s*:\s*[{[]/;

/**
 * Whether a file is a Telegram Desktop JSON export, from its name (*.json) and first bytes:
 * either one chat (`{"name": …, "type": "<chat type>", "id": …, "messages": [`, where Saved
 * Messages has no name) or a whole account (`{"about": …, "personal_information": {…` or
 * another section). The HTML export (messages.html) is not this format.
 */
export function isTelegramJson(name: string, head: Uint8Array): boolean {
  if (!/\.json$/i.test(name)) return false;
  const text = new TextDecoder().decode(head.subarray(0, TELEGRAM_HEAD_BYTES)).replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"about"\s*:/.test(text)) return ACCOUNT_SECTION.test(text);
  return (
    /^\s*\{\s*"(?:name|type|id)"\s*:/.test(text) && CHAT_TYPE.test(text) && /"messages"\s*:\s*\[/.test(text)
  );
}

/**
 * Whether the tree holds a Telegram JSON export: a member telegramCandidates picks that
 * isTelegramJson recognises. Reads candidate members (the tree hands them over whole).
 */
export async function isTelegramExport(tree: ExportTree): Promise<boolean> {
  for (const member of telegramCandidates(tree)) {
    const size = tree.size(member);
    if (size === null || size > DEFAULT_TELEGRAM_LIMITS.maxJsonBytes) continue;
    try {
      if (isTelegramJson(member, await tree.read(member))) return true;
    } catch {
      // An unreadable member is not evidence either way; the reader reports it.
    }
  }
  return false;
}

/**
 * The members to read: every result.json that is not inside the folder of another one (a
 * result.json deeper down is a file someone sent in a chat, kept in files/, not a second
 * export); when the tree has no result.json, every .json member (a chat exported under another
 * name, or a single file wrapped in a tree).
 */
export function telegramCandidates(tree: ExportTree): string[] {
  const json = tree.list().filter((m) => /\.json$/i.test(m));
  const results = json.filter((m) => m === 'result.json' || m.endsWith('/result.json'));
  if (results.length === 0) return json;
  const folders = results.map((m) => m.slice(0, m.length - 'result.json'.length));
  return results.filter((m) => !folders.some((f) => m !== `${f}result.json` && m.startsWith(f)));
}
