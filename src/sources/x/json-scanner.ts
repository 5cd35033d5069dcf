/**
 * A byte-level scanner for JSON text: it finds where values begin and end without building
 * them, so a reader can cut the exact bytes of one array element (its raw source and its byte
 * range) and hand only that slice to JSON.parse. The whole file is never decoded or parsed at
 * once, and a broken element does not take its neighbours down with it.
 *
 * It works on UTF-8 bytes: every byte JSON gives meaning to (brackets, quotes, commas, the
 * backslash) is ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so they can
 * never be confused. It checks structure only (brackets balance, strings close, commas
 * separate); whether a slice is valid JSON is JSON.parse's job. No recursion: nesting is a
 * counter and a byte stack bounded by `maxDepth`.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export type Scan = { ok: true; end: number } | { ok: false; at: number; problem: string };

function fail(at: number, problem: string): Scan {
  return { ok: false, at, problem };
}

export function isJsonSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The first position at or after `pos` (and before `end`) that is not JSON whitespace. */
export function skipSpace(b: Uint8Array, pos: number, end: number): number {
  while (pos < end && isJsonSpace(b[pos])) pos++;
  return pos;
}

function show(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** A string starting at `pos` (a '"'): where it ends (after the closing quote). */
export function scanString(b: Uint8Array, pos: number, end: number): Scan {
  let i = pos + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, i);
    if (q < 0 || q >= end) return fail(pos, 'a string that never closes (the file looks cut off)');
    // The quote is escaped when an odd number of backslashes stands right before it.
    let slashes = 0;
    for (let k = q - 1; k > pos && b[k] === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return { ok: true, end: q + 1 };
    i = q + 1;
  }
}

/**
 * The value starting at `pos` (which must not be whitespace): where it ends. Objects and arrays
 * are followed to their matching bracket; a bracket that closes the wrong kind, nesting deeper
 * than `maxDepth` and an input that ends inside the value are reported with their position.
 */
export function scanValue(b: Uint8Array, pos: number, end: number, maxDepth: number): Scan {
  if (pos >= end) return fail(pos, 'the input ends where a value should start');
  const first = b[pos]!;
  if (first === QUOTE) return scanString(b, pos, end);
  if (first !== LBRACE && first !== LBRACKET) {
    let i = pos;
    while (i < end) {
      const c = b[i]!;
      if (c === COMMA || c === RBRACE || c === RBRACKET || c === COLON || isJsonSpace(c)) break;
      if (c === QUOTE || c === LBRACE || c === LBRACKET) break;
      i++;
    }
    return i === pos ? fail(pos, `${show(first)} where a value should start`) : { ok: true, end: i };
  }
  const stack = new Uint8Array(maxDepth);
  let depth = 0;
  let i = pos;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) {
      const s = scanString(b, i, end);
      if (!s.ok) return s;
      i = s.end;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (depth === maxDepth) return fail(i, `values nested deeper than ${maxDepth} levels`);
      stack[depth++] = c;
    } else if (c === RBRACE || c === RBRACKET) {
      const open = stack[--depth]!;
      if ((c === RBRACE) !== (open === LBRACE)) return fail(i, `${show(c)} closes a ${show(open)}`);
      if (depth === 0) return { ok: true, end: i + 1 };
    }
    i++;
  }
  return fail(
    pos,
    `the input ends inside this value, ${depth} bracket(s) still open (the file looks cut off)`,
  );
}

/** One event of walking an array's elements. */
export type ArrayEvent =
  /** An element framed by the scanner: bytes [start, end). */
  | { kind: 'element'; index: number; start: number; end: number }
  /**
   * Bytes [start, end) that cannot be framed (a truncated element, a missing comma); the walk
   * stops after this event because nothing after it can be trusted to line up.
   */
  | { kind: 'broken'; index: number; start: number; end: number; problem: string }
  /** The closing bracket was found; `end` is the position after it. */
  | { kind: 'close'; end: number; trailingComma: boolean };

/**
 * Walks the elements of the array whose '[' is at `open`. Ends with a 'close' or a 'broken'
 * event. An element that is itself an object or array is framed but not looked into.
 */
export function* arrayElements(
  b: Uint8Array,
  open: number,
  end: number,
  maxDepth: number,
): Generator<ArrayEvent> {
  let pos = skipSpace(b, open + 1, end);
  if (pos < end && b[pos] === RBRACKET) {
    yield { kind: 'close', end: pos + 1, trailingComma: false };
    return;
  }
  for (let index = 0; ; index++) {
    if (pos >= end) {
      yield {
        kind: 'broken',
        index,
        start: pos,
        end,
        problem: 'the array never closes (the file looks cut off)',
      };
      return;
    }
    const s = scanValue(b, pos, end, maxDepth);
    if (!s.ok) {
      yield { kind: 'broken', index, start: pos, end, problem: `${s.problem} (at byte ${s.at})` };
      return;
    }
    yield { kind: 'element', index, start: pos, end: s.end };
    pos = skipSpace(b, s.end, end);
    const c = b[pos];
    if (c === RBRACKET) {
      yield { kind: 'close', end: pos + 1, trailingComma: false };
      return;
    }
    if (c !== COMMA) {
      const problem =
        c === undefined || pos >= end
          ? 'the array never closes (the file looks cut off)'
          : `${show(c)} after element ${index} where ',' or ']' should be`;
      yield { kind: 'broken', index: index + 1, start: pos, end, problem };
      return;
    }
    pos = skipSpace(b, pos + 1, end);
    if (b[pos] === RBRACKET) {
      // [1, 2, ] — JavaScript allows it, JSON does not; nothing is lost by accepting it.
      yield { kind: 'close', end: pos + 1, trailingComma: true };
      return;
    }
  }
}

/** One member of an object: its key (decoded) and the byte range of its value. */
export interface ObjectMember {
  key: string;
  valueStart: number;
  valueEnd: number;
}

/**
 * The members of the object whose '{' is at `open`, with the end position after its '}'. Keys
 * are decoded; values are only framed. Duplicate keys are all returned, in order.
 */
export function objectMembers(
  b: Uint8Array,
  open: number,
  end: number,
  maxDepth: number,
): { ok: true; members: ObjectMember[]; end: number } | { ok: false; at: number; problem: string } {
  const members: ObjectMember[] = [];
  let pos = skipSpace(b, open + 1, end);
  if (b[pos] === RBRACE) return { ok: true, members, end: pos + 1 };
  for (;;) {
    if (b[pos] !== QUOTE) return { ok: false, at: pos, problem: 'an object member without a quoted key' };
    const k = scanString(b, pos, end);
    if (!k.ok) return k;
    let key: string;
    try {
      key = JSON.parse(Buffer.from(b.buffer, b.byteOffset + pos, k.end - pos).toString('utf8')) as string;
    } catch {
      return { ok: false, at: pos, problem: 'an object key that is not a valid JSON string' };
    }
    pos = skipSpace(b, k.end, end);
    if (b[pos] !== COLON)
      return { ok: false, at: pos, problem: `no ':' after the key "${key.slice(0, 40)}"` };
    pos = skipSpace(b, pos + 1, end);
    const v = scanValue(b, pos, end, maxDepth - 1);
    if (!v.ok) return v;
    members.push({ key, valueStart: pos, valueEnd: v.end });
    pos = skipSpace(b, v.end, end);
    if (b[pos] === RBRACE) return { ok: true, members, end: pos + 1 };
    if (b[pos] !== COMMA) return { ok: false, at: pos, problem: "no ',' or '}' after an object member" };
    pos = skipSpace(b, pos + 1, end);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Bytes [start, end) as text. Invalid UTF-8 (a damaged export) is replaced by U+FFFD rather
 * than refused, and `repaired` says so, so the caller can flag the record.
 */
export function decodeUtf8(b: Uint8Array, start: number, end: number): { text: string; repaired: boolean } {
  const slice = b.subarray(start, end);
  try {
    return { text: strictUtf8.decode(slice), repaired: false };
  } catch {
    return { text: lenientUtf8.decode(slice), repaired: true };
  }
}

/** Parses bytes [start, end) as JSON; a parse failure is a value, never a throw. */
export function parseJsonSlice(
  b: Uint8Array,
  start: number,
  end: number,
): { ok: true; value: unknown; repaired: boolean } | { ok: false; problem: string } {
  const { text, repaired } = decodeUtf8(b, start, end);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, repaired };
  } catch (e) {
    return { ok: false, problem: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}
