import { ATTACHMENT_TYPES, type AttachmentType } from '../../model/attachment-type.js';
import type { AttachmentKind, ExtractMeta } from './extract-result.js';
import { hintedKind, mediaType } from './sniff-kind.js';

/** The search types (`type:`), listed once for the query language, extraction and the UI. */
export { ATTACHMENT_TYPES, type AttachmentType };

export type { AttachmentKind };

const TYPES: Record<AttachmentKind, AttachmentType> = {
  pdf: 'pdf',
  docx: 'document',
  odt: 'document',
  rtf: 'document',
  xlsx: 'spreadsheet',
  ods: 'spreadsheet',
  pptx: 'presentation',
  odp: 'presentation',
  image: 'image',
  html: 'text',
  text: 'text',
  other: 'other',
};

/** The search type of an extracted kind: docx, odt and rtf are all `document`. */
export function attachmentTypeOf(kind: AttachmentKind): AttachmentType {
  return TYPES[kind];
}

/** An attached message (its bytes read as text or as an Outlook file, it stays a message). */
const EMAIL = {
  mediaTypes: /^(message\/(rfc822|global|partial)|application\/(vnd\.ms-outlook|x-msg))$/,
  names: /\.(eml|emlx|msg)$/i,
};

/** Declared types and name endings of what no text reader handles but a reporter filters on. */
const OTHER_TYPES: ReadonlyArray<{ type: AttachmentType; mediaTypes: RegExp; names: RegExp }> = [
  {
    type: 'archive',
    mediaTypes:
      /^application\/(zip|x-zip|x-zip-compressed|x-tar|gzip|x-gzip|x-gtar|x-7z-compressed|x-rar|x-rar-compressed|vnd\.rar|x-bzip2|x-xz|zstd)$/,
    names: /\.(zip|tar|tgz|gz|7z|rar|bz2|xz|zst)$/i,
  },
  // Legacy Office files: recognised, not read (extract-unsupported), still documents to a reporter.
  { type: 'document', mediaTypes: /^application\/(msword|vnd\.ms-word)$/, names: /\.(doc|dot|wpd|pages)$/i },
  {
    type: 'spreadsheet',
    mediaTypes: /^application\/(vnd\.ms-excel|x-msexcel)$/,
    names: /\.(xls|xlsb|numbers)$/i,
  },
  { type: 'presentation', mediaTypes: /^application\/vnd\.ms-powerpoint$/, names: /\.(ppt|pps|key)$/i },
];

/**
 * The search type of an attachment: an attached message is `email`; otherwise by what its bytes
 * were read as when that is known and says something (`kind`, from extraction: a ".pdf" that is
 * a zip is not a pdf), else by its declared type and name.
 */
export function attachmentSearchType(kind: AttachmentKind | null, meta: ExtractMeta): AttachmentType {
  const type = mediaType(meta.contentType);
  const name = meta.name ?? '';
  if (EMAIL.mediaTypes.test(type) || EMAIL.names.test(name)) return 'email';
  if (kind !== null && kind !== 'other') return TYPES[kind];
  for (const o of OTHER_TYPES) if (o.mediaTypes.test(type) || o.names.test(name)) return o.type;
  // Only when the bytes were not read: a file read as `other` is not what its name claims.
  const hinted = kind === null ? hintedKind(meta) : null;
  return hinted === null ? 'other' : TYPES[hinted];
}
