import type { Item } from '../model/index.js';

/** Input file extensions whose items' raw bytes are a JSON value (X archives' data/*.js hold JSON after a `window.YTD… =` prefix). */
const JSON_SOURCES = new Set(['.json', '.js', '.jsonl', '.ndjson']);
const TEXT_SOURCES: Record<string, string> = { '.csv': '.csv', '.tsv': '.tsv', '.txt': '.txt' };

/**
 * The extension for an item's original bytes in an export, so that they open in a fitting
 * program: `.eml` for mail (the message as received, RFC 5322); for platform exports what the
 * bytes are, known from the file they were cut from (the JSON element of an X archive, a
 * Telegram or Slack export or a JSON post list; the CSV row of a post list; the lines of a
 * WhatsApp chat), and when the file does not say, `.json` for bytes that start like JSON and
 * `.txt` otherwise.
 */
export function rawExtension(item: Pick<Item, 'kind' | 'location'>, raw: Uint8Array): string {
  if (item.kind === 'email') return '.eml';
  const source = (item.location.member ?? item.location.path).toLowerCase();
  const dot = source.lastIndexOf('.');
  const ext = dot > source.lastIndexOf('/') ? source.slice(dot) : '';
  if (JSON_SOURCES.has(ext)) return '.json';
  const text = TEXT_SOURCES[ext];
  if (text) return text;
  const first = raw.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  return first === 0x7b || first === 0x5b ? '.json' : '.txt';
}
