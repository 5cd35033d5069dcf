/**
 * Test-only stand-ins for the real mbox reader and MIME parser (src/sources/, written
 * separately): just enough to pull threading headers out of a trusted, well-formed corpus.
 * They do not handle escaped "From " lines, encoded words or any hostile input; replace them
 * with the real reader once it exists.
 */
import type { ThreadableMessage } from '../../src/analysis/jwz-threading.js';

/** Splits mbox text at every line starting with "From " (the mboxrd/mboxo separator). */
export function splitMbox(text: string): string[] {
  const out: string[] = [];
  let start = text.startsWith('From ') ? 0 : -1;
  for (let at = text.indexOf('\nFrom '); at !== -1; at = text.indexOf('\nFrom ', at + 1)) {
    if (start !== -1) out.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start !== -1) out.push(text.slice(start));
  return out;
}

/** The header fields of one message, names lower-cased, folded lines joined; first occurrence wins. */
export function readHeaders(message: string): Map<string, string> {
  const end = message.search(/\r?\n\r?\n/);
  const block = end === -1 ? message : message.slice(0, end);
  const lines = block.split(/\r?\n/);
  const headers = new Map<string, string>();
  let name: string | null = null;
  let value = '';
  const flush = (): void => {
    if (name !== null && !headers.has(name)) headers.set(name, value.trim());
  };
  for (const line of lines.slice(lines[0]?.startsWith('From ') ? 1 : 0)) {
    if (/^[ \t]/.test(line)) {
      value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : null;
    value = colon > 0 ? line.slice(colon + 1) : '';
  }
  flush();
  return headers;
}

const MSG_ID = /<([^<>\s]+)>/g;

export interface TestMessage extends ThreadableMessage {
  from: string | null;
}

/** A ThreadableMessage from one raw message; `id` is given by the caller (e.g. the mbox index). */
export function toThreadable(id: string, raw: string): TestMessage {
  const h = readHeaders(raw);
  const ids = (v: string | undefined): string[] => [...(v ?? '').matchAll(MSG_ID)].map((m) => m[1]!);
  const date = h.get('date');
  const t = date === undefined ? NaN : Date.parse(date);
  return {
    id,
    messageId: ids(h.get('message-id'))[0] ?? null,
    // Only the first id of In-Reply-To counts: later "ids" there are often addresses (JWZ).
    inReplyTo: ids(h.get('in-reply-to'))[0] ?? null,
    references: ids(h.get('references')),
    subject: h.get('subject') ?? null,
    sentAt: Number.isFinite(t) ? new Date(t).toISOString() : null,
    from: h.get('from') ?? null,
  };
}
