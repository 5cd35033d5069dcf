/**
 * Characters that act instead of showing: bidirectional embeddings, overrides, isolates and
 * marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C: "invoice\u202Efdp.exe" displays
 * as "invoiceexe.pdf"), the zero-width space and byte order mark (a word split invisibly), and
 * C0 and C1 control characters other than tab, line feed and carriage return. Where evidence is
 * shown (the report, file names in the UI) each is written as a visible `[U+XXXX]` instead of
 * taking effect: a reader sees the text in the order it was written and knows something
 * invisible was there.
 */
const ACTING =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A run of text as written, or one acting character (`code`: `U+202E`). */
export type ActingRun = { text: string; code?: never } | { code: string; text?: never };

/** The text cut into its plain runs and its acting characters, in order. */
export function actingRuns(s: string): ActingRun[] {
  const out: ActingRun[] = [];
  let last = 0;
  for (const m of s.matchAll(ACTING)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index) });
    out.push({ code: codeOf(m[0]) });
    last = m.index + m[0].length;
  }
  if (last < s.length || out.length === 0) out.push({ text: s.slice(last) });
  return out;
}

/** The text with each acting character written as `[U+XXXX]`, as plain text (the UI's file names). */
export function showActing(s: string): string {
  return actingRuns(s)
    .map((r) => (r.code === undefined ? r.text : `[${r.code}]`))
    .join('');
}

/** `U+202E` for U+202E. */
function codeOf(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Acting characters and also tab, line feed and carriage return: what a one-line label must not hold. */
const CONTROL = new RegExp(`${ACTING.source}|[\\t\\n\\r]`, 'g');

/**
 * A label that is printed on one line (a record's flag, a quarantine reason) with every acting
 * character, line break and tab written as `[U+XXXX]`: flags carry bits of the input (a charset
 * label, an encoding name), and a CR from a message read at the wrong line ends moved a terminal's
 * cursor back over the CLI's output (`charset-unknown:utf-8⏎subject: õäöü`).
 */
export function oneLineLabel(s: string): string {
  return s.replace(CONTROL, (c) => `[${codeOf(c)}]`);
}
