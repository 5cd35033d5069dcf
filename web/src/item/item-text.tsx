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
  uuencoded = false,
}: {
  text: string;
  uuencoded?: boolean;
}) {
  const { t, locale } = useI18n();
  const cut = text.length > MAX_TEXT_CHARS;
  const shown = cut ? text.slice(0, MAX_TEXT_CHARS) : text;
  // Files uuencoded into the text were taken out of it (src/sources/email/uuencode.ts).
  const uuNote = uuencoded ? (
    <p class="notice" data-testid="uuencoded-note">
      {t.uuencodedNote}
    </p>
  ) : null;
  if (shown.trim() === '')
    return (
      <>
        <p class="muted" data-testid="item-text">
          {t.emptyText}
        </p>
        {uuNote}
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
      {uuNote}
      {cut ? <p class="notice">{t.rawTruncated(formatBytes(MAX_TEXT_CHARS, locale))}</p> : null}
    </>
  );
});
