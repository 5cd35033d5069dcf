/**
 * The types of attachment a search filters on (`type:pdf`) and the `type` facet counts: what the
 * query language accepts (src/query/fields.ts), what extraction maps files to
 * (src/extract/attachments/attachment-type.ts) and what the UI names (web/src/attachments/).
 * `email` is an attached message, `archive` a zip, tar, 7z or rar file, `other` anything else.
 */
export const ATTACHMENT_TYPES = [
  'pdf',
  'document',
  'spreadsheet',
  'presentation',
  'image',
  'text',
  'email',
  'archive',
  'other',
] as const;

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
