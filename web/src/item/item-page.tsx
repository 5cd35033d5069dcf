import { useEffect } from 'preact/hooks';
import { getItem } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { lastSearch } from '../router/last-search.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { threadNeighbours } from '../thread/thread-nav.js';
import { ThreadTree } from '../thread/thread-tree.js';
import { KindBadge, VisibilityBadge } from '../ui/badges.js';
import { CopyButton } from '../ui/copy-button.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { useHotkeys } from '../ui/hotkeys.js';
import { AttachmentList } from './attachment-list.js';
import { HtmlView } from './html-view.js';
import { ItemHeaders } from './item-headers.js';
import { ItemText } from './item-text.js';
import { LinkList } from './link-list.js';
import { ProvenanceTable } from './provenance-table.js';
import { RawView } from './raw-view.js';

type View = 'text' | 'html' | 'raw';

function itemHref(id: string, view: View = 'text'): string {
  return `/item/${encodeURIComponent(id)}${view === 'text' ? '' : `?view=${view}`}`;
}

export function ItemPage({ id, params }: { id: string; params: URLSearchParams }) {
  const { t } = useI18n();
  const v = params.get('view');
  const view: View = v === 'html' || v === 'raw' ? v : 'text';
  const res = useApi(`item:${id}`, (signal) => getItem(id, signal));
  // The answer for another id may still be shown while this one loads: only use a match.
  const data = res.data && res.data.item.id === id ? res.data : null;
  const { prev, next } = threadNeighbours(data?.thread ?? null, id);

  useHotkeys({
    j: () => {
      if (next) navigate(itemHref(next, view));
    },
    k: () => {
      if (prev) navigate(itemHref(prev, view));
    },
    u: () => navigate(lastSearch()),
  });

  useEffect(() => {
    if (data) document.title = `${data.item.subject ?? t.noSubject} – innsyn`;
  }, [data, t]);

  if (res.error && !data) return <ErrorNotice error={res.error} />;
  if (!data) return <p class="muted page-pad">{t.loading}</p>;
  const { item, locations, thread } = data;
  const permalink = `${location.origin}/item/${item.id}`;
  const knownHtml = 'html' in item && item.html !== undefined ? item.html !== null : null;

  return (
    <div class="item-page" data-testid="item-page">
      <article class="item-main" aria-labelledby="item-subject">
        <div class="item-toolbar">
          <Link href={lastSearch()} class="btn btn-small" data-testid="back-to-results">
            ← {t.backToResults}
          </Link>
          <span class="spacer" />
          {prev ? (
            <Link href={itemHref(prev, view)} class="btn btn-small" rel="prev" data-testid="thread-prev">
              ↑ {t.threadPrev}
            </Link>
          ) : null}
          {next ? (
            <Link href={itemHref(next, view)} class="btn btn-small" rel="next" data-testid="thread-next">
              ↓ {t.threadNext}
            </Link>
          ) : null}
          <CopyButton text={permalink} label={t.permalink} what={t.permalink} testid="copy-permalink" />
        </div>
        <header class="item-head">
          <h1 id="item-subject" data-testid="item-subject">
            {item.subject && item.subject.trim() !== '' ? (
              item.subject
            ) : (
              <span class="muted">{t.noSubject}</span>
            )}
          </h1>
          <p class="item-badges">
            <KindBadge kind={item.kind} platform={item.platform} t={t} />
            <VisibilityBadge visibility={item.visibility} t={t} />
          </p>
        </header>
        <ItemHeaders item={item} />
        <nav class="tabs" aria-label={t.itemViews}>
          <Link
            href={itemHref(id)}
            class="tab"
            aria-current={view === 'text' ? 'page' : undefined}
            data-testid="tab-text"
          >
            {t.tabText}
          </Link>
          <Link
            href={itemHref(id, 'html')}
            class="tab"
            aria-current={view === 'html' ? 'page' : undefined}
            data-testid="tab-html"
          >
            {t.tabHtml}
          </Link>
          <Link
            href={itemHref(id, 'raw')}
            class="tab"
            aria-current={view === 'raw' ? 'page' : undefined}
            data-testid="tab-raw"
          >
            {t.tabRaw}
          </Link>
        </nav>
        <div class="tab-panel">
          {view === 'text' ? <ItemText text={item.text} /> : null}
          {view === 'html' ? <HtmlView id={item.id} known={knownHtml} /> : null}
          {view === 'raw' ? <RawView id={item.id} /> : null}
        </div>
        <AttachmentList attachments={item.attachments} />
        <LinkList links={item.links} />
        <ProvenanceTable locations={locations.length > 0 ? locations : [item.location]} />
      </article>
      <aside class="item-side" aria-labelledby="thread-title">
        <h2 id="thread-title">{t.threadTitle}</h2>
        {thread && thread.nodes.length > 1 ? (
          <>
            <ThreadTree thread={thread} currentId={item.id} />
            <p class="thread-open">
              <Link href={`/thread/${encodeURIComponent(thread.threadId)}`}>{t.threadOpen} →</Link>
            </p>
          </>
        ) : (
          <p class="muted">{t.threadNone}</p>
        )}
      </aside>
    </div>
  );
}
