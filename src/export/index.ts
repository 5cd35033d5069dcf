export {
  exportEvidence,
  CSV_COLUMNS,
  type EvidenceExportOptions,
  type EvidenceExportReport,
} from './export-evidence.js';
export { exportMbox, type MboxExportOptions, type MboxExportReport } from './export-mbox.js';
export { verifyExport, MAX_MANIFEST_BYTES, type VerifyReport } from './verify-export.js';
export { openDirSink } from './dir-sink.js';
export { openZipSink, ZIP_ENTRY_MTIME } from './zip-sink.js';
export type { ExportFile, ExportSink } from './export-sink.js';
export {
  checkManifest,
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  type ExportManifest,
  type ExportProblem,
  type ManifestDatabase,
} from './manifest.js';
export { csvRow, csvText } from './csv-row.js';
export { escapeMboxrd, mboxFromLine, mboxrdEntry } from './mboxrd.js';
export { isSafeRelativePath, NameAllocator, safeFileName } from './safe-name.js';
export { rawExtension } from './raw-extension.js';
