/**
 * The byte-level JSON scanner of the platform-export readers (X archives, post lists, Telegram's
 * result.json, Slack's daily files): it finds where values, object members and array elements
 * begin and end without building them, so a reader can cut the exact bytes of one element (its
 * raw evidence and its byte range) and hand only that slice to JSON.parse. A file is never
 * parsed whole, and a broken element does not take its neighbours down with it.
 *
 * It works on UTF-8 bytes: every byte JSON gives meaning to (brackets, quotes, commas, colons,
 * the backslash) is ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so they
 * cannot be confused. It tracks only what decides boundaries: strings with their escapes,
 * bracket nesting, and the commas and colons between elements and members. A scalar runs to the
 * next delimiter; whether a slice is valid JSON is JSON.parse's job afterwards. No recursion
 * (the input is hostile): nesting is a byte stack bounded by `maxDepth`.
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

/**
 * Longest object key decoded. No export format has keys anywhere near it; a longer one is
 * returned as null rather than decoded (a megabyte "key" is an attack on memory, not a field).
 */
export const MAX_KEY_BYTES = 1024;

/** Where JSON text stops being JSON and why; `at` is the end of the text when it is cut off. */
export interface JsonDamage {
  ok: false;
  at: number;
  problem: string;
}

/** A value framed from its first byte: `end` is the position just after it. */
export type Framed = { ok: true; end: number } | JsonDamage;

export interface JsonScanOptions {
  /**
   * Deepest bracket nesting followed inside one value, its own bracket counted. Real messages
   * nest under ten levels; this stops a "message" of a million '[' from costing a deep parse.
   */
  maxDepth: number;
  /** The limit behind maxDepth, named in the reason when it trips ('maxJsonDepth'). */
  depthLimitName?: string;
  /**
   * A raw control character (below 0x20) cannot stand in a JSON string. 'reject': it is
   * damage at that byte, so a string cut short in a pretty-printed file ends there instead of
   * swallowing the lines after it (what resynchronising needs: Telegram escapes them all).
   * 'allow' (the default): it is left for JSON.parse to refuse, and only that element is lost.
   */
  controlCharacters?: 'allow' | 'reject';
}

/** One step through an object: the next member's key and where its value starts, or the end. */
export type MemberStep =
  | {
      ok: true;
      kind: 'member';
      /** The decoded key; null when it is not a valid JSON string or is longer than MAX_KEY_BYTES. */
      key: string | null;
      keyStart: number;
      valueStart: number;
    }
  | { ok: true; kind: 'end'; end: number }
  | JsonDamage;

/** One member of an object: its decoded key and the byte range of its value. */
export interface ObjectMember {
  key: string;
  valueStart: number;
  valueEnd: number;
}

/** Damage met while walking an array. */
export interface BrokenElement {
  kind: 'broken';
  /** The element the damage is in (or the one that should have come next). */
  index: number;
  /** Bytes [start, end) are not elements: from the damaged element (or separator) on. */
  start: number;
  /**
   * Where reading resumed (`resumed`), or the end of the scanned text: when the walk cannot
   * resynchronise, nothing after `start` can be trusted to line up and the walk stops.
   */
  end: number;
  resumed: boolean;
  /** Where the text stops being JSON, and why. */
  at: number;
  problem: string;
}

/** What walking an array reports, in order; it ends with a 'close' or an unresumed 'broken'. */
export type ArrayEvent =
  /** Element `index` occupies bytes [start, end). */
  | { kind: 'element'; index: number; start: number; end: number }
  | BrokenElement
  /** The array closed; `end` is just after its ']'. `[1, 2, ]` is accepted and says so. */
  | { kind: 'close'; end: number; trailingComma: boolean };

/** What ArrayWalk.next() reports: where an element starts (for the caller to frame), or an ArrayEvent. */
export type ArrayStep =
  | { kind: 'start'; index: number; start: number }
  | BrokenElement
  | { kind: 'close'; end: number; trailingComma: boolean };

export interface ArrayWalkOptions {
  /**
   * Go on after damage when the array is pretty-printed, as Telegram Desktop always writes it:
   * each element starts on a line of its own at the array's indentation, so the walk resumes at
   * the next line that has exactly that indentation followed by '{' (inner lines are indented
   * deeper, and JSON strings hold no raw line breaks: use controlCharacters 'reject'), or ends
   * at the first less indented line starting with ']' (the array's own end, so that damage
   * never spills into the next array at the same indentation). Without such a line (a cut
   * file, minified JSON) the walk stops. Default false: the first damage ends the walk.
   */
  resync?: boolean;
}

export function isJsonSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The first position at or after `pos` (and before `end`) that is not JSON whitespace. */
export function skipJsonSpace(b: Uint8Array, pos: number, end = b.length): number {
  while (pos < end && isJsonSpace(b[pos])) pos++;
  return pos;
}

/** Bytes that end a scalar (a number or true/false/null) standing outside a string. */
function endsScalar(c: number): boolean {
  return (
    c === COMMA ||
    c === CLOSE_BRACE ||
    c === CLOSE_BRACKET ||
    c === COLON ||
    c === QUOTE ||
    c === OPEN_BRACE ||
    c === OPEN_BRACKET ||
    isJsonSpace(c)
  );
}

/** Where the string opened at `pos` ends, any byte allowed inside it. */
function quotedEnd(b: Uint8Array, pos: number, end: number): Framed {
  // Most of an export's bytes are string contents: let indexOf find the quotes. A quote is
  // escaped when an odd number of backslashes stands right before it.
  for (let i = pos + 1; ;) {
    const q = b.indexOf(QUOTE, i);
    if (q < 0 || q >= end) return damage(end, 'the file ends inside a string');
    let k = q - 1;
    while (k > pos && b[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return { ok: true, end: q + 1 };
    i = q + 1;
  }
}

/** Where the string opened at `pos` ends; a raw control character inside it is damage. */
function strictStringEnd(b: Uint8Array, pos: number, end: number): Framed {
  let i = pos + 1;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) return { ok: true, end: i + 1 };
    if (c === BACKSLASH) i += 2;
    else if (c < 0x20) return damage(i, `unescaped control character inside a string (${shown(c)})`);
    else i++;
  }
  return damage(end, 'the file ends inside a string');
}

function damage(at: number, problem: string): JsonDamage {
  return { ok: false, at, problem };
}

/** A byte for reasons: "'}'", "byte 0x0a", or "the end of the file". */
function shown(c: number | undefined): string {
  if (c === undefined) return 'the end of the file';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The JSON text of one file (bytes [0, end) of `bytes`), scanned for the byte ranges of its
 * values, object members and array elements. Every method takes and returns byte offsets into
 * `bytes`; none throws for bad input: damage is a JsonDamage value naming its byte.
 */
export class JsonElements {
  readonly end: number;
  readonly maxDepth: number;
  private readonly depthProblem: string;
  private readonly rejectControl: boolean;
  /** The nesting stack, shared by every value framed (one scan at a time: no recursion). */
  private readonly stack: Uint8Array;

  constructor(
    readonly bytes: Uint8Array,
    private readonly options: JsonScanOptions,
    end = bytes.length,
  ) {
    this.end = Math.min(end, bytes.length);
    this.maxDepth = options.maxDepth;
    this.depthProblem =
      `values nested deeper than ${options.maxDepth} levels` +
      (options.depthLimitName === undefined ? '' : ` (limit ${options.depthLimitName})`);
    this.rejectControl = options.controlCharacters === 'reject';
    this.stack = new Uint8Array(options.maxDepth);
  }

  /** The same text scanned only up to `end` (an array inside a value already framed). */
  within(end: number): JsonElements {
    return new JsonElements(this.bytes, this.options, end);
  }

  /** The byte at `pos`, undefined at and after the end. */
  readonly byteAt = (pos: number): number | undefined => (pos < this.end ? this.bytes[pos] : undefined);

  /** Where the JSON text starts: after a UTF-8 byte order mark and whitespace. */
  start(): number {
    const b = this.bytes;
    const bom = this.end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    return this.skipSpace(bom);
  }

  /** The first position at or after `pos` that is not whitespace (the end when there is none). */
  skipSpace(pos: number): number {
    return skipJsonSpace(this.bytes, pos, this.end);
  }

  /** The string whose opening quote is at `pos`: where it ends (just after the closing quote). */
  stringEnd(pos: number): Framed {
    return this.rejectControl
      ? strictStringEnd(this.bytes, pos, this.end)
      : quotedEnd(this.bytes, pos, this.end);
  }

  /**
   * The value starting at `pos` (which must not be whitespace): where it ends. Objects and
   * arrays are followed to their matching bracket, up to maxDepth levels; a scalar runs to the
   * next delimiter. A bracket that closes the wrong kind, nesting past the limit and a text
   * that ends inside the value are damage at their byte.
   */
  valueEnd(pos: number): Framed {
    return this.frame(pos, this.maxDepth);
  }

  private frame(pos: number, maxDepth: number): Framed {
    const b = this.bytes;
    const end = this.end;
    const first = this.byteAt(pos);
    if (first === undefined) return damage(end, 'the file ends where a value should start');
    if (first === QUOTE) return this.stringEnd(pos);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let i = pos;
      while (i < end && !endsScalar(b[i]!)) i++;
      return i === pos ? damage(pos, `expected a value, found ${shown(first)}`) : { ok: true, end: i };
    }
    const stack = this.stack;
    let depth = 0;
    let i = pos;
    while (i < end) {
      const c = b[i]!;
      if (c === QUOTE) {
        const s = this.stringEnd(i);
        if (!s.ok) return s;
        i = s.end;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth >= maxDepth) return damage(i, this.depthProblem);
        stack[depth++] = c;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const open = stack[--depth]!;
        if ((c === CLOSE_BRACE) !== (open === OPEN_BRACE))
          return damage(i, `${shown(c)} closes a ${shown(open)}`);
        if (depth === 0) return { ok: true, end: i + 1 };
      }
      i++;
    }
    return damage(
      end,
      `the file ends inside the value opened at byte ${pos} (${depth} bracket(s) still open)`,
    );
  }

  /**
   * At `pos` inside an object (just after its '{' when `first`, else just after a member's
   * value): the next member's key and where its value starts, or the object's end. The value
   * is not framed: the caller frames it (valueEnd) or reads into it.
   */
  nextMember(pos: number, first: boolean): MemberStep {
    let i = this.skipSpace(pos);
    if (this.byteAt(i) === CLOSE_BRACE) return { ok: true, kind: 'end', end: i + 1 };
    if (!first) {
      if (this.byteAt(i) !== COMMA) {
        return damage(i, `expected ',' or '}' in an object, found ${shown(this.byteAt(i))}`);
      }
      i = this.skipSpace(i + 1);
    }
    if (this.byteAt(i) !== QUOTE)
      return damage(i, `expected a key in an object, found ${shown(this.byteAt(i))}`);
    const keyStart = i;
    const k = this.stringEnd(i);
    if (!k.ok) return k;
    let key: string | null = null;
    if (k.end - keyStart <= MAX_KEY_BYTES) {
      try {
        key = JSON.parse(lenientUtf8.decode(this.bytes.subarray(keyStart, k.end))) as string;
      } catch {
        key = null;
      }
    }
    const named = key === null ? 'a key' : `the key "${key.slice(0, 40)}"`;
    i = this.skipSpace(k.end);
    if (this.byteAt(i) !== COLON)
      return damage(i, `expected ':' after ${named}, found ${shown(this.byteAt(i))}`);
    i = this.skipSpace(i + 1);
    if (i >= this.end) return damage(this.end, `the file ends before the value of ${named}`);
    return { ok: true, kind: 'member', key, keyStart, valueStart: i };
  }

  /**
   * The members of the object whose '{' is at `open`, in order (duplicate keys included), with
   * the end just after its '}'. Values are framed one level less deep than maxDepth: the
   * object's own brace is a level. A key that cannot be decoded is damage.
   */
  members(open: number): { ok: true; members: ObjectMember[]; end: number } | JsonDamage {
    const members: ObjectMember[] = [];
    let pos = open + 1;
    for (let first = true; ; first = false) {
      const step = this.nextMember(pos, first);
      if (!step.ok) return step;
      if (step.kind === 'end') return { ok: true, members, end: step.end };
      if (step.key === null) {
        return damage(
          step.keyStart,
          `an object key that is not a valid JSON string or is longer than ${MAX_KEY_BYTES} bytes`,
        );
      }
      const v = this.frame(step.valueStart, this.maxDepth - 1);
      if (!v.ok) return v;
      members.push({ key: step.key, valueStart: step.valueStart, valueEnd: v.end });
      pos = v.end;
    }
  }

  /**
   * The elements of the array whose '[' is at `open`, each framed with valueEnd: 'element'
   * events, 'broken' ones for damage, and a last 'close' (or an unresumed 'broken').
   * An element that is itself an object or array is framed but not looked into.
   */
  *elements(open: number, options: ArrayWalkOptions = {}): Generator<ArrayEvent> {
    const walk = this.walk(open, options);
    for (;;) {
      const step = walk.next();
      if (step.kind === 'start') {
        const v = this.valueEnd(step.start);
        if (v.ok) {
          walk.ended(v.end);
          yield { kind: 'element', index: step.index, start: step.start, end: v.end };
          continue;
        }
        const broken = walk.failed(v);
        yield broken;
        if (!broken.resumed) return;
        continue;
      }
      yield step;
      if (step.kind === 'close' || !step.resumed) return;
    }
  }

  /**
   * A step-by-step walk over the array whose '[' is at `open`, for a caller that reads each
   * element itself rather than framing it (an element read by a generator of its own).
   */
  walk(open: number, options: ArrayWalkOptions = {}): ArrayWalk {
    return new ArrayWalk(this, open, options.resync === true);
  }
}

/**
 * Walks one array: next() says where the next element starts (or reports the close or
 * damage between elements); the caller frames or reads that element and says where it ended
 * (ended) or where it broke (failed). Damage ends the walk unless it can resynchronise
 * (ArrayWalkOptions.resync).
 */
export class ArrayWalk {
  private pos: number;
  private index = 0;
  /** What comes next: the first element or ']', a separator, an element (after resync), or nothing. */
  private expect: 'first' | 'separator' | 'element' | 'reading' | 'done' = 'first';
  private elementStart = -1;
  /** The indentation of the array's elements when resynchronising; null when it cannot. */
  private indent: Uint8Array | null | undefined;

  constructor(
    private readonly json: JsonElements,
    open: number,
    private readonly resync: boolean,
  ) {
    this.pos = open + 1;
  }

  /** Where the next element starts, or the array's close, or damage before the next element. */
  next(): ArrayStep {
    if (this.expect === 'reading') throw new Error('ArrayWalk.next() called before ended() or failed()');
    if (this.expect === 'done') throw new Error('ArrayWalk.next() called after the walk ended');
    const { bytes, end } = this.json;
    const at = this.json.byteAt;
    let pos = this.json.skipSpace(this.pos);
    if (this.expect !== 'element' && at(pos) === CLOSE_BRACKET) return this.close(pos, false);
    if (this.expect === 'separator') {
      const c = at(pos);
      if (c !== COMMA) {
        const problem =
          c === undefined
            ? 'the file ends before the array is closed'
            : `expected ',' or ']' after element ${this.index - 1}, found ${shown(c)}`;
        return this.broken(pos, pos, damage(c === undefined ? end : pos, problem));
      }
      pos = this.json.skipSpace(pos + 1);
      // [1, 2, ] — JavaScript allows it, JSON does not; nothing is lost by accepting it.
      if (at(pos) === CLOSE_BRACKET) return this.close(pos, true);
    }
    if (this.indent === undefined) this.indent = this.resync ? lineIndent(bytes, pos) : null;
    if (pos >= end) return this.broken(pos, pos, damage(end, 'the file ends before the array is closed'));
    this.expect = 'reading';
    this.elementStart = pos;
    return { kind: 'start', index: this.index, start: pos };
  }

  /** The element next() started ended just before `end`. */
  ended(end: number): void {
    if (this.expect !== 'reading') throw new Error('ArrayWalk.ended() called without an element started');
    this.pos = end;
    this.index++;
    this.expect = 'separator';
  }

  /**
   * The element next() started is damaged; bytes from `from` (its start by default, later when
   * the caller read part of it) are not part of any element read. Returns the event to report.
   */
  failed(d: JsonDamage, from = this.elementStart): BrokenElement {
    if (this.expect !== 'reading') throw new Error('ArrayWalk.failed() called without an element started');
    return this.broken(from, Math.max(from, this.elementStart), d);
  }

  private close(pos: number, trailingComma: boolean): ArrayStep {
    this.expect = 'done';
    return { kind: 'close', end: pos + 1, trailingComma };
  }

  private broken(start: number, resyncFrom: number, d: JsonDamage): BrokenElement {
    const next = this.indent ? resyncAt(this.json, resyncFrom + 1, this.indent) : null;
    const event: BrokenElement = {
      kind: 'broken',
      index: this.index,
      start,
      end: next === null ? this.json.end : next.pos,
      resumed: next !== null,
      at: d.at,
      problem: d.problem,
    };
    this.index++;
    if (next === null) this.expect = 'done';
    else {
      this.pos = next.pos;
      // At the array's own closing line the walk ends there; at an element it goes on.
      this.expect = next.close ? 'separator' : 'element';
    }
    return event;
  }
}

/**
 * The whitespace between the line break before `pos` and `pos`, when `pos` starts its line
 * (the array's element indentation); null when something else precedes it on the line.
 */
function lineIndent(b: Uint8Array, pos: number): Uint8Array | null {
  let i = pos - 1;
  while (i >= 0 && (b[i] === 0x20 || b[i] === 0x09)) i--;
  if (i < 0 || b[i] !== NL) return null;
  return b.slice(i + 1, pos);
}

/**
 * Where a pretty-printed array goes on after damage: the '{' of the next line at or after
 * `from` that is exactly `indent` then '{' (the next element), or the ']' of the first line that
 * is less indented than that and starts with ']' (the array's own end). Null if neither comes.
 */
function resyncAt(
  json: JsonElements,
  from: number,
  indent: Uint8Array,
): { pos: number; close: boolean } | null {
  const { bytes: b, end } = json;
  let i = from;
  for (;;) {
    const nl = b.indexOf(NL, i);
    if (nl < 0 || nl >= end) return null;
    let j = nl + 1;
    let k = 0;
    while (k < indent.length && j < end && b[j] === indent[k]) {
      j++;
      k++;
    }
    if (k === indent.length && j < end && b[j] === OPEN_BRACE) return { pos: j, close: false };
    if (k < indent.length) {
      let w = j;
      while (w < end && (b[w] === 0x20 || b[w] === 0x09)) w++;
      if (w - (nl + 1) < indent.length && w < end && b[w] === CLOSE_BRACKET) return { pos: w, close: true };
    }
    i = nl + 1;
  }
}

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

export type ParsedSlice =
  | { ok: true; value: unknown; utf8Repaired: boolean }
  /** `text` is the slice as decoded, for a caller that knows a repair worth trying. */
  | { ok: false; problem: string; text: string; utf8Repaired: boolean };

/** JSON.parse of bytes [start, end) (decoded as decodeUtf8 does); a failure is a value, never a throw. */
export function parseJsonSlice(b: Uint8Array, start: number, end: number): ParsedSlice {
  const { text, repaired } = decodeUtf8(b, start, end);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, utf8Repaired: repaired };
  } catch (e) {
    const problem = `not valid JSON (${e instanceof Error ? e.message : String(e)})`;
    return { ok: false, problem, text, utf8Repaired: repaired };
  }
}
