import type { RawRecord } from '../../../src/model/raw-record.js';

/** All records of a reader, in order. */
export async function collect(records: AsyncIterable<RawRecord>): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

/** A chunk stream over `bytes` in pieces of `size` (to test that chunk boundaries change nothing). */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** "message <member> <offset>+<length>" or "unreadable <member> <offset>+<length>": a compact shape to compare. */
export function shape(r: RawRecord): string {
  return `${r.type} ${r.location.member ?? '-'} ${r.location.offset}+${r.location.length}`;
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
