import { createHash } from 'node:crypto';
import type { ParsedAttachment } from './email-types.js';
import { decodeTnef, isTnef, type TnefAttachment, type TnefContent } from './tnef-reader.js';

/**
 * Attached messages inside a TNEF stream are TNEF streams themselves; this many levels are
 * opened (the top-level winmail.dat is level 1). Stops a stream that nests itself from costing a
 * decode per level without end; deeper ones stay one attachment. Flag `limit:tnef-depth`.
 */
export const MAX_TNEF_DEPTH = 4;

/** What Outlook calls a TNEF part: the media type, or the file name mail gateways give it. */
export function looksLikeTnef(a: Pick<ParsedAttachment, 'contentType' | 'filename'>): boolean {
  const t = a.contentType.toLowerCase();
  if (t === 'application/ms-tnef' || t === 'application/vnd.ms-tnef') return true;
  const name = (a.filename ?? '').trim().toLowerCase();
  return name === 'winmail.dat' || name === 'win.dat';
}

/**
 * Opens every TNEF part of a message (application/ms-tnef, or named winmail.dat) into the
 * attachments it carries, listed right after it (the winmail.dat itself stays listed: it is the
 * evidence as sent). Returns the attachments and the body of the first TNEF part, whose text and
 * HTML stand in for a message that has no text of its own (Outlook's "rich text" mail sends the
 * body only inside winmail.dat). A part that is not really TNEF, or is damaged, is flagged
 * (`tnef-bad-signature`, `tnef-truncated`, …) and kept as it is, never fatal.
 */
export function openTnefParts(
  attachments: ParsedAttachment[],
  flags: Set<string>,
): { attachments: ParsedAttachment[]; body: TnefContent | null } {
  if (!attachments.some(looksLikeTnef)) return { attachments, body: null };
  const out: ParsedAttachment[] = [];
  let body: TnefContent | null = null;
  for (const a of attachments) {
    out.push(a);
    if (!looksLikeTnef(a)) continue;
    if (!isTnef(a.content)) {
      flags.add('tnef-bad-signature');
      continue;
    }
    // Depth first in document order through attached messages, with an explicit stack.
    const top = decodeTnef(a.content);
    for (const f of top.flags) flags.add(f);
    flags.add('tnef-decoded');
    body ??= top;
    const stack: Array<{ items: TnefAttachment[]; i: number; depth: number }> = [
      { items: top.attachments, i: 0, depth: 1 },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { items: TnefAttachment[]; i: number; depth: number };
      const t = frame.items[frame.i++];
      if (t === undefined) {
        stack.pop();
        continue;
      }
      out.push(parsedOf(t));
      if (!t.embeddedMessage || !isTnef(t.content)) continue;
      if (frame.depth >= MAX_TNEF_DEPTH) {
        flags.add('limit:tnef-depth');
        continue;
      }
      const inner = decodeTnef(t.content);
      for (const f of inner.flags) flags.add(f);
      stack.push({ items: inner.attachments, i: 0, depth: frame.depth + 1 });
    }
  }
  return { attachments: out, body };
}

function parsedOf(t: TnefAttachment): ParsedAttachment {
  return {
    filename: t.name,
    contentType: t.contentType,
    disposition: t.inline ? 'inline' : 'attachment',
    contentId: t.contentId,
    size: t.content.length,
    sha256: createHash('sha256').update(t.content).digest('hex'),
    content: t.content,
  };
}
