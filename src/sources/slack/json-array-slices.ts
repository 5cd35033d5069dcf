/**
 * Finds the byte range of each element of a top-level JSON array without parsing it, so that
 * every element can be kept as its exact raw bytes and parsed on its own: one damaged message
 * in a daily file then costs that message, not the file.
 *
 * The scanner knows only what it needs for boundaries: strings (with escapes) and bracket
 * nesting. Whether an element is valid JSON is JSON.parse's job afterwards. It is a loop over
 * bytes with an explicit stack, never recursion (the input is hostile).
 */

/**
 * Deepest nesting inside one element. Real Slack messages nest about 8 levels (blocks of rich
 * text); this stops a "message" of a million '[' from costing a deep parse.
 */
export const MAX_ELEMENT_DEPTH = 256;

export type ArrayPart =
  /** One element: bytes [offset, offset + length) of the input. */
  | { kind: 'element'; index: number; offset: number; length: number }
  /**
   * The scan could not go on: bytes from `offset` to the end are not elements. `index` is the
   * element being scanned (or the next one); `at` is where the problem was seen.
   */
  | { kind: 'broken'; index: number; offset: number; at: number; problem: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The elements of the top-level array in `bytes`, in order; when the bytes stop making sense
 * the last part is a 'broken' one covering the rest. A UTF-8 byte-order mark is skipped, a
 * trailing comma before ']' is tolerated (the elements are whole either way).
 */
export function* scanJsonArray(bytes: Uint8Array, maxDepth = MAX_ELEMENT_DEPTH): Generator<ArrayPart> {
  const n = bytes.length;
  let pos = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
  const skipSpace = (): void => {
    while (pos < n && isSpace(bytes[pos])) pos++;
  };
  skipSpace();
  if (bytes[pos] !== OPEN_SQUARE) {
    const problem =
      pos >= n ? 'the file is empty' : 'the file is not a JSON array (it does not start with "[")';
    yield { kind: 'broken', index: 0, offset: 0, at: pos, problem };
    return;
  }
  pos++;
  const closers = new Uint8Array(maxDepth);
  let index = 0;
  for (;;) {
    skipSpace();
    if (pos >= n) {
      yield {
        kind: 'broken',
        index,
        offset: pos,
        at: pos,
        problem: 'the file ends before the array is closed',
      };
      return;
    }
    if (bytes[pos] === CLOSE_SQUARE) break;
    const start = pos;
    let depth = 0;
    let problem: string | null = null;
    do {
      const b = bytes[pos] as number;
      if (b === QUOTE) {
        pos++;
        while (pos < n && bytes[pos] !== QUOTE) pos += bytes[pos] === BACKSLASH ? 2 : 1;
        if (pos >= n) {
          problem = 'the file ends inside a string';
          break;
        }
        pos++;
      } else if (b === OPEN_CURLY || b === OPEN_SQUARE) {
        if (depth === maxDepth) {
          problem = `element ${index} nests deeper than ${maxDepth} levels`;
          break;
        }
        closers[depth++] = b === OPEN_CURLY ? CLOSE_CURLY : CLOSE_SQUARE;
        pos++;
      } else if (b === CLOSE_CURLY || b === CLOSE_SQUARE) {
        if (depth === 0 || closers[depth - 1] !== b) {
          problem = `unexpected "${String.fromCharCode(b)}"`;
          break;
        }
        depth--;
        pos++;
      } else if (depth === 0) {
        // A scalar element: up to the next separator.
        while (pos < n && !isSpace(bytes[pos]) && bytes[pos] !== COMMA && bytes[pos] !== CLOSE_SQUARE) pos++;
      } else {
        pos++;
      }
      if (pos >= n && depth > 0) {
        problem = 'the file ends inside an element';
        break;
      }
    } while (depth > 0);
    if (problem === null && pos === start)
      problem = `expected an element, found "${String.fromCharCode(bytes[pos] as number)}"`;
    if (problem !== null) {
      yield { kind: 'broken', index, offset: start, at: Math.min(pos, n), problem };
      return;
    }
    yield { kind: 'element', index, offset: start, length: pos - start };
    index++;
    skipSpace();
    if (bytes[pos] === COMMA) {
      pos++;
      skipSpace();
      if (bytes[pos] === CLOSE_SQUARE) break;
    } else if (bytes[pos] !== CLOSE_SQUARE) {
      const problem =
        pos >= n
          ? 'the file ends before the array is closed'
          : `expected "," or "]" after element ${index - 1}`;
      yield { kind: 'broken', index, offset: pos, at: pos, problem };
      return;
    }
  }
  pos++; // the closing ']'
  skipSpace();
  if (pos < n) {
    yield {
      kind: 'broken',
      index,
      offset: pos,
      at: pos,
      problem: 'there are bytes after the end of the array',
    };
  }
}
