import type { ApiItem } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import {
  formatAtOffset,
  formatDateTimeLong,
  formatLocalDateTime,
  formatOffset,
  localTimeZone,
} from '../i18n/format.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { KindBadge, VisibilityBadge } from '../ui/badges.js';
import { identityFull, identityKeyText, identityName } from '../ui/identity-text.js';
import { postRuns } from './post-text.js';

/** The first letter of the author's name or handle, for the round mark in place of a picture (none is ever fetched). */
function initial(s: string): string {
  const ch = Array.from(s.replace(/^@/, '').trim())[0];
  return ch ? ch.toUpperCase() : '?';
}

/**
 * A public post as the platform would show it: author, handle, time, the text with its links,
 * @mentions and #tags set apart (as text: nothing is fetched or followed), and the links the
 * export expanded (t.co and the like) listed under it. A mention searches the case for it.
 */
export function PostCard({ item }: { item: ApiItem }) {
  const { t, locale } = useI18n();
  const from = item.from;
  const name = from ? identityName(from) : null;
  const key = from ? identityKeyText(from) : null;
  const utc = formatDateTimeLong(item.sentAt, locale);
  const local = formatLocalDateTime(item.sentAt, locale);
  const atSender = item.tzOffset !== null ? formatAtOffset(item.sentAt, item.tzOffset, locale) : null;
  const runs = postRuns(item.text);
  return (
    <article class="post-card" data-testid="post-card" aria-label={t.postTitle}>
      <header class="post-head">
        <span class="post-avatar" aria-hidden="true">
          {initial(name ?? key ?? '?')}
        </span>
        <span class="post-author" title={from ? identityFull(from) : undefined}>
          {name !== null ? <span class="post-name">{name}</span> : null}
          {key !== null ? <span class="post-handle">{key}</span> : <span class="muted">{t.nobody}</span>}
        </span>
        <span class="post-badges">
          <KindBadge kind={item.kind} platform={item.platform} t={t} />
          <VisibilityBadge visibility={item.visibility} t={t} />
        </span>
      </header>
      <p class="post-text" data-testid="post-text">
        {item.text.trim() === ''
          ? t.emptyText
          : runs.map((r, i) =>
              r.kind === 'text' ? (
                r.text
              ) : r.kind === 'mention' ? (
                <Link key={i} class="post-mention" href={searchHref({ q: `mention:${r.text.slice(1)}` })}>
                  {r.text}
                </Link>
              ) : (
                <span
                  key={i}
                  class={r.kind === 'link' ? 'post-url' : 'post-tag'}
                  title={r.kind === 'link' ? t.linksNote : undefined}
                >
                  {r.text}
                </span>
              ),
            )}
      </p>
      <p class="post-time" data-testid="post-time">
        {utc ? (
          <time
            dateTime={item.sentAt ?? undefined}
            title={local ? t.chatLocal(local, localTimeZone()) : undefined}
          >
            {utc} {t.utc}
          </time>
        ) : (
          <span class="muted">{t.noDate}</span>
        )}
        {atSender && item.tzOffset !== null && item.tzOffset !== 0 ? (
          <span class="muted"> · {t.originalTime(atSender, formatOffset(item.tzOffset))}</span>
        ) : null}
        {item.dateSource !== 'header' && item.dateSource !== 'export' ? (
          <span class="flag-note"> · {t.dateSources[item.dateSource] ?? item.dateSource}</span>
        ) : null}
      </p>
      {item.links.length > 0 ? (
        <section class="post-links" aria-labelledby="post-links-title" data-testid="links">
          <h2 id="post-links-title">
            {t.postLinks} <span class="count">{item.links.length}</span>
          </h2>
          <ul class="link-list">
            {item.links.map((l, i) => (
              <li key={i}>
                <code class="wrap">{l}</code>
              </li>
            ))}
          </ul>
          <p class="note">{t.linksNote}</p>
        </section>
      ) : null}
    </article>
  );
}
