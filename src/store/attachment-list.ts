import { attachmentSearchType, type AttachmentKind } from '../extract/attachments/attachment-type.js';
import type { Item } from '../model/index.js';
import type { AttachmentTextInfo } from './attachment-texts.js';
import type { Store } from './store.js';

/** What reading an attachment's text gave, as `innsyn show --json` and the API list it. */
export type AttachmentExtraction = Omit<AttachmentTextInfo, 'sha256' | 'type'>;

/** One attachment of an item, in the item's order, with its search type and extraction. */
export interface AttachmentInfo {
  /** Its place in the item's list (0-based). */
  seq: number;
  sha256: string;
  name: string | null;
  contentType: string;
  size: number;
  disposition: 'attachment' | 'inline';
  /** The search type (`type:`), from what the bytes were read as, else the declared type and name. */
  type: string;
  /** Null when the file was not read (an export's media innsyn only hashed, an item stored before 0.8). */
  extraction: AttachmentExtraction | null;
}

/** The attachments of an item with what reading each gave (one store call for all of them). */
export async function listItemAttachments(
  store: Pick<Store, 'getAttachmentTexts'>,
  item: Pick<Item, 'attachments'>,
): Promise<AttachmentInfo[]> {
  const texts =
    item.attachments.length === 0
      ? new Map<string, AttachmentTextInfo>()
      : await store.getAttachmentTexts(
          item.attachments.map((a) => a.sha256),
          false,
        );
  return item.attachments.map((a, seq) => {
    const t = texts.get(a.sha256);
    let extraction: AttachmentExtraction | null = null;
    if (t) {
      const { sha256: _sha, type: _type, ...rest } = t;
      extraction = rest;
    }
    return {
      seq,
      sha256: a.sha256,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      disposition: a.disposition,
      type: attachmentSearchType((t?.kind ?? null) as AttachmentKind | null, {
        name: a.name,
        contentType: a.contentType,
      }),
      extraction,
    };
  });
}
