import { useEffect } from 'preact/hooks';
import { getThread } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { lastSearch } from '../router/last-search.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { useHotkeys } from '../ui/hotkeys.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { ThreadTree } from './thread-tree.js';

export function ThreadPage({ id }: { id: string }) {
  const { t } = useI18n();
  const res = useApi(`thread:${id}`, (signal) => getThread(id, signal));
  useHotkeys({ u: () => navigate(lastSearch()) });
  const thread = res.data?.thread ?? null;
  const root = thread?.nodes.find((n) => n.summary !== null)?.summary ?? null;
  useEffect(() => {
    if (root) document.title = `${root.subject ?? t.threadTitle} – innsyn`;
  }, [root, t]);
  if (res.error) return <ErrorNotice error={res.error} />;
  if (!thread) return <p class="muted page-pad">{t.loading}</p>;
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
      <ThreadTree thread={thread} currentId={null} rich />
    </div>
  );
}
