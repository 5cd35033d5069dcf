/**
 * The attachment answers of the API (docs/api.md, version 1), restated from
 * src/store/attachment-texts.ts and attachment-list.ts so that web/ never imports server code.
 * Names and texts come from the material: render as text only.
 */

export type AttachmentStatus = 'text' | 'empty' | 'ocr-needed' | 'unsupported' | 'failed';

/** The search types of `type:`: pdf, document, spreadsheet, … (src/model/attachment-type.ts). */
export type { AttachmentType } from '../../../src/model/attachment-type.js';

export interface AttachmentExtraction {
  status: AttachmentStatus;
  /** What the bytes were read as: pdf, docx, xlsx, image, … */
  kind: string;
  /** `ocr` when all of the text came from OCR; a text with the flag `ocr` is partly OCR. */
  method: 'text' | 'ocr' | null;
  chars: number;
  pages: number | null;
  ocrPages: number | null;
  ocrConfidence: number | null;
  ocr: boolean;
  lang: string | null;
  flags: string[];
  error: string | null;
}

/** One attachment of an item (GET /api/items/{id} `attachments`). */
export interface AttachmentInfo {
  seq: number;
  sha256: string;
  name: string | null;
  contentType: string;
  size: number;
  disposition: 'attachment' | 'inline';
  type: string;
  extraction: AttachmentExtraction | null;
}

/** A search result's hit inside an attachment (ItemSummary.attachmentHit). */
export interface AttachmentHit {
  sha256: string;
  name: string | null;
  /** Markers U+E000/U+E001 around matches, as ItemSummary.snippet. */
  snippet: string;
}

/** GET /api/attachments/{sha256}/text */
export interface AttachmentTextResponse {
  version: 1;
  sha256: string;
  name: string | null;
  contentType: string;
  type: string;
  extraction: AttachmentExtraction | null;
  text: string | null;
  /** [start, end) of each word of the query in `text`. */
  marks: Array<[number, number]>;
  holderCount: number;
  holders: Array<{
    itemId: string;
    seq: number;
    name: string | null;
    contentType: string;
    sentAt: string | null;
    subject: string | null;
  }>;
}
