/**
 * A byte-level JSON scanner that finds where values begin and end without building them, so a
 * 500 MB result.json can be cut into one slice per message and each slice handed to JSON.parse
 * alone. It tracks only what decides boundaries: strings (with their escapes) and the nesting
 * of brackets. Everything else inside a container is left for JSON.parse of the slice to judge,
 * so a bad token damages one message, not the file. No recursion: nesting is a byte stack.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NL = 0x0a;

/** The JSON text is broken at `offset`: what a reason names and where resynchronising starts. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonScanError';
  }
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** First non-whitespace position at or after `pos` (b.length at the end). */
export function skipSpace(b: Uint8Array, pos: number): number {
  let i = pos;
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

/** After a UTF-8 byte order mark and whitespace: where the JSON text starts. */
export function jsonStart(b: Uint8Array): number {
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  return skipSpace(b, bom);
}

/** `b[i]` for reasons: 'end of file' or the character. */
function described(b: Uint8Array, i: number): string {
  const c = b[i];
  if (c === undefined) return 'the end of the file';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * Position after the closing quote of the string whose opening quote is at `start`. A raw
 * control character (a line break above all) cannot occur in a JSON string, and Telegram
 * escapes them, so meeting one means the string was cut: the error points there rather than
 * letting the string swallow the rest of the file.
 */
export function stringEnd(b: Uint8Array, start: number): number {
  let i = start + 1;
  for (;;) {
    const c = b[i];
    if (c === undefined) throw new JsonScanError(`string opened at byte ${start} never ends`, b.length);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i += 2;
    else if (c < 0x20)
      throw new JsonScanError(`unescaped control character inside a string (${described(b, i)})`, i);
    else i++;
  }
}

/**
 * Position just after the JSON value starting at `start` (which must not be whitespace).
 * Containers are matched bracket by bracket up to `maxDepth` levels; a scalar runs to the next
 * delimiter. Throws JsonScanError at the byte where the text cannot be a value any more.
 */
export function valueEnd(b: Uint8Array, start: number, maxDepth: number): number {
  const c0 = b[start];
  if (c0 === QUOTE) return stringEnd(b, start);
  if (c0 !== OPEN_BRACE && c0 !== OPEN_BRACKET) {
    let i = start;
    while (i < b.length && isScalarByte(b[i] as number)) i++;
    if (i === start) throw new JsonScanError(`expected a JSON value, found ${described(b, start)}`, start);
    return i;
  }
  const stack = new Uint8Array(maxDepth);
  let depth = 0;
  let i = start;
  for (;;) {
    const c = b[i];
    if (c === undefined) {
      throw new JsonScanError(`the file ends inside the value opened at byte ${start}`, b.length);
    }
    if (c === QUOTE) {
      i = stringEnd(b, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === maxDepth) {
        throw new JsonScanError(`nesting deeper than ${maxDepth} levels (limit maxJsonDepth)`, i);
      }
      stack[depth++] = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0 || stack[depth - 1] !== c) {
        throw new JsonScanError(`unexpected ${described(b, i)}`, i);
      }
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
}

/** Bytes a number or literal (true, false, null) can consist of. */
function isScalarByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x2e
  );
}

/** One step through an object: the next member's key and where its value starts, or the end. */
export type EntryStep =
  { kind: 'key'; key: string; keyStart: number; valueStart: number } | { kind: 'end'; end: number };

/** Longest key decoded; longer keys are returned as '' (no Telegram key is anywhere near it). */
const MAX_KEY_BYTES = 1024;

/**
 * At `pos` inside an object (just after '{' when `first`, else just after a member's value):
 * the next key or the object's end.
 */
export function nextEntry(b: Uint8Array, pos: number, first: boolean): EntryStep {
  let i = skipSpace(b, pos);
  if (b[i] === CLOSE_BRACE) return { kind: 'end', end: i + 1 };
  if (!first) {
    if (b[i] !== COMMA)
      throw new JsonScanError(`expected ',' or '}' in an object, found ${described(b, i)}`, i);
    i = skipSpace(b, i + 1);
  }
  if (b[i] !== QUOTE) throw new JsonScanError(`expected a key in an object, found ${described(b, i)}`, i);
  const keyStart = i;
  const keyEnd = stringEnd(b, i);
  let key = '';
  if (keyEnd - keyStart <= MAX_KEY_BYTES) {
    try {
      key = JSON.parse(new TextDecoder().decode(b.subarray(keyStart, keyEnd))) as string;
    } catch {
      key = '';
    }
  }
  i = skipSpace(b, keyEnd);
  if (b[i] !== COLON) throw new JsonScanError(`expected ':' after key "${key}", found ${described(b, i)}`, i);
  i = skipSpace(b, i + 1);
  if (i >= b.length) throw new JsonScanError(`the file ends before the value of "${key}"`, b.length);
  return { kind: 'key', key, keyStart, valueStart: i };
}

/** What walking an array reports, in order. */
export type ArrayEvent =
  /** Element `index` occupies bytes [start, end). */
  | { kind: 'item'; index: number; start: number; end: number }
  /** Element `index` is broken; bytes [start, end) were skipped and the walk resumed at `end`. */
  | { kind: 'broken'; index: number; start: number; end: number; errorOffset: number; message: string }
  /** The array closed; `end` is just after its ']'. */
  | { kind: 'close'; end: number }
  /** Element `index` (from `start`) is broken and no later element could be found: the walk stops. */
  | { kind: 'fatal'; index: number; start: number; errorOffset: number; message: string };

/**
 * Walks the array whose '[' is at `open`, element by element, measuring each with
 * `measure(start)` (valueEnd by default). A broken element does not end the walk when the
 * array is pretty-printed, as Telegram Desktop always writes it: each element starts on a line
 * of its own at the array's indentation, so the walk resumes at the next line that has exactly
 * that indentation followed by '{' (inner lines are indented deeper, and JSON strings hold no
 * raw line breaks). Without such a line (a cut file, minified JSON) it reports 'fatal'.
 */
export function* walkArray(
  b: Uint8Array,
  open: number,
  maxDepth: number,
  measure: (start: number) => number = (start) => valueEnd(b, start, maxDepth),
): Generator<ArrayEvent> {
  let pos = open + 1;
  let index = 0;
  /** Whether a ',' (or ']') must come next. */
  let afterItem = false;
  let indent: Uint8Array | null | undefined;
  for (;;) {
    pos = skipSpace(b, pos);
    let start = pos;
    try {
      if (b[pos] === CLOSE_BRACKET && (afterItem || index === 0)) {
        yield { kind: 'close', end: pos + 1 };
        return;
      }
      if (afterItem) {
        if (b[pos] !== COMMA)
          throw new JsonScanError(`expected ',' or ']' after an element, found ${described(b, pos)}`, pos);
        pos = skipSpace(b, pos + 1);
        start = pos;
      }
      if (indent === undefined) indent = lineIndent(b, pos);
      if (pos >= b.length) throw new JsonScanError('the file ends inside the array', b.length);
      const end = measure(pos);
      yield { kind: 'item', index, start: pos, end };
      index++;
      pos = end;
      afterItem = true;
    } catch (e) {
      if (!(e instanceof JsonScanError)) throw e;
      const next = indent ? resync(b, start + 1, indent) : null;
      if (next === null) {
        yield { kind: 'fatal', index, start, errorOffset: e.offset, message: e.message };
        return;
      }
      yield { kind: 'broken', index, start, end: next.pos, errorOffset: e.offset, message: e.message };
      index++;
      pos = next.pos;
      // At the array's own closing line the walk ends there; at an element it goes on.
      afterItem = next.close;
    }
  }
}

/**
 * The whitespace between the line break before `pos` and `pos`, when `pos` starts its line
 * (the array's element indentation); null when something else precedes it on the line.
 */
export function lineIndent(b: Uint8Array, pos: number): Uint8Array | null {
  let i = pos - 1;
  while (i >= 0 && (b[i] === 0x20 || b[i] === 0x09)) i--;
  if (i < 0 || b[i] !== NL) return null;
  return b.slice(i + 1, pos);
}

/**
 * Where a pretty-printed array goes on after damage: the '{' of the next line at or after
 * `from` that is exactly `indent` then '{' (the next element), or the ']' of the first line
 * that is less indented than that and starts with ']' (the array's own end, so that the damage
 * never spills into the next chat's messages, which have the same indentation). Null if
 * neither comes.
 */
export function resync(
  b: Uint8Array,
  from: number,
  indent: Uint8Array,
): { pos: number; close: boolean } | null {
  let i = from;
  for (;;) {
    const nl = b.indexOf(NL, i);
    if (nl < 0) return null;
    let j = nl + 1;
    let k = 0;
    while (k < indent.length && b[j] === indent[k]) {
      j++;
      k++;
    }
    if (k === indent.length && b[j] === OPEN_BRACE) return { pos: j, close: false };
    if (k < indent.length) {
      let w = j;
      while (b[w] === 0x20 || b[w] === 0x09) w++;
      if (w - (nl + 1) < indent.length && b[w] === CLOSE_BRACKET) return { pos: w, close: true };
    }
    i = nl + 1;
  }
}
