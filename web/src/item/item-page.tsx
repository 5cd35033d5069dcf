import { useEffect, useMemo } from 'preact/hooks';
import { getItem } from '../api/api-client.js';
import type { ItemResponse, ItemSummary, ThreadView } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { identityKey, isChatThread } from '../chat/chat-model.js';
import { ChatView } from '../chat/chat-view.js';
import {
  conversationContaining,
  rememberConversation,
  rightSideFor,
  sameOrNew,
} from '../chat/conversation-memory.js';
import { ItemAnnotations } from '../annotations/item-annotations.js';
import { ItemEchoes } from '../echoes/item-echoes.js';
import { useI18n } from '../i18n/i18n.js';
import { PostCard } from '../post/post-card.js';
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
import { itemTitle } from './item-title.js';
import { LinkList } from './link-list.js';
import { ProvenanceTable } from './provenance-table.js';
import { RawView } from './raw-view.js';

type View = 'text' | 'html' | 'raw';

/** How the page is laid out: an email with its thread, a chat message beside its conversation, a post. */
type Layout = 'email' | 'chat' | 'post';

function itemHref(id: string, view: View = 'text'): string {
  return `/item/${encodeURIComponent(id)}${view === 'text' ? '' : `?view=${view}`}`;
}

function layoutOf(kind: ItemSummary['kind'], thread: ThreadView | null): Layout {
  if (kind === 'post') return 'post';
  if (kind === 'message' && chatLike(thread)) return 'chat';
  return 'email';
}

/** A conversation or a channel's feed, drawn as a chat beside the item (not a one-item thread). */
function chatLike(thread: ThreadView | null): thread is ThreadView {
  return thread !== null && thread.nodes.length > 1 && isChatThread(thread);
}

export function ItemPage({ id, params }: { id: string; params: URLSearchParams }) {
  const { t } = useI18n();
  const v = params.get('view');
  const view: View = v === 'html' || v === 'raw' ? v : 'text';
  const res = useApi(`item:${id}`, (signal) => getItem(id, signal));
  // The answer for another id may still be shown while this one loads: only use a match.
  const data = res.data && res.data.item.id === id ? res.data : null;
  // A click from one bubble to another: the conversation is drawn from memory until the answer comes.
  const remembered = data ? null : conversationContaining(id);
  const answered = useMemo(() => (data?.thread ? sameOrNew(data.thread) : null), [data]);
  const thread = data ? answered : remembered;
  const summary = remembered?.nodes.find((n) => n.itemId === id)?.summary ?? null;
  const kind = data?.item.kind ?? summary?.kind ?? 'email';
  const layout = layoutOf(kind, thread);
  const { prev, next } = threadNeighbours(thread, id);

  useEffect(() => {
    if (answered && chatLike(answered)) rememberConversation(answered);
  }, [answered]);

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
    if (data) document.title = `${itemTitle(data.item)?.text ?? t.noSubject} – innsyn`;
  }, [data, t]);

  if (res.error && !data) return <ErrorNotice error={res.error} />;
  if (!data && !remembered) return <p class="muted page-pad">{t.loading}</p>;

  const sender = data?.item.from ?? summary?.from ?? null;
  let side = null;
  const withChat = (layout === 'chat' || layout === 'post') && chatLike(thread);
  if (withChat) {
    // A channel's feed has one voice: its posts stay on the left, as a feed reads.
    const rightKey =
      layout === 'chat' ? rightSideFor(thread.threadId, sender ? identityKey(sender) : null) : null;
    side = (
      <aside class="item-side is-chat">
        <ChatView
          thread={thread}
          currentId={id}
          currentText={data?.item.text ?? null}
          rightKey={rightKey}
          variant="pane"
        />
      </aside>
    );
  } else if (layout === 'email' || (thread && thread.nodes.length > 1)) {
    side = (
      <aside class="item-side" aria-labelledby="thread-title">
        <h2 id="thread-title">{t.threadTitle}</h2>
        {thread && thread.nodes.length > 1 ? (
          <>
            <ThreadTree thread={thread} currentId={id} />
            <p class="thread-open">
              <Link href={`/thread/${encodeURIComponent(thread.threadId)}`}>{t.threadOpen} →</Link>
            </p>
          </>
        ) : (
          <p class="muted">{kind === 'message' ? t.chatNone : t.threadNone}</p>
        )}
      </aside>
    );
  }

  return (
    <div
      class={`item-page${withChat ? ' is-chat' : ''}${side === null ? ' is-single' : ''}`}
      data-testid="item-page"
      data-layout={layout}
    >
      <article class="item-main" aria-labelledby="item-subject">
        <ItemToolbar id={id} view={view} prev={prev} next={next} chat={withChat} />
        {data ? (
          <ItemBody data={data} view={view} layout={layout} hit={params.get('hit') ?? undefined} />
        ) : (
          <p class="muted" id="item-subject">
            {t.loading}
          </p>
        )}
      </article>
      {side}
    </div>
  );
}

function ItemToolbar(props: {
  id: string;
  view: View;
  prev: string | null;
  next: string | null;
  chat: boolean;
}) {
  const { t } = useI18n();
  const { id, view, prev, next } = props;
  const permalink = `${location.origin}/item/${id}`;
  return (
    <div class="item-toolbar">
      <Link href={lastSearch()} class="btn btn-small" data-testid="back-to-results">
        ← {t.backToResults}
      </Link>
      <span class="spacer" />
      {prev ? (
        <Link href={itemHref(prev, view)} class="btn btn-small" rel="prev" data-testid="thread-prev">
          ↑ {props.chat ? t.chatPrev : t.threadPrev}
        </Link>
      ) : null}
      {next ? (
        <Link href={itemHref(next, view)} class="btn btn-small" rel="next" data-testid="thread-next">
          ↓ {props.chat ? t.chatNext : t.threadNext}
        </Link>
      ) : null}
      <CopyButton text={permalink} label={t.permalink} what={t.permalink} testid="copy-permalink" />
    </div>
  );
}

/** Title, envelope, the text in its views, attachments, links and where the bytes came from. */
function ItemBody({
  data,
  view,
  layout,
  hit,
}: {
  data: ItemResponse;
  view: View;
  layout: Layout;
  /** The attachment a search matched (?hit=sha256): its text is shown. */
  hit: string | undefined;
}) {
  const { t } = useI18n();
  const { item, locations } = data;
  const knownHtml = 'html' in item && item.html !== undefined ? item.html !== null : null;
  // The tab is left out when the item says it has no HTML (a plain-text mail, most chats).
  const htmlTab = knownHtml !== false;
  const title = itemTitle(item);
  const isPost = layout === 'post';
  return (
    <>
      <header class={`item-head${isPost ? ' is-post' : ''}`}>
        <h1
          id="item-subject"
          data-testid="item-subject"
          class={`${title?.fromText ? 'is-text' : ''}${isPost ? ' visually-hidden' : ''}`}
        >
          {isPost ? `${t.postTitle}: ` : null}
          {title ? (
            title.text
          ) : (
            <span class="muted">{item.kind === 'email' ? t.noSubject : t.emptyText}</span>
          )}
        </h1>
        {isPost ? null : (
          <p class="item-badges">
            <KindBadge kind={item.kind} platform={item.platform} t={t} />
            <VisibilityBadge visibility={item.visibility} t={t} />
          </p>
        )}
      </header>
      <ItemAnnotations key={item.id} id={item.id} answer={data} />
      {isPost ? null : <ItemHeaders item={item} folders={data.folders} folderQueries={data.folderQueries} />}
      <nav class="tabs" aria-label={t.itemViews}>
        <Link
          href={itemHref(item.id)}
          class="tab"
          aria-current={view === 'text' ? 'page' : undefined}
          data-testid="tab-text"
        >
          {isPost ? t.postTitle : t.tabText}
        </Link>
        {htmlTab ? (
          <Link
            href={itemHref(item.id, 'html')}
            class="tab"
            aria-current={view === 'html' ? 'page' : undefined}
            data-testid="tab-html"
          >
            {t.tabHtml}
          </Link>
        ) : null}
        <Link
          href={itemHref(item.id, 'raw')}
          class="tab"
          aria-current={view === 'raw' ? 'page' : undefined}
          data-testid="tab-raw"
        >
          {t.tabRaw}
        </Link>
      </nav>
      <div class="tab-panel">
        {view === 'text' ? (
          isPost ? (
            <PostCard item={item} />
          ) : (
            <ItemText text={item.text} flags={item.flags} />
          )
        ) : null}
        {view === 'html' ? <HtmlView id={item.id} known={knownHtml} /> : null}
        {view === 'raw' ? <RawView id={item.id} /> : null}
      </div>
      {isPost ? (
        <ItemHeaders item={item} envelope={false} folders={data.folders} folderQueries={data.folderQueries} />
      ) : null}
      <AttachmentList
        itemId={item.id}
        attachments={item.attachments}
        infos={data.attachments}
        showText={hit}
      />
      {isPost ? null : <LinkList links={item.links} />}
      <ItemEchoes item={item} />
      <ProvenanceTable locations={locations.length > 0 ? locations : [item.location]} />
    </>
  );
}
