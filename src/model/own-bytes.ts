/**
 * Bytes in an ArrayBuffer of their own. A record cut from a file read whole must not be a view
 * of it (Buffer#slice, subarray): a view keeps the whole file alive as long as the record lives,
 * and posting it to a worker thread copies the whole file, not the record (structured clone
 * copies a view's entire buffer): a post list of 100,000 rows took 61 s instead of 16.
 */

/**
 * A copy of `b[start, end)` with its own ArrayBuffer of exactly that size, of the kind given (a
 * Buffer from a Buffer, by allocUnsafeSlow: never a slice of Node's shared pool of small ones).
 */
export function ownBytes<T extends Uint8Array>(b: T, start = 0, end = b.length): T {
  const from = b.subarray(start, end);
  if (!Buffer.isBuffer(b)) return new Uint8Array(from) as T;
  const out = Buffer.allocUnsafeSlow(from.length);
  out.set(from);
  return out as unknown as T;
}

/** `b` itself when it is its buffer's only content, else a copy that is (for a postMessage). */
export function compactBytes(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : ownBytes(b);
}
