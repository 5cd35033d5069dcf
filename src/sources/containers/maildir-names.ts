/**
 * Maildir file names (https://cr.yp.to/proto/maildir.html): `unique[:2,FLAGS]`. Filesystems
 * that forbid ':' (Windows, some sync tools) get ';2,' (Dovecot's and Stalwart's choice) or
 * '!2,' (mbsync). FLAGS are single letters (P R S T D F, lower-case for keywords); some
 * writers put a ',' and extension data after them, which is not part of the flags.
 */
const INFO = /[:;!]2,([^,/]*)(?:,[^/]*)?$/;

/** The flags of a Maildir file name, or undefined when it has no `:2,` info part. */
export function maildirFlags(fileName: string): string | undefined {
  const m = INFO.exec(fileName);
  return m === null ? undefined : m[1];
}

/**
 * What a path (with '/' separators) is inside a Maildir: a message (directly in cur/ or new/),
 * a delivery in progress (directly in tmp/), or neither. Used for archive members, where the
 * folder structure can only be seen in the member paths.
 */
export function maildirRole(memberPath: string): 'message' | 'tmp' | null {
  const parts = memberPath.split('/').filter((p) => p !== '');
  if (parts.length < 2) return null;
  const dir = parts[parts.length - 2];
  if (dir === 'cur' || dir === 'new') return 'message';
  if (dir === 'tmp') return 'tmp';
  return null;
}

/** The reason given for a file found in a Maildir tmp/ folder. */
export const MAILDIR_TMP_REASON =
  'file in a Maildir tmp/ folder: a delivery that was still being written (or was interrupted), so it may be ' +
  'incomplete and is not read as a message; if it is a finished copy, move it into cur/ and ingest again';
