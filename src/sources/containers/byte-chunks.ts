import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Read size for files: 64 KiB at a time, as public-inbox does for mboxes. Big enough that
 * per-chunk overhead vanishes, small enough that memory stays flat whatever the file size.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

/** The bytes of a file as a stream of chunks; never the whole file in memory. */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/** The first `max` bytes of a file (fewer if it is shorter). */
export async function readFileHead(path: string, max: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    let got = 0;
    while (got < max) {
      const { bytesRead } = await fh.read(buf, got, max - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/**
 * A chunk stream whose first bytes can be looked at before deciding who reads it (format
 * sniffing), then replayed in full to that reader. Only the peeked chunks are held.
 */
export class PeekableChunks implements AsyncIterable<Uint8Array> {
  private readonly source: AsyncIterator<Uint8Array>;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private ended = false;
  private failure: { error: unknown } | null = null;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  /** Up to `n` first bytes (fewer only when the stream is shorter). */
  async peek(n: number): Promise<Uint8Array> {
    while (this.heldBytes < n && !this.ended) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await this.source.next();
      } catch (e) {
        // A stream that breaks after some bytes (a truncated .tar.gz) is still worth reading
        // up to the break: the error is thrown again when the reader gets there.
        if (this.heldBytes === 0) throw e;
        this.ended = true;
        this.failure = { error: e };
        break;
      }
      if (r.done === true) this.ended = true;
      else if (r.value.length > 0) {
        this.held.push(r.value);
        this.heldBytes += r.value.length;
      }
    }
    if (this.held.length === 0) return new Uint8Array(0);
    if (this.held.length > 1) this.held = [Buffer.concat(this.held)];
    return this.held[0]!.subarray(0, n);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      const held = this.held;
      this.held = [];
      for (const c of held) yield c;
      if (this.failure !== null) throw this.failure.error;
      if (this.ended) return;
      for (;;) {
        const r = await this.source.next();
        if (r.done === true) break;
        yield r.value;
      }
      this.ended = true;
    } finally {
      // A reader that stops early (an error, a consumer's break) releases the source.
      if (!this.ended) await this.source.return?.();
    }
  }
}

/**
 * Reads a stream to its end, keeping the first `keep` bytes: for inputs kept as evidence
 * (only a bounded prefix) and for messages (with keep = the message limit, telling the caller
 * whether it was exceeded). `total` counts every byte seen.
 */
export async function drainBounded(
  chunks: AsyncIterable<Uint8Array>,
  keep: number,
): Promise<{ bytes: Uint8Array; total: number }> {
  const parts: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (kept < keep) {
      const part = c.length <= keep - kept ? c : c.subarray(0, keep - kept);
      // Copy: the producer may reuse its buffer.
      parts.push(new Uint8Array(part));
      kept += part.length;
    }
  }
  return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts), total };
}

/** Passes chunks through, calling `onChunk` with each one's size first (it may throw to stop). */
export async function* metered(
  chunks: AsyncIterable<Uint8Array>,
  onChunk: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    onChunk(c.length);
    yield c;
  }
}

/** Passes chunks through, remembering the first `max` bytes seen (evidence for a member that later fails). */
export class HeadRecorder {
  private parts: Uint8Array[] = [];
  private kept = 0;
  seen = 0;

  constructor(private readonly max: number) {}

  async *wrap(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of chunks) {
      this.seen += c.length;
      if (this.kept < this.max) {
        const part = c.subarray(0, this.max - this.kept);
        this.parts.push(new Uint8Array(part));
        this.kept += part.length;
      }
      yield c;
    }
  }

  get head(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}
