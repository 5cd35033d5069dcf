/**
 * The MIME encodings the corpus uses, written out by hand so that the corpus does not depend on
 * a mail library (and so that the benchmark's reader under test cannot share a bug with its
 * writer). RFC 2045 (quoted-printable, base64), RFC 2047 (encoded words), RFC 5322 (dates,
 * folding).
 */

export type Charset = 'utf-8' | 'iso-8859-1';

/** The bytes of `text` in `charset`; ISO-8859-1 only for text whose code points are ≤ 0xFF. */
export function charsetBytes(text: string, charset: Charset): Buffer {
  return Buffer.from(text, charset === 'utf-8' ? 'utf8' : 'latin1');
}

export function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

export function isLatin1(s: string): boolean {
  return /^[\x00-\xff]*$/.test(s);
}

// RFC 2045 §6.7: quoted-printable lines are at most 76 characters, soft breaks included.
const QP_MAX_LINE = 76;
const HEX = '0123456789ABCDEF';
const QP_TABLE: string[] = Array.from({ length: 256 }, (_, b) =>
  (b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9
    ? String.fromCharCode(b)
    : `=${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`,
);

/**
 * Quoted-printable (RFC 2045 §6.7) of `bytes`, whose LF bytes are line breaks. Trailing blanks
 * are escaped (rule 3: transports strip them) and so is an "F" that starts "From " (an mbox
 * writer would otherwise quote the line and change the body: the "=46rom" trick of RFC 2049 §3).
 */
export function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  let line = '';
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 10) {
      out.push(line, '\n');
      line = '';
      continue;
    }
    let t = QP_TABLE[b] ?? '';
    const atEol = i + 1 === n || bytes[i + 1] === 10;
    if ((b === 32 || b === 9) && atEol) t = b === 32 ? '=20' : '=09';
    if (b === 70 && line.length === 0 && bytes.subarray(i, i + 5).toString('latin1') === 'From ') t = '=46';
    // Keep room for the soft-break "=" unless this is the last character of the line.
    const limit = atEol ? QP_MAX_LINE : QP_MAX_LINE - 1;
    if (line.length + t.length > limit) {
      out.push(line, '=\n');
      line = '';
    }
    line += t;
  }
  out.push(line);
  return out.join('');
}

// RFC 2045 §6.8: base64 lines are at most 76 characters.
const B64_LINE = 76;

/** base64 of `bytes` in 76-character lines, ending with a line break. */
export function base64Lines(bytes: Buffer): string {
  const s = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += B64_LINE) lines.push(s.slice(i, i + B64_LINE));
  return lines.join('\n') + '\n';
}

// RFC 2047 §2: an encoded word is at most 75 characters.
const ENCODED_WORD_MAX = 75;
/** Characters that may stand for themselves in a Q-encoded word anywhere (RFC 2047 §5 (3)). */
const Q_SAFE = /[A-Za-z0-9!*+/-]/;

/**
 * `text` as one or more RFC 2047 encoded words, split between characters (never inside a
 * multi-byte sequence: §5 says each word must be decodable on its own).
 */
export function encodedWords(text: string, charset: Charset, encoding: 'B' | 'Q'): string[] {
  const head = `=?${charset}?${encoding}?`;
  const room = ENCODED_WORD_MAX - head.length - 2;
  const words: string[] = [];
  let chunk = '';
  let chunkLen = 0;
  let bytes = 0;
  const flush = (): void => {
    if (chunk === '' && bytes === 0) return;
    words.push(`${head}${encoding === 'B' ? Buffer.from(chunk, 'binary').toString('base64') : chunk}?=`);
    chunk = '';
    chunkLen = 0;
    bytes = 0;
  };
  for (const ch of text) {
    const cb = charsetBytes(ch, charset);
    if (encoding === 'B') {
      // 3 bytes become 4 characters.
      if (Math.ceil((bytes + cb.length) / 3) * 4 > room) flush();
      chunk += cb.toString('binary');
      bytes += cb.length;
    } else {
      let t = '';
      if (ch === ' ') t = '_';
      else if (Q_SAFE.test(ch)) t = ch;
      else for (const b of cb) t += `=${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`;
      if (chunkLen + t.length > room) flush();
      chunk += t;
      chunkLen += t.length;
      bytes += cb.length;
    }
  }
  flush();
  return words;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * An RFC 5322 §3.3 date-time for the UTC instant `ms` as seen in a zone `offsetMinutes` east of
 * UTC ("Tue, 05 Jan 2021 14:03:22 +0100"). Computed with UTC getters on a shifted instant, so
 * the machine's own time zone never leaks into the corpus.
 */
export function rfc5322Date(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[d.getUTCDay()] ?? 'Mon'}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? 'Jan'} ` +
    `${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters.
const HEADER_FOLD_AT = 78;

/** `Name: value`, folded at whitespace before 78 characters where the value allows it. */
export function foldHeader(name: string, value: string): string {
  const parts = value.split(' ');
  let out = `${name}:`;
  let lineLen = out.length;
  for (const p of parts) {
    if (lineLen + 1 + p.length > HEADER_FOLD_AT && lineLen > name.length + 1) {
      out += `\n ${p}`;
      lineLen = 1 + p.length;
    } else {
      out += ` ${p}`;
      lineLen += 1 + p.length;
    }
  }
  return out + '\n';
}
