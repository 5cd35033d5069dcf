import { rawAttachments } from '../sources/raw-attachments.js';
import { sha256Hex } from '../model/index.js';

/**
 * The attachments of a message (an email, a .msg, a PST item) by sha256, cut again from its original bytes: the database keeps
 * the message (the evidence), not its parts apart (as `/attachment/<sha256>` does it). Each
 * part's hash is computed again here, so a part is only ever written under its own hash.
 */
export function emailAttachments(raw: Uint8Array): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  for (const a of rawAttachments(raw)) {
    const sha = sha256Hex(a.content);
    if (!parts.has(sha)) parts.set(sha, a.content);
  }
  return parts;
}
