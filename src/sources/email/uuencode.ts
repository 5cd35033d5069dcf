/**
 * uuencoded files. Before MIME, and long after it in some mailers (Outlook Express and
 * others had a setting to send attachments this way), a file travelled inside a message's
 * text: a `begin MODE NAME` line, lines of printable characters each standing for up to 45
 * bytes, a line for zero bytes, and `end`. Some mailers declared a MIME part's whole body so
 * (`Content-Transfer-Encoding: x-uuencode`).
 *
 * `takeUuencodedFiles` lifts such blocks out of a text body: each becomes a file, and its
 * lines leave the text, which would otherwise be searched as kilobytes of noise
 * (`M1TE&.#=A$P…`). A block is taken only when every line between `begin` and `end` is a valid
 * data line: the characters of uuencode are space to backquote, so a line of prose (any
 * lower-case letter) is never one. A block cut off (no `end`, or prose after its data lines)
 * gives the bytes it has, flagged `uuencode-incomplete`.
 */

export interface UuencodedFile {
  /** The name on the `begin` line, as written. */
  name: string;
  content: Uint8Array;
}

/** `begin 644 name`: the mode is three or four octal digits. */
const BEGIN = /^begin +[0-7]{3,4} +(\S.*?)\s*$/;
const MAY_HOLD_BLOCK = /^begin +[0-7]{3,4} +\S/m;

/** Bytes a data line stands for: its first character, minus 32, modulo 64 (a backquote is 0). */
function lineByteCount(line: string): number {
  const c = line.charCodeAt(0);
  return c >= 32 && c <= 96 ? (c - 32) & 63 : -1;
}

/**
 * The bytes of one data line appended to `out`, or false when the line is not one: it must
 * hold the characters its count needs (4 for every 3 bytes; the padding of the last group may
 * be missing) and at most two more (some encoders add a check character).
 */
function decodeLine(line: string, out: ByteSink): boolean {
  const n = lineByteCount(line);
  if (n < 0) return false;
  const chars = line.length - 1;
  if (chars < Math.ceil((n * 4) / 3) || chars > Math.ceil(n / 3) * 4 + 2) return false;
  for (let i = 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 32 || c > 96) return false;
  }
  const value = (i: number): number => (i < line.length ? (line.charCodeAt(i) - 32) & 63 : 0);
  for (let k = 0, i = 1; k < n; i += 4) {
    const a = value(i);
    const b = value(i + 1);
    const c = value(i + 2);
    const d = value(i + 3);
    out.put(((a << 2) | (b >> 4)) & 255);
    if (++k < n) out.put(((b << 4) | (c >> 2)) & 255);
    if (++k < n) out.put(((c << 6) | d) & 255);
    k++;
  }
  return true;
}

/** Bytes appended one at a time into a buffer that doubles as it fills. */
class ByteSink {
  private buf = new Uint8Array(4096);
  private n = 0;

  put(byte: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = byte;
  }

  take(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

interface Block {
  name: string;
  content: Uint8Array;
  /** Index of the first line after the block. */
  next: number;
  complete: boolean;
}

/** The block whose `begin` line is `lines[start]`, or null when no data line follows it. */
function readBlock(lines: readonly string[], start: number): Block | null {
  const name = (BEGIN.exec(lines[start] as string) as RegExpExecArray)[1] as string;
  const bytes = new ByteSink();
  let dataLines = 0;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trimEnd() === 'end') {
      return dataLines === 0 ? null : { name, content: bytes.take(), next: i + 1, complete: true };
    }
    // The zero-length line before `end` may have lost its space.
    if (line === '' && (lines[i + 1] ?? '').trimEnd() === 'end') continue;
    if (line === '' || !decodeLine(line, bytes)) break;
    dataLines++;
  }
  return dataLines === 0 ? null : { name, content: bytes.take(), next: i, complete: false };
}

/**
 * The uuencoded files of a text body, and the text without them. Flags `uuencode-incomplete`
 * for a block cut off, `limit:parts` when more than `maxFiles` blocks were found (the rest stay
 * in the text).
 */
export function takeUuencodedFiles(
  text: string,
  maxFiles: number,
  flags: Set<string>,
): { text: string; files: UuencodedFile[] } {
  if (!MAY_HOLD_BLOCK.test(text)) return { text, files: [] };
  const lines = text.split('\n');
  const kept: string[] = [];
  const files: UuencodedFile[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i] as string;
    const begins = BEGIN.test(line);
    const block = begins && files.length < maxFiles ? readBlock(lines, i) : null;
    if (block === null) {
      if (begins && files.length >= maxFiles) flags.add('limit:parts');
      kept.push(line);
      i++;
      continue;
    }
    files.push({ name: block.name, content: block.content });
    if (!block.complete) flags.add('uuencode-incomplete');
    i = block.next;
  }
  return files.length === 0 ? { text, files } : { text: kept.join('\n'), files };
}

/** Content-Transfer-Encoding names that mean uuencode. */
const UUENCODE_ENCODINGS = new Set(['x-uuencode', 'uuencode', 'x-uue', 'uue']);

export function isUuencodeEncoding(encoding: string): boolean {
  return UUENCODE_ENCODINGS.has(encoding);
}

/** The first uuencoded file in a part's body (declared `x-uuencode`), or null when it holds none. */
export function decodeUuencodedPart(body: Uint8Array): UuencodedFile | null {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!BEGIN.test((lines[i] as string).replace(/\r$/, ''))) continue;
    const block = readBlock(lines, i);
    if (block !== null) return { name: block.name, content: block.content };
  }
  return null;
}
