import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ZIP_RATIO_CHECK_MIN_BYTES, type ExtractLimits } from './extract-limits.js';
import { type Deadline, StopExtraction } from './text-sink.js';

/**
 * The zip inside an OOXML (docx, xlsx, pptx) or ODF (odt, ods, odp) document, read from memory
 * with the zip-bomb limits: entry count and declared sizes before anything is inflated,
 * actual bytes and ratio while inflating (yauzl's validateEntrySizes also fails a member
 * that inflates past its declared size). A limit that trips throws
 * StopExtraction('extract-zip-bomb').
 */
export class ZipPackage {
  private expanded = 0;

  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly limits: ExtractLimits,
    private readonly deadline: Deadline,
  ) {}

  static async open(bytes: Uint8Array, limits: ExtractLimits, deadline: Deadline): Promise<ZipPackage> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Names are decoded by us: yauzl rejects the whole zip over one odd name ("../x"), and
    // here a name is only a key to look parts up by, never a path on disk.
    const zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
    if (zip.entryCount > limits.maxZipEntries) {
      zip.close();
      throw new StopExtraction(
        'extract-zip-bomb',
        `${zip.entryCount} zip entries (limit maxZipEntries ${limits.maxZipEntries})`,
      );
    }
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      // Bit 11: UTF-8 names (APPNOTE 4.4.4); otherwise CP437, which agrees with ASCII part names.
      const name = (
        (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1')
      )
        .replace(/\\/g, '/')
        .replace(/^\/+/, '');
      if (!name.endsWith('/') && !entries.has(name)) entries.set(name, entry);
    }
    return new ZipPackage(zip, entries, limits, deadline);
  }

  /** Member names, as stored (forward slashes, no leading slash). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The member's bytes, or null when there is no such member. */
  async read(name: string): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    const found = await this.each(name, (chunk) => {
      parts.push(chunk);
    });
    return found ? Buffer.concat(parts) : null;
  }

  /** The member as UTF-8 text pieces (a character split across chunks is kept whole). */
  async text(name: string, onText: (s: string) => void): Promise<boolean> {
    const decoder = new StringDecoder('utf8');
    const found = await this.each(name, (chunk) => onText(decoder.write(chunk)));
    if (found) {
      const rest = decoder.end();
      if (rest) onText(rest);
    }
    return found;
  }

  /**
   * Inflates every member once, counting, without keeping anything: run before handing the
   * zip to a library (mammoth) that would inflate members without our limits.
   */
  async verify(): Promise<void> {
    for (const name of this.entries.keys()) await this.each(name, () => {});
  }

  close(): void {
    this.zip.close();
  }

  private async each(name: string, onChunk: (chunk: Buffer) => void): Promise<boolean> {
    const entry = this.entries.get(name);
    if (!entry) return false;
    this.deadline.check(`reading ${name}`);
    const bomb = (why: string): StopExtraction =>
      new StopExtraction('extract-zip-bomb', `zip member ${name}: ${why}`);
    if (this.expanded + entry.uncompressedSize > this.limits.maxZipExpandedBytes)
      throw bomb(
        `declares ${entry.uncompressedSize} bytes, past maxZipExpandedBytes ${this.limits.maxZipExpandedBytes}`,
      );
    if (
      entry.uncompressedSize > ZIP_RATIO_CHECK_MIN_BYTES &&
      entry.uncompressedSize / Math.max(1, entry.compressedSize) > this.limits.maxCompressionRatio
    )
      throw bomb(
        `declares a ratio of ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1`,
      );
    const stream = await this.zip.openReadStreamPromise(entry);
    let seen = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        seen += chunk.length;
        this.expanded += chunk.length;
        if (this.expanded > this.limits.maxZipExpandedBytes)
          throw bomb(`expands past maxZipExpandedBytes ${this.limits.maxZipExpandedBytes}`);
        if (
          seen > ZIP_RATIO_CHECK_MIN_BYTES &&
          seen / Math.max(1, entry.compressedSize) > this.limits.maxCompressionRatio
        )
          throw bomb(`expands more than ${this.limits.maxCompressionRatio}:1`);
        onChunk(chunk);
      }
    } catch (e) {
      // yauzl's validateEntrySizes: the member inflates past the size its header declares.
      if (e instanceof Error && /too many bytes in the stream/.test(e.message))
        throw bomb('inflates past its declared size');
      throw e;
    } finally {
      stream.destroy();
    }
    return true;
  }
}
