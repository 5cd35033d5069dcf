/**
 * Text into HTML for the report. Everything that comes from a case (texts, names, subjects, file
 * names, paths, the query, the title) is hostile: it is escaped wherever it goes, and never put
 * in a URL, a style or a script (the report has none).
 */

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
 * Characters that act instead of showing: bidirectional embeddings, overrides, isolates and
 * marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C: "invoice\u202Efdp.exe" displays
 * as "invoiceexe.pdf"), the zero-width space and byte order mark (a word split invisibly), and
 * C0 and C1 control characters other than tab, line feed and carriage return.
 */
const ACTING =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Text of the evidence, escaped, with every acting character (above) shown as a visible
 * `[U+XXXX]` instead of taking effect: a reader sees the text in the order it was written and
 * knows something invisible was there. The text is otherwise unchanged.
 */
export function evidenceHtml(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(ACTING)) {
    const at = m.index;
    out += escapeHtml(s.slice(last, at));
    const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    out += `<span class="ctl">[U+${code}]</span>`;
    last = at + m[0].length;
  }
  return out + escapeHtml(s.slice(last));
}
