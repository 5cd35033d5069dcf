export {
  buildReport,
  MAX_CONTENTS_RECIPIENTS,
  MAX_REPORT_ITEMS,
  type BuiltReport,
  type ReportEchoSource,
  type ReportSummary,
} from './build-report.js';
export { permalink, renderReport, ReportRenderer, REPORT_CSP } from './render-report.js';
export { escapeHtml, evidenceHtml } from './html-text.js';
export { isReportLang, REPORT_LANGS, reportMessages, type ReportLang } from './report-messages.js';
export { checkTimeZone, durationWords, offsetText, ReportClock, utcText } from './report-time.js';
export { checkBaseUrl } from './base-url.js';
export type * from './report-types.js';
