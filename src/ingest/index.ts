export { ingest, type IngestOptions } from './ingest.js';
export type { IngestProgress, IngestReport, InputReport, QuarantineNote } from './ingest-report.js';
