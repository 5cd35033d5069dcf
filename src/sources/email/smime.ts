/**
 * S/MIME parts (RFC 8551) whose body is CMS (RFC 5652): `application/pkcs7-mime` (or the older
 * `x-pkcs7-mime`), usually named `smime.p7m`.
 *
 * - **Opaque-signed** (`smime-type=signed-data`, Outlook's "send clear text signed message" left
 *   off): the message itself is inside the signature structure, in plain bytes. Mail clients
 *   show it; without opening it, innsyn would show an empty mail with one attachment. The CMS
 *   SignedData's encapsulated content is read here so the message can be opened (parse-email.ts).
 *   The signature is not checked: a reporter needs the text; the structure stays listed as an
 *   attachment, certificates and all, for anyone who wants to verify it.
 * - **Encrypted** (`enveloped-data`, `authEnveloped-data`): nothing can be read without the
 *   recipient's key; `cmsKind` tells so, and parse-email flags the mail.
 *
 * The reader is a BER reader (definite and indefinite lengths, constructed OCTET STRINGs, as
 * OpenSSL's streaming signer and Outlook write them) over attacker-chosen bytes: every length is
 * checked against its enclosing element, nesting stops at MAX_DEPTH, and it never throws.
 */

export type CmsKind = 'signed-data' | 'enveloped-data' | 'auth-enveloped-data' | 'other';

/**
 * An S/MIME CMS part: its media type, or (as some gateways send it) `application/octet-stream`
 * with a name ending in `.p7m`.
 */
export function isPkcs7Mime(type: string, subtype: string, filename: string | null): boolean {
  if (type !== 'application') return false;
  if (subtype === 'pkcs7-mime' || subtype === 'x-pkcs7-mime') return true;
  return subtype === 'octet-stream' && filename !== null && /\.p7m$/i.test(filename.trim());
}

const MAX_DEPTH = 32;

const OID = {
  data: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
  signedData: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02],
  envelopedData: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03],
  authEnvelopedData: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17],
} as const;

interface Tlv {
  /** The identifier's class and number as one value: 0x30 SEQUENCE, 0xa0 [0], 0x04 OCTET STRING … (constructed bit cleared). */
  tag: number;
  constructed: boolean;
  /** Content range; for an indefinite length, up to (not including) its end-of-contents. */
  start: number;
  end: number;
  /** Offset after the element (after its end-of-contents for an indefinite length). */
  next: number;
}

/** The element at `p`, within `[p, limit)`; null when it is malformed or runs past `limit`. */
function readTlv(b: Uint8Array, p: number, limit: number, depth: number): Tlv | null {
  if (depth > MAX_DEPTH || p + 2 > limit) return null;
  const id = b[p] as number;
  if ((id & 0x1f) === 0x1f) return null; // high tag numbers: none in the structures read here
  const tag = id & ~0x20;
  const constructed = (id & 0x20) !== 0;
  let q = p + 1;
  const first = b[q++] as number;
  if (first === 0x80) {
    if (!constructed) return null;
    // Indefinite: children until 00 00.
    let c = q;
    for (;;) {
      if (c + 2 > limit) return null;
      if (b[c] === 0 && b[c + 1] === 0) return { tag, constructed, start: q, end: c, next: c + 2 };
      const child = readTlv(b, c, limit, depth + 1);
      if (child === null) return null;
      c = child.next;
    }
  }
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || q + n > limit) return null;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + (b[q++] as number);
  }
  if (q + len > limit) return null;
  return { tag, constructed, start: q, end: q + len, next: q + len };
}

/** The children of a constructed element. */
function children(b: Uint8Array, t: Tlv, depth: number): Tlv[] | null {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end;) {
    const c = readTlv(b, p, t.end, depth + 1);
    if (c === null) return null;
    out.push(c);
    p = c.next;
  }
  return out;
}

function isOid(b: Uint8Array, t: Tlv | undefined, oid: readonly number[]): boolean {
  if (t === undefined || t.tag !== 0x06 || t.end - t.start !== oid.length) return false;
  for (let k = 0; k < oid.length; k++) if (b[t.start + k] !== oid[k]) return false;
  return true;
}

/** An OCTET STRING's bytes, joining the pieces of a constructed one. */
function octets(b: Uint8Array, t: Tlv, depth: number): Uint8Array | null {
  if (t.tag !== 0x04) return null;
  if (!t.constructed) return b.subarray(t.start, t.end);
  const stack: Array<{ t: Tlv; depth: number }> = [{ t, depth }];
  // Pieces in order: a constructed piece's own pieces replace it where it stood.
  const ordered: Uint8Array[] = [];
  while (stack.length > 0) {
    const top = stack.pop() as { t: Tlv; depth: number };
    if (top.t.tag !== 0x04 || top.depth > MAX_DEPTH) return null;
    if (!top.t.constructed) {
      ordered.push(b.subarray(top.t.start, top.t.end));
      continue;
    }
    const kids = children(b, top.t, top.depth);
    if (kids === null) return null;
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ t: kids[k] as Tlv, depth: top.depth + 1 });
  }
  return Buffer.concat(ordered);
}

/** What a CMS structure is; 'other' for anything else (or nothing readable). */
export function cmsKind(der: Uint8Array): CmsKind {
  const outer = readTlv(der, 0, der.length, 0);
  if (outer === null || outer.tag !== 0x10 || !outer.constructed) return 'other';
  const parts = children(der, outer, 0);
  if (parts === null) return 'other';
  if (isOid(der, parts[0], OID.signedData)) return 'signed-data';
  if (isOid(der, parts[0], OID.envelopedData)) return 'enveloped-data';
  if (isOid(der, parts[0], OID.authEnvelopedData)) return 'auth-enveloped-data';
  return 'other';
}

/**
 * The content a CMS SignedData carries (`ContentInfo { signedData, [0] SignedData {
 * version, digestAlgorithms, encapContentInfo { data, [0] OCTET STRING } … } }`), or null when
 * the bytes are not one, hold none (a detached signature), or are malformed.
 */
export function signedContent(der: Uint8Array): Uint8Array | null {
  const outer = readTlv(der, 0, der.length, 0);
  if (outer === null || outer.tag !== 0x10) return null;
  const info = children(der, outer, 0);
  if (info === null || !isOid(der, info[0], OID.signedData)) return null;
  const explicit = info[1];
  if (explicit === undefined || explicit.tag !== 0x80 || !explicit.constructed) return null;
  const signed = children(der, explicit, 1)?.[0];
  if (signed === undefined || signed.tag !== 0x10) return null;
  const fields = children(der, signed, 2);
  // version INTEGER, digestAlgorithms SET, encapContentInfo SEQUENCE, …
  const encap = fields?.[2];
  if (fields === null || encap === undefined || encap.tag !== 0x10) return null;
  const content = children(der, encap, 3);
  if (content === null || !isOid(der, content[0], OID.data)) return null;
  const wrapped = content[1];
  if (wrapped === undefined || wrapped.tag !== 0x80 || !wrapped.constructed) return null;
  const string = children(der, wrapped, 4)?.[0];
  return string === undefined ? null : octets(der, string, 5);
}
