/**
 * A sliding window over a byte stream, addressed by absolute stream offsets: chunks are
 * appended at the end, and everything before `release(offset)` may be dropped. The mbox reader
 * keeps only the current message (plus a few bytes of context) in it, so memory follows the
 * largest message, never the file.
 */
export class ByteWindow {
  private buf: Buffer;
  private view: Buffer;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private used = 0;
  /** Absolute offset before which bytes may be dropped. */
  private keepFrom = 0;

  constructor(private readonly initialCapacity = 1024 * 1024) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
    this.view = this.buf.subarray(0, 0);
  }

  /** Absolute offset just past the last byte appended. */
  get end(): number {
    return this.base + this.used;
  }

  /** Absolute offset of the first byte still held. */
  get start(): number {
    return this.base;
  }

  append(chunk: Uint8Array): void {
    if (this.used + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    this.buf.set(chunk, this.used);
    this.used += chunk.length;
    this.view = this.buf.subarray(0, this.used);
  }

  /** Bytes before `offset` are no longer needed. */
  release(offset: number): void {
    if (offset > this.keepFrom) this.keepFrom = Math.min(offset, this.end);
  }

  /** Absolute offset of the next `needle` at or after `from`, or -1. */
  indexOf(needle: Uint8Array | number, from: number): number {
    const i = this.view.indexOf(needle, Math.max(0, from - this.base));
    return i < 0 ? -1 : i + this.base;
  }

  /** Absolute offset of the next `byte` in [from, limit), or -1. */
  indexOfBefore(byte: number, from: number, limit: number): number {
    const i = this.indexOf(byte, from);
    return i >= 0 && i < limit ? i : -1;
  }

  byteAt(offset: number): number {
    return offset >= this.base && offset < this.end ? this.buf[offset - this.base]! : -1;
  }

  /** A view (not a copy) of [from, to): valid only until the next append. */
  subview(from: number, to: number): Buffer {
    return this.view.subarray(from - this.base, to - this.base);
  }

  /** A copy of [from, to). */
  copy(from: number, to: number): Buffer {
    const out = Buffer.allocUnsafe(to - from);
    this.buf.copy(out, 0, from - this.base, to - this.base);
    return out;
  }

  private makeRoom(extra: number): void {
    const drop = this.keepFrom - this.base;
    const keep = this.used - drop;
    const need = keep + extra;
    let capacity = this.buf.length;
    while (capacity < need) capacity *= 2;
    // Shrink back after a huge message so one 200 MB message does not pin 200 MB forever.
    while (capacity > this.initialCapacity && capacity >= need * 4) capacity /= 2;
    if (capacity === this.buf.length) {
      this.buf.copyWithin(0, drop, this.used);
    } else {
      const next = Buffer.allocUnsafe(capacity);
      this.buf.copy(next, 0, drop, this.used);
      this.buf = next;
    }
    this.base += drop;
    this.used = keep;
  }
}
