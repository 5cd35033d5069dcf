import { decodeEncodedWords } from './decode-encoded-words.js';

/** At most this many labels are kept from one message (a header can be made endless). */
export const MAX_LABELS = 64;
/** A label longer than this is cut (a folder name, not a text). */
const MAX_LABEL_CHARS = 200;

/**
 * The folders a mailbox program wrote into a message when it exported it (Location.labels):
 *
 * - `X-Gmail-Labels` (Google Takeout's mbox): labels separated by commas, a label with a comma
 *   in double quotes, non-ASCII ones as RFC 2047 words: `Inbox,Important,"Smith, J",Work/Draft`.
 * - `X-Folder` (the Enron corpus and converters that flatten a mailbox): one folder path, with
 *   `\` or `/` between its parts: `\Phillip_Allen_Dec2000\Notes Folders\All documents`.
 *
 * `headers` as ParsedEmail has them (not RFC 2047 decoded). Each label once, in order.
 */
export function mailboxLabels(headers: ReadonlyArray<{ name: string; value: string }>): string[] {
  const out = new Set<string>();
  const add = (label: string): void => {
    const l = label.trim().slice(0, MAX_LABEL_CHARS).trim();
    if (l !== '' && out.size < MAX_LABELS) out.add(l);
  };
  for (const h of headers) {
    const name = h.name.toLowerCase();
    if (name === 'x-gmail-labels') for (const l of splitLabels(h.value)) add(decodeEncodedWords(l));
    else if (name === 'x-folder') {
      const parts = decodeEncodedWords(h.value)
        .split(/[\\/]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
      add(parts.join('/'));
    }
  }
  return [...out];
}

/** Splits a comma-separated list where a value in double quotes may hold commas (`\"` inside). */
function splitLabels(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted && c === '\\' && i + 1 < value.length) cur += value[++i];
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
