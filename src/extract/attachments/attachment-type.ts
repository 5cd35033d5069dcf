import type { AttachmentKind } from './extract-result.js';

/** The coarse types a search filters on (`type:pdf`, `type:spreadsheet`, ...). */
export type AttachmentType = 'pdf' | 'document' | 'spreadsheet' | 'presentation' | 'image' | 'text' | 'other';

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
