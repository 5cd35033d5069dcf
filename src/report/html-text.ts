/**
 * Text into HTML for the report. Everything that comes from a case (texts, names, subjects, file
 * names, paths, the query, the title) is hostile: it is escaped wherever it goes, and never put
 * in a URL, a style or a script (the report has none).
 */

import { actingRuns } from '../model/text/acting-characters.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `& < > " '` escaped: safe as element text and inside a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Text of the evidence, escaped, with every acting character (src/model/text/acting-characters.ts:
 * bidi overrides, zero-width and control characters) shown as a visible `[U+XXXX]` instead of
 * taking effect. The text is otherwise unchanged.
 */
export function evidenceHtml(s: string): string {
  return actingRuns(s)
    .map((r) => (r.code === undefined ? escapeHtml(r.text) : `<span class="ctl">[${r.code}]</span>`))
    .join('');
}
