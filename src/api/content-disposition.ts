/**
 * `Content-Disposition: attachment` with a file name from a hostile message (RFC 6266, with the
 * RFC 8187/5987 `filename*` for names that are not ASCII). The name is what the reporter's
 * browser saves the file as, so it is cut down to a plain file name first: no path (`..\..\x`,
 * `/etc/x`), no control characters (CR/LF would split the header), no quotes or backslashes
 * (they would end the quoted string), no leading dots (hidden files, `..`), no trailing dots or
 * spaces (Windows drops them and can turn `evil.html. ` into `evil.html`).
 */

/** Longest file name written, in characters; most file systems allow 255 bytes. */
export const MAX_FILENAME_CHARS = 120;

export function safeFilename(name: string | null, fallback: string): string {
  let s = (name ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // Bidi overrides and other invisible formatting make `exe.pdf` look like `fdp.exe`.
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[/\\:*?"<>|;%]/g, '_')
    .replace(/^[\s._]+/, '')
    .replace(/[\s.]+$/, '');
  if ([...s].length > MAX_FILENAME_CHARS) {
    const chars = [...s];
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = chars.slice(0, MAX_FILENAME_CHARS - [...ext].length).join('') + ext;
  }
  return s === '' ? fallback : s;
}

/** The header value: an ASCII `filename` for old clients and `filename*` with the exact name. */
export function attachmentDisposition(name: string | null, fallback: string): string {
  const safe = safeFilename(name, fallback);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(safe)}`;
}

/** RFC 8187 value-chars: attr-char stays, every other byte is %XX of its UTF-8. */
function encodeRfc8187(s: string): string {
  return encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
