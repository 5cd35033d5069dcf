import { useEffect, useMemo } from 'preact/hooks';
import { getThread } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { lastSearch } from '../router/last-search.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { useHotkeys } from '../ui/hotkeys.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { chatMessages, chatParticipants, isChatThread } from '../chat/chat-model.js';
import { ChatView } from '../chat/chat-view.js';
import { knownRightSide, rememberedThread, sameOrNew } from '../chat/conversation-memory.js';
import type { ThreadResponse } from '../api/api-types.js';
import { identityLabel } from '../ui/identity.js';
import { ThreadTree } from './thread-tree.js';
import { ConversationAnnotations } from '../annotations/target-annotations.js';

function rememberedResponse(id: string): ThreadResponse | null {
  const thread = rememberedThread(id);
  return thread ? { version: 1, thread } : null;
}

export function ThreadPage({ id }: { id: string }) {
  const { t } = useI18n();
  // A conversation opened from one of its messages is drawn at once from memory while it reloads.
  const res = useApi(
    `thread:${id}`,
    async (signal) => {
      const r = await getThread(id, signal);
      return { ...r, thread: sameOrNew(r.thread) };
    },
    rememberedResponse(id),
  );
  useHotkeys({ u: () => navigate(lastSearch()) });
  const thread = res.data?.thread ?? null;
  const root = thread?.nodes.find((n) => n.summary !== null)?.summary ?? null;
  const chat = isChatThread(thread);
  // Named by who took part: a chat has no subject, and its first words say little of the rest.
  const people = useMemo(
    () =>
      thread && chat ? chatParticipants(chatMessages(thread)).map((p) => identityLabel(p.identity)) : [],
    [thread, chat],
  );
  useEffect(() => {
    if (root) document.title = `${chat ? t.chatTitle : (root.subject ?? t.threadTitle)} – innsyn`;
  }, [root, chat, t]);
  if (res.error) return <ErrorNotice error={res.error} />;
  if (!thread) return <p class="muted page-pad">{t.loading}</p>;
  if (chat) {
    const names =
      people.length > 4
        ? `${people.slice(0, 3).join(', ')} ${t.andMoreLong(people.length - 3)}`
        : people.join(', ');
    return (
      <div class="thread-page is-chat" data-testid="thread-page">
        <p class="crumbs">
          <Link href={lastSearch()}>← {t.backToResults}</Link>
        </p>
        <h1>
          <span class="muted">{t.chatTitle}:</span> {names || thread.threadId}
        </h1>
        <ConversationAnnotations conversationId={thread.threadId} />
        <ChatView
          thread={thread}
          currentId={null}
          rightKey={knownRightSide(thread.threadId)}
          variant="page"
        />
      </div>
    );
  }
  const real = thread.nodes.filter((n) => n.itemId !== null).length;
  const ghosts = thread.nodes.length - real;
  return (
    <div class="thread-page" data-testid="thread-page">
      <p class="crumbs">
        <Link href={lastSearch()}>← {t.backToResults}</Link>
      </p>
      <h1>
        <span class="muted">{t.threadTitle}:</span> {root?.subject ?? t.noSubject}
      </h1>
      <p class="muted">
        {t.threadMessages(real)}
        {ghosts > 0 ? ` · ${t.threadGhosts(ghosts)}` : ''} · <code>{thread.threadId}</code>
      </p>
      <ConversationAnnotations conversationId={thread.threadId} />
      <ThreadTree thread={thread} currentId={null} rich />
    </div>
  );
}
