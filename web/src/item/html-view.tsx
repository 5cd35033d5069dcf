import { hasHtml, itemHtmlUrl } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNotice } from '../ui/error-notice.js';

/**
 * The sanitised HTML in a frame with an empty sandbox: no scripts, not same-origin (so no
 * cookie, no API access), no forms, no popups, no top navigation. The server adds a CSP that
 * blocks every remote load, so a tracking pixel cannot reveal the reporter; no-referrer keeps
 * even our own URL out of any request.
 */
export function HtmlView({ id, known }: { id: string; known: boolean | null }) {
  const { t } = useI18n();
  const probe = useApi(known === null ? `html:${id}` : null, (signal) => hasHtml(id, signal));
  const present = known ?? probe.data;
  if (probe.error) return <ErrorNotice error={probe.error} />;
  if (present === null) return <p class="muted">{t.loading}</p>;
  if (!present)
    return (
      <p class="muted" data-testid="html-none">
        {t.htmlNone}
      </p>
    );
  return (
    <div class="html-view">
      <p class="note">{t.htmlNote}</p>
      <iframe
        key={id}
        sandbox=""
        referrerpolicy="no-referrer"
        loading="lazy"
        src={itemHtmlUrl(id)}
        title={t.htmlFrameTitle}
        class="html-frame"
        data-testid="html-frame"
      />
    </div>
  );
}
