/**
 * OpenPGP armor written into a message's text (RFC 4880 §6.2, §7): an inline signature
 * (`-----BEGIN PGP SIGNED MESSAGE-----`, `Hash: SHA256`, the text, then `-----BEGIN PGP
 * SIGNATURE-----` … `-----END PGP SIGNATURE-----`), an encrypted message, a public key.
 *
 * Their lines are kept in the item's text (it is the evidence, shown as written), but are not
 * words anyone searches for: base64 and armor headers such as `Version: GnuPG v1.4.11
 * (GNU/Linux)`, which made every inline-signed mail a hit for `linux` and `gnupg`.
 * `withoutPgpArmor` gives the text the full-text index reads: the signed text stays, the
 * armor goes.
 */

const MAY_HOLD_ARMOR = '-----BEGIN PGP ';
const BEGIN =
  /^-----BEGIN PGP (SIGNED MESSAGE|SIGNATURE|MESSAGE|PUBLIC KEY BLOCK|PRIVATE KEY BLOCK)-----\s*$/;

/** The text without its OpenPGP armor blocks (the signed text of a clear-signed message stays); the text itself when it has none. */
export function withoutPgpArmor(text: string): string {
  if (!text.includes(MAY_HOLD_ARMOR)) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i] as string);
    if (m === null) {
      kept.push(lines[i] as string);
      continue;
    }
    const kind = m[1] as string;
    if (kind === 'SIGNED MESSAGE') {
      // The armor headers (Hash: …) up to the first empty line; the signed text follows.
      let j = i + 1;
      while (j < lines.length && /^[A-Za-z-]+: /.test(lines[j] as string)) j++;
      i = (lines[j] ?? '').trim() === '' ? j : j - 1;
      changed = true;
      continue;
    }
    const end = `-----END PGP ${kind}-----`;
    let j = i + 1;
    while (j < lines.length && (lines[j] as string).trimEnd() !== end) j++;
    if (j === lines.length) {
      // No end line: a block cut off, or a line that only looks like one. Keep it all.
      kept.push(lines[i] as string);
      continue;
    }
    i = j;
    changed = true;
  }
  return changed ? kept.join('\n') : text;
}
