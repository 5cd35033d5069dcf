import { memo } from 'preact/compat';
import type { ThreadView } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { KindBadge, VisibilityBadge } from '../ui/badges.js';
import { identityFull, identityLabel } from '../ui/identity.js';
import { Snippet } from '../ui/snippet.js';

/**
 * Indentation levels drawn. A chain of hundreds of replies (a mailing-list flame war, a
 * hostile file) would push every line out of the column; deeper nodes show their depth.
 */
export const MAX_INDENT = 10;
const INDENT_PX = 14;
/** In the item page's narrow column (not `rich`) a level is narrower, so deep replies keep their names. */
const COMPACT_INDENT_PX = 8;

/**
 * The thread as an indented list in depth-first order, the current message marked and missing
 * parents shown as ghosts. Flat rendering from the API's depth numbers: no recursion.
 */
export const ThreadTree = memo(function ThreadTree(props: {
  thread: ThreadView;
  currentId: string | null;
  rich?: boolean;
}) {
  const { t, locale } = useI18n();
  return (
    <ol
      class={`thread-tree${props.rich ? ' is-rich' : ''}`}
      aria-label={t.threadLabel}
      data-testid="thread-tree"
    >
      {props.thread.nodes.map((n, i) => {
        const indent = Math.min(n.depth, MAX_INDENT) * (props.rich ? INDENT_PX : COMPACT_INDENT_PX);
        const deep = n.depth > MAX_INDENT ? <span class="depth-mark">↳{n.depth}</span> : null;
        if (n.itemId === null || n.summary === null) {
          return (
            <li
              key={i}
              class="tnode is-ghost"
              style={{ paddingLeft: `${indent + 8}px` }}
              data-testid="thread-node"
              data-ghost="true"
              title={n.messageId ?? undefined}
            >
              {deep}
              <span class="tnode-line">{t.threadMissing}</span>
              {props.rich && n.messageId ? <code class="tnode-mid">&lt;{n.messageId}&gt;</code> : null}
            </li>
          );
        }
        const s = n.summary;
        const current = n.itemId === props.currentId;
        const date = formatDateTime(s.sentAt, locale) ?? t.noDate;
        return (
          <li
            key={i}
            class={`tnode${current ? ' is-current' : ''}`}
            style={{ paddingLeft: `${indent + 8}px` }}
            data-testid="thread-node"
            data-item-id={n.itemId}
            data-current={current ? 'true' : undefined}
          >
            {deep}
            <Link
              href={`/item/${encodeURIComponent(n.itemId)}`}
              class="tnode-link"
              aria-current={current ? 'page' : undefined}
              title={s.subject ?? undefined}
            >
              <span class="tnode-line">
                <span class="tnode-from" title={s.from ? identityFull(s.from) : undefined}>
                  {s.from ? identityLabel(s.from) : t.nobody}
                </span>
                <time class="tnode-date" dateTime={s.sentAt ?? undefined}>
                  {date}
                </time>
              </span>
              {props.rich ? (
                <>
                  {/* A chat message or a post has no subject: its snippet below says what it is. */}
                  {s.subject !== null && s.subject.trim() !== '' ? (
                    <span class="tnode-subject">{s.subject}</span>
                  ) : s.kind === 'email' ? (
                    <span class="tnode-subject">{t.noSubject}</span>
                  ) : null}
                  <span class="tnode-snippet">
                    <Snippet text={s.snippet} />
                  </span>
                </>
              ) : null}
            </Link>
            {props.rich ? (
              <span class="tnode-badges">
                <KindBadge kind={s.kind} platform={s.platform} t={t} />
                <VisibilityBadge visibility={s.visibility} t={t} />
              </span>
            ) : null}
            {current ? <span class="visually-hidden"> ({t.threadCurrent})</span> : null}
          </li>
        );
      })}
    </ol>
  );
});
