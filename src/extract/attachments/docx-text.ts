import mammoth from 'mammoth';
import type { ExtractContext } from './extract-context.js';
import type { ZipPackage } from './zip-package.js';

/**
 * The text of a Word document through mammoth's extractRawText (body paragraphs, tables,
 * lists; not headers, footers or comments). mammoth inflates members itself with no limits,
 * so every member is first inflated once through ZipPackage's zip-bomb limits.
 */
export async function readDocx(bytes: Uint8Array, zip: ZipPackage, ctx: ExtractContext): Promise<void> {
  await zip.verify();
  ctx.deadline.check('before reading the Word document');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result = await mammoth.extractRawText({ buffer });
  ctx.sink.push(result.value);
}
