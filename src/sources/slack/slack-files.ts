import type { ExportAttachment } from '../../model/export-record.js';
import { sha256Hex } from '../../model/ids.js';
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

/** The few types Slack leaves without a mimetype (old exports, external files). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
};

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

function contentType(mimetype: string | null, name: string | null): string {
  if (mimetype !== null && MIME.test(mimetype)) return mimetype.toLowerCase();
  const ext = name?.split('.').pop()?.toLowerCase();
  return (ext !== undefined && CONTENT_TYPES[ext]) || 'application/octet-stream';
}

export class SlackFiles {
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(
    private readonly tree: ExportTree,
    private readonly root: string,
  ) {}

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
    const attachment: ExportAttachment = {
      name,
      contentType: contentType(str(f.mimetype), name),
      member: null,
      size: null,
      sha256: null,
    };
    const member = this.find(id, name, folder);
    if (member === null) return { attachment, flags };
    const size = this.tree.size(member) as number;
    attachment.member = member;
    attachment.size = size;
    if (size > MAX_HASHED_FILE_BYTES) {
      flags.push('limit:attachment-bytes');
      return { attachment, flags };
    }
    try {
      attachment.sha256 = await this.hash(member);
    } catch {
      flags.push(`attachment-unreadable:${member}`);
    }
    return { attachment, flags };
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

  /** sha256 of a member, read once however many messages share the file. */
  private hash(member: string): Promise<string> {
    let h = this.hashes.get(member);
    if (h === undefined) {
      h = this.tree.read(member).then((bytes) => sha256Hex(bytes));
      this.hashes.set(member, h);
    }
    return h;
  }
}
