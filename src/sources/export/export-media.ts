import type { ExportAttachment } from '../../model/export-record.js';
import { sha256Hex } from '../../model/ids.js';
import { errorText } from '../containers/unreadable.js';
import type { ExportTree } from './export-tree.js';

/*
 * Media files referenced by a platform export (X's `tweets_media/…`, Telegram's `photos/…`,
 * WhatsApp's `IMG-…-WA0001.jpg`, Slack's `__uploads/…`): the content type guessed from a file
 * name, resolving a reference to a member of the export tree without ever leaving it, and the
 * size and sha256 of a member, read at most once.
 */

/** MIME types of the extensions platform exports actually contain. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  amr: 'audio/amr',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  vcf: 'text/vcard',
  ics: 'text/calendar',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  gz: 'application/gzip',
  apk: 'application/vnd.android.package-archive',
  tgs: 'application/x-tgsticker',
  eml: 'message/rfc822',
};

export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

/** The MIME type guessed from a file name's extension; application/octet-stream when unknown or null. */
export function contentTypeFor(name: string | null): string {
  if (name === null) return UNKNOWN_CONTENT_TYPE;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return UNKNOWN_CONTENT_TYPE;
  return CONTENT_TYPES[name.slice(dot + 1).toLowerCase()] ?? UNKNOWN_CONTENT_TYPE;
}

/** The last path segment of a '/'- or '\'-separated path. */
export function baseName(p: string): string {
  const parts = p.split(/[/\\]/);
  return parts[parts.length - 1] ?? p;
}

/** The folder of a member path ('' at the root). */
export function dirName(member: string): string {
  const slash = member.lastIndexOf('/');
  return slash < 0 ? '' : member.slice(0, slash);
}

/**
 * The member path that `relative` (as written in the export, relative to the folder `baseDir`)
 * points at, normalised ('.' and '..' resolved, '\' read as '/'); null when it is absolute or
 * climbs out of the export: a hostile path never reaches a lookup.
 */
export function resolveMember(baseDir: string, relative: string): string | null {
  if (
    relative === '' ||
    relative.startsWith('/') ||
    relative.startsWith('\\') ||
    /^[A-Za-z]:/.test(relative)
  ) {
    return null;
  }
  const out = baseDir === '' ? [] : baseDir.split('/');
  for (const seg of relative.split(/[/\\]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.length === 0 ? null : out.join('/');
}

/** What is known about a referenced file. */
export type FileFacts =
  | { state: 'present'; size: number; sha256: string }
  | { state: 'missing' }
  | { state: 'too-large'; size: number }
  | { state: 'unreadable'; size: number; error: string };

/**
 * Looks referenced files up in the tree and hashes each at most once (a sticker sent a hundred
 * times is read once). Only facts are cached, never bytes. A file larger than
 * `maxAttachmentBytes` is not read: reading a member means holding it in memory.
 */
export class ExportFiles {
  private readonly facts = new Map<string, Promise<FileFacts>>();

  constructor(
    private readonly tree: ExportTree,
    private readonly maxAttachmentBytes: number,
  ) {}

  /** Size and sha256 of `member`, or why they are not known. Never rejects. */
  file(member: string): Promise<FileFacts> {
    let f = this.facts.get(member);
    if (f === undefined) {
      f = this.load(member);
      this.facts.set(member, f);
    }
    return f;
  }

  private async load(member: string): Promise<FileFacts> {
    const size = this.tree.size(member);
    if (size === null) return { state: 'missing' };
    if (size > this.maxAttachmentBytes) return { state: 'too-large', size };
    try {
      const bytes = await this.tree.read(member);
      return { state: 'present', size: bytes.length, sha256: sha256Hex(bytes) };
    } catch (e) {
      return { state: 'unreadable', size, error: errorText(e) };
    }
  }

  /**
   * The attachment for a file referenced as `member` (null when the reference could not be
   * resolved to a member), with the flags that say what was not found.
   */
  async attachment(
    member: string | null,
    name: string | null,
    contentType: string,
  ): Promise<{ attachment: ExportAttachment; flags: string[] }> {
    const base: ExportAttachment = { name, contentType, member, size: null, sha256: null };
    if (member === null) return { attachment: base, flags: [] };
    const facts = await this.file(member);
    switch (facts.state) {
      case 'present':
        return { attachment: { ...base, size: facts.size, sha256: facts.sha256 }, flags: [] };
      case 'missing':
        return { attachment: base, flags: [`attachment-missing:${member}`] };
      case 'too-large':
        return { attachment: { ...base, size: facts.size }, flags: ['limit:attachment-bytes'] };
      case 'unreadable':
        return { attachment: { ...base, size: facts.size }, flags: [`attachment-unreadable:${member}`] };
    }
  }
}
