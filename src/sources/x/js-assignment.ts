import { skipJsonSpace } from '../export/json-elements.js';

/**
 * Every X archive data file is a script assigning one JSON value to a global:
 * `window.YTD.tweets.part0 = [ … ]` (2019 on), `window.__THAR_CONFIG = { … }` (manifest.js),
 * `Grailbird.data.tweets_2012_01 =\n[ … ]` and `var tweet_index = [ … ]` (the archive before
 * 2019). This finds the name and where the JSON value starts, without decoding the file.
 */
export type Assignment = { ok: true; name: string; valueStart: number } | { ok: false; problem: string };

/** The prefix is short; a file whose first KiB holds no assignment does not have one. */
const HEAD_BYTES = 1024;

const ASSIGNMENT =
  /^(?:\u00ef\u00bb\u00bf)?\s*(?:var\s+|const\s+|let\s+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*=\s*/;

export function findAssignment(bytes: Uint8Array): Assignment {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD_BYTES)).toString(
    'latin1',
  );
  const m = ASSIGNMENT.exec(head);
  if (!m) {
    const shown = JSON.stringify(head.slice(0, 40));
    return {
      ok: false,
      problem: `it does not start with an assignment like "window.YTD.<name>.part0 = [" (it starts ${shown})`,
    };
  }
  // latin1 maps bytes to characters one to one, so the match length is a byte count.
  const valueStart = skipJsonSpace(bytes, m[0].length);
  const c = bytes[valueStart];
  if (c !== 0x5b && c !== 0x7b) {
    return { ok: false, problem: `"${m[1]!} =" is not followed by a JSON array or object` };
  }
  return { ok: true, name: m[1]!, valueStart };
}

/**
 * Where bytes after a value's end that are not whitespace or one ';' begin, or -1. Such bytes
 * are not part of any record; the reader keeps them as an UnreadableInput rather than ignore them.
 */
export function trailingBytes(bytes: Uint8Array, end: number): number {
  let pos = skipJsonSpace(bytes, end);
  if (bytes[pos] === 0x3b) pos = skipJsonSpace(bytes, pos + 1);
  return pos < bytes.length ? pos : -1;
}

/** The YTD global's data-type name and part ('window.YTD.direct_messages.part2' → direct_messages, 2). */
export function ytdName(name: string): { type: string; part: number } | null {
  const m = /^(?:window\.)?YTD\.([\w$]+)\.part(\d+)$/.exec(name);
  return m ? { type: m[1]!, part: Number(m[2]) } : null;
}
