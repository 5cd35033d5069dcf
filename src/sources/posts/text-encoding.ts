import { isUtf8 } from 'node:buffer';
import type { CsvText } from './csv-rows.js';

/**
 * How a post list's bytes become text. UTF-8 (with or without BOM) is the norm; spreadsheets
 * also write UTF-16 with a BOM ("Unicode text") and, in old versions, Windows-1252 without
 * saying so. Offsets stay byte offsets of the file whatever the encoding.
 */
export type PostListEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Decoded {
  encoding: PostListEncoding;
  /** Flags every record of the file carries ('charset-fallback:windows-1252'). */
  flags: string[];
  text: CsvText;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const cp1252 = new TextDecoder('windows-1252');

/** UTF-16 code units [s, e) as a string (in chunks: spreading a huge array overflows the stack). */
function fromUnits(units: Uint16Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i += 8192) out += String.fromCharCode(...units.subarray(i, Math.min(e, i + 8192)));
  return out;
}

/** The encoding told by a byte-order mark, with the mark's length. */
export function bomOf(b: Uint8Array): { encoding: PostListEncoding; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * The file as code units to scan. Returns a problem for text innsyn cannot tell the encoding of
 * (NUL bytes without a byte-order mark: UTF-16 without BOM, or not text at all).
 */
export function decodePostList(
  bytes: Uint8Array,
): { ok: true; decoded: Decoded } | { ok: false; problem: string } {
  const bom = bomOf(bytes);
  if (bom !== null && bom.encoding !== 'utf-8') {
    const base = bom.length;
    const count = Math.floor((bytes.length - base) / 2);
    const units = new Uint16Array(count);
    const be = bom.encoding === 'utf-16be';
    for (let i = 0; i < count; i++) {
      const lo = bytes[base + 2 * i + (be ? 1 : 0)]!;
      const hi = bytes[base + 2 * i + (be ? 0 : 1)]!;
      units[i] = lo | (hi << 8);
    }
    return {
      ok: true,
      decoded: {
        encoding: bom.encoding,
        flags: [],
        text: {
          units,
          unitBytes: 2,
          base,
          decode: (s, e) => fromUnits(units, s, e),
        },
      },
    };
  }
  const base = bom?.length ?? 0;
  const units = bytes.subarray(base);
  if (bom === null && units.subarray(0, 4096).includes(0)) {
    return {
      ok: false,
      problem:
        'it holds NUL bytes: it is UTF-16 without a byte-order mark, or not text. Save it as UTF-8 CSV (or JSON) and ingest that',
    };
  }
  const valid = isUtf8(units);
  const decoder = valid ? utf8 : cp1252;
  return {
    ok: true,
    decoded: {
      encoding: valid ? 'utf-8' : 'windows-1252',
      flags: valid ? [] : ['charset-fallback:windows-1252'],
      text: { units, unitBytes: 1, base, decode: (s, e) => decoder.decode(units.subarray(s, e)) },
    },
  };
}
