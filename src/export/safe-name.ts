/**
 * File names for an export, made from names found in leaked material (attachment file names are
 * whatever the sender wrote). An export is unpacked on a reporter's or a lawyer's machine, often
 * Windows, by tools we do not control, so a name must stay inside its folder and mean the same
 * file everywhere.
 */

/**
 * Longest name we make, in UTF-8 bytes. File systems allow 255 bytes a name; an attachment's name
 * is prefixed with its 64-character sha256, and Windows tools still trip over paths longer than
 * MAX_PATH (260 characters) once the export sits in a folder or two.
 */
export const MAX_NAME_BYTES = 100;
/** An extension longer than this is not one worth keeping when a name must be cut. */
const MAX_EXTENSION_BYTES = 16;
/** Longest relative path an export may hold (verify refuses longer ones in a manifest). */
export const MAX_PATH_BYTES = 1024;

/**
 * Removed outright: control characters (C0, DEL, C1), format characters (bidirectional overrides
 * such as U+202E make "invoice‮fdp.exe" display as "invoiceexe.pdf"; zero-width characters make
 * two names look alike), line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** Reserved in Windows file names (and '/' everywhere); each becomes '_'. */
const RESERVED = /[<>:"/\\|?*]/g;
/** Device names Windows opens instead of a file, whatever the extension ("CON.txt" is the console). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * A name safe to write as one path segment: the last segment of what was given (so "../../x"
 * and "C:\\x" stay inside the folder), NFC, with invisible characters removed, reserved ones
 * replaced, blanks collapsed, no leading dot (no hidden files, never "." or ".."), no trailing dot
 * or blank (Windows drops them), not a Windows device name, and at most MAX_NAME_BYTES bytes of
 * UTF-8, cut at a character boundary and keeping a short extension. `fallback` (itself safe)
 * when nothing is left.
 */
export function safeFileName(name: string | null | undefined, fallback = 'file'): string {
  if (name === null || name === undefined) return fallback;
  const segments = name.normalize('NFC').split(/[/\\]/);
  let s = '';
  for (let i = segments.length - 1; i >= 0 && s === ''; i--) s = cleanSegment(segments[i] ?? '');
  if (s === '') return fallback;
  const dot = s.lastIndexOf('.');
  const stem = dot > 0 ? s.slice(0, dot) : s;
  if (WINDOWS_DEVICE.test(stem.trim())) s = `_${s}`;
  return cutToBytes(s, MAX_NAME_BYTES);
}

function cleanSegment(segment: string): string {
  return segment
    .replace(/[\t\n\v\f\r]/g, ' ') // blanks, before the control characters go
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+/u, '')
    .replace(/[\s.]+$/u, '');
}

/** `s` cut to at most `max` UTF-8 bytes at a code point boundary, keeping a short extension. */
export function cutToBytes(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && utf8Length(s.slice(dot)) <= MAX_EXTENSION_BYTES ? s.slice(dot) : '';
  return `${cutStem(s.slice(0, s.length - ext.length), max - utf8Length(ext))}${ext}`;
}

/** The longest start of `s` of at most `max` UTF-8 bytes, whole code points only, without trailing blanks or dots. */
function cutStem(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out.replace(/[\s.]+$/u, '');
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * True for a path an export may hold: relative, '/'-separated segments that are each non-empty,
 * not '.' or '..', free of control characters, backslashes and ':' (a drive or an NTFS stream),
 * and not too long. Sinks refuse anything else; verify reports such names and never opens them.
 */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || utf8Length(p) > MAX_PATH_BYTES) return false;
  if (/[\p{Cc}\\:]/u.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && utf8Length(seg) <= 255);
}

/**
 * Hands out unique paths. Two names that differ only in letter case or Unicode normalisation are
 * the same file on Windows and macOS, so they clash here too; a clash gets "-2", "-3" … before
 * the extension. Holds one key per path claimed.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  /** `dir/name` (or `name` when dir is ''), unique among the paths claimed so far. */
  claim(dir: string, name: string): string {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let n = 1; ; n++) {
      const suffix = `-${n}${ext}`;
      // The stem is cut, never the number: "-2" must survive however long the name is.
      const candidate =
        n === 1 ? name : `${cutStem(stem, MAX_NAME_BYTES - utf8Length(suffix)) || 'file'}${suffix}`;
      const full = dir === '' ? candidate : `${dir}/${candidate}`;
      const key = full.normalize('NFC').toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return full;
      }
    }
  }
}
