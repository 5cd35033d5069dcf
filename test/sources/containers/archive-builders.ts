/**
 * Builds zip and tar fixtures in memory at test time, so no binary fixtures are committed and
 * no `zip`/`tar` command is needed. The zip writer is src/demo/corpus/zip-writer.ts (minimal;
 * it can also write the flag bits of encrypted members, for the readers' refusal paths).
 */
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export { buildZip, type ZipEntrySpec } from '../../../src/demo/corpus/zip-writer.js';

export interface TarEntrySpec {
  name: string;
  data?: Uint8Array | string;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

export async function buildTar(entries: TarEntrySpec[], gzip = false): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) out.push(c as Buffer);
  })();
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data ?? new Uint8Array(0));
    const type = e.type ?? 'file';
    const header = {
      name: e.name,
      type,
      mtime: new Date('2024-01-15T10:30:00Z'),
      ...(e.linkname === undefined ? {} : { linkname: e.linkname }),
    };
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        type === 'file' ? { ...header, size: data.length } : header,
        type === 'file' ? data : '',
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }
  pack.finalize();
  await done;
  const tarBytes = Buffer.concat(out);
  return gzip ? gzipSync(tarBytes) : tarBytes;
}
