/**
 * How damaged invalid UTF-8 is: counts well-formed multi-byte sequences and the bytes that fit
 * no sequence. Text that has many of the first and few of the second is UTF-8 with a few bad
 * bytes (a truncated character, a stray byte from a broken relay); text with none of the first
 * is a single-byte charset mislabelled (or unlabelled) as UTF-8.
 */
export interface Utf8Damage {
  validMultiByte: number;
  invalidBytes: number;
}

export function measureUtf8(bytes: Uint8Array): Utf8Damage {
  let validMultiByte = 0;
  let invalidBytes = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      min = 0x10000;
    }
    let cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
      validMultiByte++;
      i += len;
    } else {
      invalidBytes++;
      i++;
    }
  }
  return { validMultiByte, invalidBytes };
}

/** UTF-8 with at least as many good multi-byte characters as bad bytes is damaged UTF-8, not another charset. */
export function isDamagedUtf8(bytes: Uint8Array): boolean {
  const d = measureUtf8(bytes);
  return d.validMultiByte > 0 && d.invalidBytes <= d.validMultiByte;
}
