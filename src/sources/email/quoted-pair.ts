/**
 * Whether a backslash in a quoted string or comment quotes the character after it.
 *
 * RFC 5322 §3.2.1 lets a backslash quote any character, but Windows mailers write
 * `"DOMAIN\user"` and `filename="C:\temp\report.doc"` without escaping their backslashes, and
 * reading those by the RFC loses the separators. Escapes that mean something are written before
 * punctuation (`\"`, `\\`, `\(`, `\)`, `\'`), so only those are taken as escapes; a backslash
 * before a letter or digit is kept as a backslash.
 */
export function isEscapable(c: number): boolean {
  return !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}
