import { ownBytes } from '../../model/own-bytes.js';

const GT = 0x3e;
const NL = 0x0a;
const ESCAPED_FROM = Buffer.from('>From ');

/**
 * Undoes mboxrd quoting (RFC 4155 appendix, "mboxrd"): a line of one or more '>' followed by
 * "From " loses one '>'. mboxrd was chosen over mboxo (where only ">From " is unquoted) because
 * it is reversible and is what modern writers produce; on an mboxo file it turns a body line
 * ">>From " into ">From ", a loss of one character of quoting that mboxo had already made
 * ambiguous. Always returns a new buffer (`bytes` may be a view into a reused window), copied
 * once whether or not anything was quoted. `nl`: the byte that ends a line (a lone CR in a
 * classic Mac OS mbox).
 */
export function unescapeMboxrd(bytes: Buffer, nl: number = NL): Uint8Array {
  let hit = bytes.indexOf(ESCAPED_FROM);
  if (hit < 0) return ownBytes(bytes);
  const cut: number[] = [];
  while (hit >= 0) {
    // `hit` is the last '>' of its run; walk back over the run to see whether it starts a line.
    let start = hit;
    while (start > 0 && bytes[start - 1] === GT) start--;
    if (start === 0 || bytes[start - 1] === nl) cut.push(hit);
    hit = bytes.indexOf(ESCAPED_FROM, hit + ESCAPED_FROM.length);
  }
  if (cut.length === 0) return ownBytes(bytes);
  const out = Buffer.allocUnsafe(bytes.length - cut.length);
  let from = 0;
  let to = 0;
  for (const c of cut) {
    to += bytes.copy(out, to, from, c);
    from = c + 1;
  }
  bytes.copy(out, to, from);
  return out;
}
