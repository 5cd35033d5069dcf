import { errorText } from '../containers/unreadable.js';

export type Parsed = { ok: true; value: unknown; flags: string[] } | { ok: false; error: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * JSON.parse of one slice of a file. Invalid UTF-8 is decoded with replacement characters (flag
 * 'utf8-repaired'). Telegram Desktop writes control characters other than \n \r \t as "\x1F"
 * (SerializeString in export_output_json.cpp), which is not JSON: such escapes are rewritten to
 * "\u001F" (flag 'json-repaired:x-escape').
 */
export function parseJsonSlice(b: Uint8Array, start: number, end: number, maxBytes: number): Parsed {
  if (end - start > maxBytes) {
    return {
      ok: false,
      error: `it is ${end - start} bytes, more than the limit maxMessageBytes (${maxBytes})`,
    };
  }
  const flags: string[] = [];
  const slice = b.subarray(start, end);
  let text: string;
  try {
    text = strictUtf8.decode(slice);
  } catch {
    text = lenientUtf8.decode(slice);
    flags.push('utf8-repaired');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, flags };
  } catch (e) {
    const repaired = repairXEscapes(text);
    if (repaired !== null) {
      try {
        return {
          ok: true,
          value: JSON.parse(repaired) as unknown,
          flags: [...flags, 'json-repaired:x-escape'],
        };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, error: `it is not valid JSON (${errorText(e)})` };
  }
}

function repairXEscapes(text: string): string | null {
  let changed = false;
  const out = text.replace(
    /\\(\\|x([0-9A-Fa-f]{2}))/g,
    (all: string, _escape: string, hex: string | undefined) => {
      if (hex === undefined) return all;
      changed = true;
      return `\\u00${hex}`;
    },
  );
  return changed ? out : null;
}
