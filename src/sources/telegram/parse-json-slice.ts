import { parseJsonSlice as parseSlice } from '../export/json-elements.js';

export type Parsed = { ok: true; value: unknown; flags: string[] } | { ok: false; error: string };

/**
 * JSON.parse of one message slice of result.json, within maxMessageBytes. Invalid UTF-8 is
 * decoded with replacement characters (flag 'utf8-repaired'). Telegram Desktop writes control
 * characters other than \n \r \t as "\x1F" (SerializeString in export_output_json.cpp), which is
 * not JSON: such escapes are rewritten to "\u001F" (flag 'json-repaired:x-escape').
 */
export function parseJsonSlice(b: Uint8Array, start: number, end: number, maxBytes: number): Parsed {
  if (end - start > maxBytes) {
    return {
      ok: false,
      error: `it is ${end - start} bytes, more than the limit maxMessageBytes (${maxBytes})`,
    };
  }
  const p = parseSlice(b, start, end);
  const flags = p.utf8Repaired ? ['utf8-repaired'] : [];
  if (p.ok) return { ok: true, value: p.value, flags };
  const repaired = repairXEscapes(p.text);
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
  return { ok: false, error: `it is ${p.problem}` };
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
