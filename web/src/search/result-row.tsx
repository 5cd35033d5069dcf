import { memo } from 'preact/compat';
import type { ItemSummary } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { KindBadge, PaperclipIcon, VisibilityBadge } from '../ui/badges.js';
import { identityFull, identityLabel } from '../ui/identity.js';
import { Snippet } from '../ui/snippet.js';
import { ResultMarkIcons, ResultTags } from '../annotations/result-marks.js';
import { AttachmentHitLine } from '../attachments/attachment-hit.js';

/**
 * One result: who, to whom, what, when; the snippet under the subject. Memoised: a page of 50
 * re-renders only the rows whose item changed (keyboard selection is focus, not state).
 */
export const ResultRow = memo(function ResultRow(props: { item: ItemSummary; locale: string; t: Messages }) {
  const { item, locale, t } = props;
  const first = item.to[0];
  const date = formatDateTime(item.sentAt, locale);
  const hasSubject = item.subject !== null && item.subject.trim() !== '';
  const from = item.from;
  const handle = from?.handle && identityLabel(from) !== `@${from.handle}` ? `@${from.handle}` : null;
  return (
    <li class="result">
      <Link
        // A hit inside an attachment opens the item with that attachment's text shown (?hit=).
        href={`/item/${encodeURIComponent(item.id)}${item.attachmentHit ? `?hit=${item.attachmentHit.sha256}` : ''}`}
        class="result-link"
        data-testid="result-row"
        data-item-id={item.id}
      >
        <span class="r-from" title={item.from ? identityFull(item.from) : undefined}>
          {/* A contact has no sender (its addresses are in To): not "unknown", just none. */}
          {item.from ? identityLabel(item.from) : item.kind === 'contact' ? '' : t.nobody}
        </span>
        {/* Name <@handle>: the handle on its own line under the name, where the column has room. */}
        {handle ? <span class="r-handle">{handle}</span> : null}
        <span class="r-to" title={item.to.map(identityFull).join(', ')}>
          {first ? identityLabel(first) : ''}
          {item.to.length > 1 ? <span class="r-more"> {t.andMore(item.to.length - 1)}</span> : null}
        </span>
        {hasSubject ? (
          <span class="r-subject" data-testid="result-subject">
            {item.subjectMarked ? <Snippet text={item.subjectMarked} /> : item.subject}
          </span>
        ) : item.kind === 'email' ? (
          <span class="r-subject muted">{t.noSubject}</span>
        ) : null}
        <span class="r-badges">
          <ResultMarkIcons item={item} />
          {item.hasAttachments ? <PaperclipIcon label={t.hasAttachments} /> : null}
          <KindBadge kind={item.kind} platform={item.platform} t={t} />
          <VisibilityBadge visibility={item.visibility} t={t} />
        </span>
        <time class="r-date" dateTime={item.sentAt ?? undefined}>
          {date ?? t.noDate}
        </time>
        {/* A post or a chat message has no subject: its text takes the subject's place. */}
        <span
          class={`r-snippet${hasSubject || item.kind === 'email' ? '' : ' is-main'}${item.attachmentHit ? ' has-att-hit' : ''}`}
          data-testid="result-snippet"
        >
          {item.attachmentHit ? (
            // The words are in a file it carries, not in its own text.
            <AttachmentHitLine hit={item.attachmentHit} />
          ) : item.snippet.trim() === '' && !hasSubject && item.kind !== 'email' ? (
            // A sticker, a photo or a call: the row still says there was no text.
            <span class="muted">{t.emptyText}</span>
          ) : (
            <Snippet text={item.snippet} />
          )}
        </span>
        <ResultTags item={item} />
      </Link>
    </li>
  );
});
