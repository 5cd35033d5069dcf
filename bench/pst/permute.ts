import { PSTUtil } from 'pst-extractor/dist/PSTUtil.class.js';

/**
 * NDB_CRYPT_PERMUTE ([MS-PST] 5.1) substitutes every byte of a data block through a fixed
 * table. pst-extractor carries the decoding half of that table (`PSTUtil.compEnc`: stored
 * byte → plain byte); encoding is its inverse, built here once, so the writer and the reader
 * cannot disagree about the table.
 */
let encode: Uint8Array | null = null;

function table(): Uint8Array {
  if (encode !== null) return encode;
  const decode = (PSTUtil as unknown as { compEnc: ArrayLike<number> }).compEnc;
  const t = new Uint8Array(256);
  const seen = new Set<number>();
  for (let stored = 0; stored < 256; stored++) {
    const plain = decode[stored] as number;
    t[plain] = stored;
    seen.add(plain);
  }
  if (seen.size !== 256) throw new Error('pst writer: the permutation table is not a permutation');
  encode = t;
  return t;
}

/** Encodes `src` into `dst` (same length or longer). */
export function permute(src: Buffer, dst: Buffer): void {
  const t = table();
  for (let i = 0; i < src.length; i++) dst[i] = t[src[i] as number] as number;
}
