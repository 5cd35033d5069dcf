import type { EmailLimits } from './email-limits.js';
import type { HeaderField } from './parse-header-block.js';
import { parseHeaderBlock } from './parse-header-block.js';
import { parseContentType } from './parse-content-type.js';
import { decodeTransfer, isIdentityEncoding } from './decode-part.js';

/**
 * The MIME structure of a message (RFC 2045, RFC 2046), built in one forward pass over the
 * bytes with an explicit stack of open multiparts: no recursion, nesting costs heap and stops
 * at `maxDepth`, and nothing is decoded until asked for. An attached message that is
 * transfer-encoded (base64 message/rfc822) is decoded and read in a later pass of the same loop.
 *
 * Boundary lines, as RFC 2046 §5.1.1 says and Dovecot and Stalwart do:
 * - a delimiter is a line that *starts* with `--boundary` ("an exact match of the entire
 *   candidate line is not required"); `--` right after it makes it the close delimiter;
 * - open multiparts are tried innermost first, so a nested boundary that extends an outer one
 *   (`a`, then `a--`) still belongs to the nested part;
 * - a line that matches an outer multipart closes every multipart nested in it, whose close
 *   delimiter was lost (flag `missing-closing-boundary`);
 * - the line break before a delimiter belongs to the delimiter; preamble and epilogue are ignored;
 * - a body that ends without its close delimiter keeps its last part (flag
 *   `missing-closing-boundary`), and a close delimiter glued to the last line of content
 *   (`...data--b--` at the very end) is recognised (flag `boundary-not-at-line-start`);
 * - parts with no header and a blank body are dropped (flag `empty-part`);
 * - a multipart with no boundary parameter, or whose boundary never occurs, is kept whole as
 *   one leaf (flag `missing-boundary`), like Stalwart does.
 */
export interface MimeNode {
  /** The bytes this part's range refers to. */
  buf: Buffer;
  fields: HeaderField[];
  /** Lower-cased media type; `text/plain` when missing or unusable (RFC 2045 §5.2). */
  type: string;
  subtype: string;
  params: Map<string, string>;
  /** Lower-cased disposition type, or null when the part has none. */
  disposition: string | null;
  dispositionParams: Map<string, string>;
  /** Lower-cased Content-Transfer-Encoding, '' when none. */
  encoding: string;
  bodyStart: number;
  bodyEnd: number;
  depth: number;
  /** Sub-parts of an opened multipart; null for leaves and for multiparts left shut. */
  children: MimeNode[] | null;
  /** The root of an opened message/rfc822 part. */
  message: MimeNode | null;
}

/** Media types whose body is a whole message to open (RFC 2046 §5.2.1, RFC 6532 §3.7, RFC 1036). */
const MESSAGE_TYPES = new Set(['rfc822', 'global', 'news']);

const NL_DASH_DASH = Buffer.from('\n--', 'latin1');

/** One open multipart: its node, `--boundary` as bytes, and the part being read with the nodes that end with it. */
interface Level {
  node: MimeNode;
  delim: Buffer;
  current: MimeNode[] | null;
  /** A delimiter of this multipart was seen. */
  seen: boolean;
}

interface Stream {
  buf: Buffer;
  root: MimeNode;
}

/** Builds the tree of the message in `buf`; limits and repairs are added to `flags`. */
export function buildMimeTree(buf: Buffer, limits: EmailLimits, flags: Set<string>): MimeNode {
  const ctx = { limits, flags, parts: 1 };
  const lines = withLfLineEnds(buf, flags);
  const root = makeNode(lines, 0, lines.length, 0, false, ctx, undefined);
  const streams: Stream[] = [{ buf: lines, root }];
  /** Streams whose line ends were read as LF, with their bytes as written. */
  const relined: Array<{ root: MimeNode; lines: Buffer; written: Buffer }> = [];
  if (lines !== buf) relined.push({ root, lines, written: buf });
  while (streams.length > 0) {
    const s = streams.pop() as Stream;
    for (const deferred of readStream(s.buf, s.root, ctx)) {
      if (ctx.parts >= limits.maxParts) {
        flags.add('limit:parts');
        break;
      }
      const bytes = decodeTransfer(deferred, flags);
      const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const inner = withLfLineEnds(decoded, flags);
      deferred.message = makeNode(inner, 0, inner.length, deferred.depth + 1, false, ctx, undefined);
      ctx.parts++;
      streams.push({ buf: inner, root: deferred.message });
      if (inner !== decoded) relined.push({ root: deferred.message, lines: inner, written: decoded });
    }
  }
  for (const r of relined) keepBytesAsWritten(r.root, r.lines, r.written);
  return root;
}

/**
 * Mail written with classic Mac OS line ends, a lone CR (Mac OS 9 and earlier, Eudora and
 * Claris Emailer for the Mac, and files converted by tools that kept them): RFC 5322 knows only
 * CRLF, and a reader that splits lines at LF sees one endless first line, so such a message had
 * no subject, sender, date or text, and every one of them looked the same. Python's email
 * package and mailparser split at a lone CR too.
 *
 * A message is read so when its first line ends in a lone CR and what follows is the next line
 * of a header block (a field, a folded line or the empty line): a CRLF or LF message whose
 * first line holds a stray CR inside it is left alone, and so are stray CRs in its body
 * (quoted-printable, binary parts). Then every lone CR of `buf` is read as LF, in a copy of the
 * same length, so every offset stays the offset of the raw bytes (flag `line-ends-cr`);
 * keepBytesAsWritten gives every part but the text ones back its bytes as written. Mixed line ends
 * (mailparser's "Different line endings": CR, LF and CRLF in one message) read as one break each.
 */
function withLfLineEnds(buf: Buffer, flags: Set<string>): Buffer {
  const cr = buf.indexOf(13);
  if (cr < 0 || cr + 1 >= buf.length || buf[cr + 1] === 10) return buf;
  const lf = buf.indexOf(10);
  if ((lf >= 0 && lf < cr) || !startsHeaderLine(buf, cr + 1)) return buf;
  const out = Buffer.from(buf);
  for (let i = out.indexOf(13, cr); i >= 0; i = out.indexOf(13, i + 1)) {
    if (out[i + 1] !== 10) out[i] = 10;
  }
  flags.add('line-ends-cr');
  return out;
}

/** Whether the line at `i` can follow a header line: a field (`name:`), a fold, or a line end. */
function startsHeaderLine(buf: Buffer, i: number): boolean {
  const c = buf[i] as number;
  if (c === 13 || c === 10 || c === 0x20 || c === 0x09) return true;
  for (let j = i; j < buf.length && j - i <= MAX_FIELD_NAME; j++) {
    const b = buf[j] as number;
    if (b === 0x3a) return j > i;
    if (b <= 0x20 || b >= 0x7f) return false;
  }
  return false;
}

/** How long a field name may be for a line to count as a field when line ends are guessed. */
const MAX_FIELD_NAME = 76;

/**
 * After reading a message whose line ends were read as LF (withLfLineEnds): every part but the
 * text/plain and text/html ones not marked as attachments takes back the bytes as written (same
 * offsets), so an attachment (a binary 8bit part, a text file, an attached message) keeps its
 * bytes and hash. Text parts keep LF: their lines (uuencoded files in them too) are what is
 * read. Walks the nodes that share `lines`, with an explicit stack.
 */
function keepBytesAsWritten(root: MimeNode, lines: Buffer, written: Buffer): void {
  const stack: MimeNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as MimeNode;
    if (n.buf !== lines) continue;
    if (n.children !== null) for (const c of n.children) stack.push(c);
    if (n.message !== null) stack.push(n.message);
    const text = n.type === 'text' && (n.subtype === 'plain' || n.subtype === 'html');
    if (n.children === null && !(text && n.disposition !== 'attachment')) n.buf = written;
  }
}

interface Ctx {
  limits: EmailLimits;
  flags: Set<string>;
  parts: number;
}

/**
 * Reads the multiparts of one buffer whose root node is already made; returns the
 * transfer-encoded attached messages found, to be read as streams of their own.
 */
function readStream(buf: Buffer, root: MimeNode, ctx: Ctx): MimeNode[] {
  const end = buf.length;
  const open: Level[] = [];
  const deferred: MimeNode[] = [];
  const { flags, limits } = ctx;

  /** Which open level (innermost first) the line at `l` is a delimiter of; -1 if none. */
  const matchLevel = (l: number): number => {
    for (let k = open.length - 1; k >= 0; k--) {
      const d = (open[k] as Level).delim;
      const dl = d.length;
      // Cheap byte checks first: most candidate lines ("-- " signatures, "-----" rules) fail here.
      if (l + dl > end || buf[l + dl - 1] !== d[dl - 1] || buf[l + 2] !== d[2]) continue;
      if (buf.compare(d, 0, dl, l, l + dl) === 0) return k;
    }
    return -1;
  };
  const isDelimiter = (l: number): boolean => matchLevel(l) >= 0;

  /** Opens `node` if it is a multipart or an attached message; returns the nodes that end with it. */
  const enter = (node: MimeNode): MimeNode[] => {
    const chain = [node];
    let n: MimeNode | null = node;
    while (n !== null) {
      const cur: MimeNode = n;
      n = null;
      const isMultipart = cur.type === 'multipart';
      const isMessage = cur.type === 'message' && MESSAGE_TYPES.has(cur.subtype);
      if (!isMultipart && !isMessage) break;
      if (cur.depth >= limits.maxDepth) {
        flags.add('limit:depth');
        break;
      }
      if (isMultipart) {
        const boundary = cur.params.get('boundary');
        if (!boundary) {
          flags.add('missing-boundary');
          break;
        }
        cur.children = [];
        open.push({ node: cur, delim: Buffer.from(`--${boundary}`, 'utf8'), current: null, seen: false });
      } else if (!isIdentityEncoding(cur.encoding)) {
        deferred.push(cur);
      } else if (ctx.parts >= limits.maxParts) {
        flags.add('limit:parts');
      } else {
        cur.message = makeNode(
          buf,
          cur.bodyStart,
          end,
          cur.depth + 1,
          false,
          ctx,
          open.length > 0 ? isDelimiter : undefined,
        );
        ctx.parts++;
        chain.push(cur.message);
        n = cur.message;
      }
    }
    return chain;
  };

  /** Ends the current part of `level` at the line break before `l`. */
  const endPart = (level: Level, l: number): void => {
    if (level.current === null) return;
    const first = level.current[0] as MimeNode;
    let e = l;
    if (e > first.bodyStart && buf[e - 1] === 10) e--;
    if (e > first.bodyStart && buf[e - 1] === 13) e--;
    for (const n of level.current) {
      if (n.bodyEnd > e) n.bodyEnd = e;
      if (n.bodyStart > e) n.bodyStart = e;
    }
    level.current = null;
  };

  /** Multiparts that were opened: their boundary was then looked for and found, or not. */
  const finishLevel = (level: Level, closed: boolean): void => {
    if (!level.seen) {
      // The boundary never occurred: keep the multipart as one leaf.
      level.node.children = null;
      flags.add('missing-boundary');
    } else if (!closed && !truncated) {
      flags.add('missing-closing-boundary');
    }
  };
  /** The part limit stopped the reading: open multiparts are cut, not broken. */
  let truncated = false;

  enter(root);
  let pos = root.bodyStart;
  while (open.length > 0 && pos < end) {
    // The next line starting with "--".
    let l: number;
    if ((pos === 0 || buf[pos - 1] === 10) && buf[pos] === 0x2d && buf[pos + 1] === 0x2d) l = pos;
    else {
      const k = buf.indexOf(NL_DASH_DASH, pos);
      if (k < 0) break;
      l = k + 1;
    }
    let nl = buf.indexOf(10, l);
    if (nl < 0) nl = end;
    const next = Math.min(nl + 1, end);
    const k = matchLevel(l);
    if (k < 0) {
      pos = next;
      continue;
    }
    while (open.length - 1 > k) {
      const inner = open.pop() as Level;
      endPart(inner, l);
      finishLevel(inner, false);
    }
    const level = open[k] as Level;
    level.seen = true;
    endPart(level, l);
    const d = level.delim.length;
    if (buf[l + d] === 0x2d && buf[l + d + 1] === 0x2d) {
      open.pop();
      finishLevel(level, true);
      pos = next;
      continue;
    }
    if (ctx.parts >= limits.maxParts) {
      flags.add('limit:parts');
      truncated = true;
      break;
    }
    const part = makeNode(
      buf,
      next,
      end,
      level.node.depth + 1,
      level.node.subtype === 'digest',
      ctx,
      isDelimiter,
    );
    ctx.parts++;
    (level.node.children as MimeNode[]).push(part);
    level.current = enter(part);
    pos = part.bodyStart;
  }
  // End of the bytes with multiparts still open: their close delimiters are missing, or glued on.
  for (let k = open.length - 1; k >= 0; k--) {
    const level = open[k] as Level;
    let closed = false;
    if (k === open.length - 1 && level.current !== null && !truncated) {
      const glued = gluedClose(buf, (level.current[0] as MimeNode).bodyStart, end, level.delim);
      if (glued >= 0) {
        flags.add('boundary-not-at-line-start');
        endPart(level, glued);
        closed = true;
      }
    }
    finishLevel(level, closed);
  }
  dropEmptyParts(root, flags);
  return deferred;
}

/** Where a close delimiter stuck to the end of the last line starts (`data--b--\n` at the end), or -1. */
function gluedClose(buf: Buffer, from: number, end: number, delim: Buffer): number {
  let e = end;
  while (e > from && (buf[e - 1] === 10 || buf[e - 1] === 13 || buf[e - 1] === 0x20 || buf[e - 1] === 0x09))
    e--;
  const s = e - delim.length - 2;
  if (s < from || buf[e - 1] !== 0x2d || buf[e - 2] !== 0x2d) return -1;
  return buf.compare(delim, 0, delim.length, s, s + delim.length) === 0 ? s : -1;
}

/**
 * Removes parts with no header and a blank body (two delimiters in a row, a stray delimiter
 * before the close): they hold nothing, and in a multipart/alternative an empty "plain text"
 * alternative would hide the real HTML one.
 */
function dropEmptyParts(root: MimeNode, flags: Set<string>): void {
  const stack: MimeNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as MimeNode;
    if (n.message) stack.push(n.message);
    if (!n.children) continue;
    const kept = n.children.filter((c) => c.fields.length > 0 || !isBlank(c.buf, c.bodyStart, c.bodyEnd));
    if (kept.length !== n.children.length) flags.add('empty-part');
    n.children = kept;
    for (const c of n.children) stack.push(c);
  }
}

function isBlank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return false;
  }
  return true;
}

function makeNode(
  buf: Buffer,
  start: number,
  end: number,
  depth: number,
  inDigest: boolean,
  ctx: Ctx,
  isDelimiter: ((l: number) => boolean) | undefined,
): MimeNode {
  // The message's own header reads raw 8-bit text again in its body's charset (parse-email.ts).
  const block = parseHeaderBlock(buf, start, end, ctx.limits, ctx.flags, isDelimiter, depth > 0, depth === 0);
  let ctValue: string | undefined;
  let cdValue: string | undefined;
  let cteValue: string | undefined;
  for (const f of block.fields) {
    if (f.key === 'content-type') {
      // RFC 2045 allows one Content-Type; with several, clients disagree (a classic filter
      // evasion). The last one wins, as in Stalwart, so a part hidden behind a first
      // multipart header is shown as its raw text rather than interpreted away; flagged.
      if (ctValue !== undefined) ctx.flags.add('header-duplicate:content-type');
      ctValue = f.value;
    } else if (f.key === 'content-disposition') cdValue ??= f.value;
    else if (f.key === 'content-transfer-encoding') cteValue ??= f.value;
  }
  // RFC 2046 §5.1.5: in multipart/digest a part without Content-Type is a message.
  let type = inDigest ? 'message' : 'text';
  let subtype = inDigest ? 'rfc822' : 'plain';
  let params = new Map<string, string>();
  if (ctValue !== undefined) {
    const ct = parseContentType(ctValue, ctx.flags);
    params = ct.params;
    if (ct.type !== '' && ct.subtype !== null && isToken(ct.type) && isToken(ct.subtype)) {
      type = ct.type;
      subtype = ct.subtype;
    } else {
      ctx.flags.add('content-type-invalid');
    }
  }
  let disposition: string | null = null;
  let dispositionParams = new Map<string, string>();
  if (cdValue !== undefined) {
    const cd = parseContentType(cdValue, ctx.flags);
    disposition = cd.type === '' ? null : cd.type;
    dispositionParams = cd.params;
  }
  return {
    buf,
    fields: block.fields,
    type,
    subtype,
    params,
    disposition,
    dispositionParams,
    encoding: cteValue === undefined ? '' : cteValue.replace(/\(.*$/, '').trim().toLowerCase(),
    bodyStart: block.bodyStart,
    bodyEnd: end,
    depth,
    children: null,
    message: null,
  };
}

function isToken(s: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(s);
}
