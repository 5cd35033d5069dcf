import { memo } from 'preact/compat';
import { useI18n } from '../i18n/i18n.js';
import { formatBytes } from '../i18n/format.js';
import { MAX_TEXT_CHARS, quotedSegments } from './quoted-segments.js';

/**
 * The decoded text, as text: wrapped, quoted lines dimmed. Links in it stay plain text on
 * purpose (see linksNote): opening a link from leaked mail can tell its owner who is reading.
 */
export const ItemText = memo(function ItemText({
  text,
  flags = [],
}: {
  text: string;
  flags?: readonly string[];
}) {
  const { t, locale } = useI18n();
  const cut = text.length > MAX_TEXT_CHARS;
  const shown = cut ? text.slice(0, MAX_TEXT_CHARS) : text;
  // What the text is not: files uuencoded into it were taken out (src/sources/email/uuencode.ts),
  // it was read from inside an S/MIME signature, or it is encrypted (smime.ts).
  const notes = [
    flags.includes('uuencoded-files') ? ['uuencoded-note', t.uuencodedNote] : null,
    flags.includes('smime-opened') ? ['smime-note', t.smimeOpenedNote] : null,
    flags.includes('smime-encrypted') || flags.includes('pgp-encrypted')
      ? ['encrypted-note', t.encryptedNote]
      : null,
  ].filter((n) => n !== null);
  const textNotes = notes.map(([id, note]) => (
    <p key={id} class="notice" data-testid={id}>
      {note}
    </p>
  ));
  if (shown.trim() === '')
    return (
      <>
        <p class="muted" data-testid="item-text">
          {t.emptyText}
        </p>
        {textNotes}
      </>
    );
  return (
    <>
      <pre class="item-text" data-testid="item-text">
        {quotedSegments(shown).map((s, i) =>
          s.quoted ? (
            <span key={i} class="quoted">
              {s.text}
            </span>
          ) : (
            s.text
          ),
        )}
      </pre>
      {textNotes}
      {cut ? <p class="notice">{t.rawTruncated(formatBytes(MAX_TEXT_CHARS, locale))}</p> : null}
    </>
  );
});
