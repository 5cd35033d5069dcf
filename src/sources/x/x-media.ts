import type { ExportAttachment } from '../../model/export-record.js';
import { contentTypeFor, ExportFiles } from '../export/export-media.js';
import type { ExportTree } from '../export/export-tree.js';
import { MEDIA_FOLDERS, type XFileRole } from './x-layout.js';

/** A media file a tweet or DM refers to: its URL in the export, and the file name that URL ends in. */
export interface MediaRef {
  url: string | null;
  name: string | null;
}

/** The last path segment of a URL, without query or fragment ('…/media/HCuq2zDboAAKHUC.jpg?x=1' → 'HCuq2zDboAAKHUC.jpg'). */
export function urlFileName(url: string): string | null {
  const path = url.split(/[?#]/, 1)[0]!;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' ? null : name;
}

/**
 * The media files of an archive. X saves each one as `<tweet or message id>-<file name>` in a
 * folder per data type (data/tweets_media/2029903943413772741-HCuq2zDboAAKHUC.jpg); videos are
 * saved under the name of their best MP4 variant, which the tweet's own URL (a thumbnail) does
 * not give, so files of the same id that no reference names are matched to what is left over.
 */
export class XMedia {
  private index: Map<string, Map<string, string[]>> | null = null;
  private readonly files: ExportFiles;

  constructor(
    private readonly tree: ExportTree,
    private readonly dataDir: string,
    maxMediaBytes: number,
  ) {
    this.files = new ExportFiles(tree, maxMediaBytes);
  }

  private folders(): Map<string, Map<string, string[]>> {
    if (this.index !== null) return this.index;
    const index = new Map<string, Map<string, string[]>>();
    for (const member of this.tree.list()) {
      if (!member.startsWith(this.dataDir)) continue;
      const rel = member.slice(this.dataDir.length);
      const m = /^([^/]+_media)\/(?:[^/]+\/)*([^/-]+)-[^/]+$/.exec(rel);
      if (!m) continue;
      let byId = index.get(m[1]!);
      if (byId === undefined) index.set(m[1]!, (byId = new Map()));
      const list = byId.get(m[2]!);
      if (list === undefined) byId.set(m[2]!, [member]);
      else list.push(member);
    }
    return (this.index = index);
  }

  /** Attachments of item `id` of a file with `role`: files found (sized and hashed) and references without a file. */
  async attachments(
    role: XFileRole,
    id: string,
    refs: readonly MediaRef[],
  ): Promise<{ attachments: ExportAttachment[]; flags: string[] }> {
    const files: string[] = [];
    for (const folder of MEDIA_FOLDERS[role] ?? [])
      files.push(...(this.folders().get(folder)?.get(id) ?? []));
    if (files.length === 0 && refs.length === 0) return { attachments: [], flags: [] };
    const unmatchedRefs: MediaRef[] = [];
    const used = new Set<string>();
    const pairs: { ref: MediaRef | null; member: string | null }[] = [];
    for (const ref of refs) {
      const member = files.find((f) => ref.name !== null && !used.has(f) && f.endsWith(`/${id}-${ref.name}`));
      if (member === undefined) {
        unmatchedRefs.push(ref);
        pairs.push({ ref, member: null });
      } else {
        used.add(member);
        pairs.push({ ref, member });
      }
    }
    // Files no reference named (videos, renamed files) take the places of unmatched references.
    const leftover = files.filter((f) => !used.has(f));
    for (const pair of pairs) {
      if (pair.member === null && leftover.length > 0) pair.member = leftover.shift()!;
    }
    for (const member of leftover) pairs.push({ ref: null, member });

    const attachments: ExportAttachment[] = [];
    const flags: string[] = [];
    for (const { ref, member } of pairs) {
      if (member === null) {
        const name = ref?.name ?? null;
        attachments.push({ name, contentType: contentTypeFor(name), member: null, size: null, sha256: null });
        continue;
      }
      const fileName = member.slice(member.lastIndexOf('/') + 1).slice(id.length + 1);
      const facts = await this.files.file(member);
      let size: number | null = null;
      let sha256: string | null = null;
      if (facts.state === 'present') ({ size, sha256 } = facts);
      else if (facts.state === 'unreadable') {
        size = facts.size;
        flags.push(`attachment-unreadable:${member}`);
      } else {
        if (facts.state === 'too-large') size = facts.size;
        flags.push(`attachment-not-hashed:${member}`);
      }
      attachments.push({ name: fileName, contentType: contentTypeFor(fileName), member, size, sha256 });
    }
    return { attachments, flags };
  }
}
