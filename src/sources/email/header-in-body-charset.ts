import { decodeCleanly, isHeaderCharsetHint, normaliseCharset } from './decode-charset.js';
import { decodeTransfer, metaCharset } from './decode-part.js';
import type { MimeNode } from './mime-tree.js';
import { headerValueIn, type HeaderField } from './parse-header-block.js';

/** Parts looked through for the charset of the first text part: the body's first parts, not its attachments. */
const MAX_PARTS_LOOKED_AT = 64;

/**
 * A message's own header fields with raw 8-bit text that is not UTF-8 (written by old mailers
 * without RFC 2047: a Korean subject in EUC-KR bytes, a Russian one in KOI8-R), read in the
 * charset the message declares for its text, as Thunderbird does, where they read cleanly so;
 * else as before: windows-1252 (flag `charset-fallback:windows-1252`), or UTF-8 with its damage
 * (`charset-damaged:utf-8`), which short Korean text can look like. Read in the body's
 * charset: flag `header-charset-from-body:LABEL`. Before 2026-11-28 innsyn read all of them as
 * windows-1252: `before` holds the fields as then (null when none changed), for the item's id.
 */
export function headerInBodyCharset(
  root: MimeNode,
  flags: Set<string>,
): { fields: HeaderField[]; before: HeaderField[] | null } {
  if (!root.fields.some((f) => f.raw8 !== undefined)) return { fields: root.fields, before: null };
  const label = bodyCharset(root);
  const hint = label !== null && isHeaderCharsetHint(label) ? label : null;
  let changed = false;
  const fields = root.fields.map((f) => {
    if (f.raw8 === undefined) return f;
    const decoded = hint === null ? null : decodeCleanly(f.raw8.bytes, hint);
    if (decoded === null) {
      for (const x of f.raw8.flags) flags.add(x);
      return f;
    }
    const value = headerValueIn(f.raw8, decoded);
    if (value === f.value) {
      for (const x of f.raw8.flags) flags.add(x);
      return f;
    }
    changed = true;
    flags.add(`header-charset-from-body:${normaliseCharset(hint).slice(0, 40)}`);
    return { ...f, value };
  });
  return changed ? { fields, before: root.fields } : { fields: root.fields, before: null };
}

/** The charset the message declares for its text: its own, or its first text part's (an HTML part's <meta>); null when none. */
function bodyCharset(root: MimeNode): string | null {
  const own = root.params.get('charset');
  if (own !== undefined && root.type === 'text') return own;
  const stack: MimeNode[] = [root];
  let looked = 0;
  while (stack.length > 0 && looked++ < MAX_PARTS_LOOKED_AT) {
    const n = stack.pop() as MimeNode;
    if (n.children !== null) {
      for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k] as MimeNode);
      continue;
    }
    if (n.type === 'text' && n.disposition !== 'attachment') {
      const charset = n.params.get('charset');
      if (charset !== undefined) return charset;
      // HTML without one in its header, as the body is read: the charset its <meta> names.
      if (n.subtype === 'html') {
        const meta = metaCharset(decodeTransfer(n, new Set()));
        if (meta !== null) return meta;
      }
    }
  }
  return null;
}
