import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { memoryTree, type ExportTree } from '../../../src/sources/export/export-tree.js';

/**
 * A zip's files as an ExportTree held in memory: a stand-in for the zip tree built elsewhere on
 * the same interface, so the reader can be tested on a real .zip export.
 */
export async function unzipTree(zipPath: string, zip: Buffer): Promise<ExportTree> {
  const archive = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const files: Record<string, Uint8Array> = {};
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: Entry) => {
      if (entry.fileName.endsWith('/')) {
        archive.readEntry();
        return;
      }
      archive.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          files[entry.fileName] = Buffer.concat(chunks);
          archive.readEntry();
        });
      });
    });
    archive.on('end', () => resolve());
    archive.on('error', reject);
    archive.readEntry();
  });
  return memoryTree(zipPath, files);
}
