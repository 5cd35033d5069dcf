import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

/**
 * A temporary file that collects text while the export runs (items.csv, items.jsonl, the
 * manifest's lists) and is then streamed into the export: a zip holds one entry at a time, and
 * nothing of the size of the export is kept in memory. Writes wait for the disk (back-pressure).
 */
export class Spool {
  private readonly stream: WriteStream;
  private closed: Promise<void> | null = null;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { flags: 'wx' });
    this.stream.on('error', () => {}); // surfaced by the next write or close
  }

  static in(dir: string, name: string): Spool {
    return new Spool(path.join(dir, name));
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (this.stream.errored) throw this.stream.errored;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    await this.closed;
    if (this.stream.errored) throw this.stream.errored;
  }

  /** The bytes written, once closed. */
  chunks(): AsyncIterable<Uint8Array> {
    return createReadStream(this.file) as AsyncIterable<Uint8Array>;
  }
}

/**
 * A JSON array spooled one element a line (`    {…}`), so that the manifest reads and diffs
 * line by line; `lines` yields them joined by ",\n".
 */
export class JsonLinesSpool {
  count = 0;
  private readonly spool: Spool;

  constructor(dir: string, name: string) {
    this.spool = Spool.in(dir, name);
  }

  async push(value: unknown): Promise<void> {
    await this.spool.write(`${this.count === 0 ? '' : ',\n'}    ${JSON.stringify(value)}`);
    this.count++;
  }

  close(): Promise<void> {
    return this.spool.close();
  }

  chunks(): AsyncIterable<Uint8Array> {
    return this.spool.chunks();
  }
}
