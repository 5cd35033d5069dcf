import type { ExportAttachment } from '../../model/export-record.js';
import { contentTypeFor, ExportFiles } from '../export/export-media.js';
import type { ExportTree } from '../export/export-tree.js';
import { asObject, str } from './json-array-member.js';

/**
 * Files shared in Slack messages. Slack's own export only references them (`url_private`, a
 * link that needs the workspace's token: never fetched, never copied into links); tools that
 * download them lay them out as '__uploads/<fileId>/<name>' (slackdump's Mattermost layout) or
 * '<channel>/attachments/<fileId>-<name>' (slackdump's standard layout). A file found there gets
 * its member, size and sha256.
 */

/**
 * Largest file hashed: reading a file means holding it in memory. Past this the attachment keeps
 * its member and size, and the item is flagged 'limit:attachment-bytes'.
 */
export const MAX_HASHED_FILE_BYTES = 256 * 1024 * 1024;

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

/** Slack's own mimetype when it is one; else guessed from the name (old exports, external files). */
function contentType(mimetype: string | null, name: string | null): string {
  return mimetype !== null && MIME.test(mimetype) ? mimetype.toLowerCase() : contentTypeFor(name);
}

export class SlackFiles {
  /** Size and sha256 of each member, read once however many messages share the file. */
  private readonly files: ExportFiles;

  constructor(
    private readonly tree: ExportTree,
    private readonly root: string,
  ) {
    this.files = new ExportFiles(tree, MAX_HASHED_FILE_BYTES);
  }

  /** The attachment for one file object of a message in conversation folder `folder`. */
  async attachment(
    file: unknown,
    folder: string,
  ): Promise<{ attachment: ExportAttachment; flags: string[] }> {
    const f = asObject(file) ?? {};
    const id = str(f.id);
    const name = str(f.name) ?? str(f.title);
    const flags: string[] = [];
    const mode = str(f.mode);
    if (mode === 'tombstone') flags.push(`file-deleted:${id ?? '?'}`);
    else if (mode === 'hidden_by_limit') flags.push(`file-hidden:${id ?? '?'}`);
    const found = await this.files.attachment(
      this.find(id, name, folder),
      name,
      contentType(str(f.mimetype), name),
    );
    return { attachment: found.attachment, flags: [...flags, ...found.flags] };
  }

  private find(id: string | null, name: string | null, folder: string): string | null {
    if (id === null || name === null) return null;
    for (const m of [
      `${this.root}__uploads/${id}/${name}`,
      `${this.root}${folder}/attachments/${id}-${name}`,
    ]) {
      if (this.tree.size(m) !== null) return m;
    }
    return null;
  }
}
