export { ingest, type IngestOptions } from './ingest.js';
export type {
  AttachmentReport,
  IngestProgress,
  IngestReport,
  InputReport,
  QuarantineNote,
} from './ingest-report.js';
