export {
  AttachmentExtractor,
  type AttachmentExtractorOptions,
  type ExtractProgress,
} from './attachment-extractor.js';
export {
  ATTACHMENT_TYPES,
  attachmentSearchType,
  attachmentTypeOf,
  type AttachmentType,
} from './attachment-type.js';
export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits, resolveExtractLimits } from './extract-limits.js';
export {
  type AttachmentKind,
  EXTRACT_FLAGS,
  type ExtractFlag,
  type ExtractMeta,
  type ExtractMethod,
  type ExtractOptions,
  type ExtractResult,
} from './extract-result.js';
export { extractText, type ExtractTextOptions } from './extract-text.js';
export { OCR_LANGUAGES } from './ocr-engine.js';
export { canRenderPdfPages, type PdfOcrMode } from './pdf-canvas.js';
