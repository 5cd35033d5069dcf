import { getRawText, itemRawUrl, MAX_RAW_DISPLAY_BYTES } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatBytes } from '../i18n/format.js';
import { ErrorNotice } from '../ui/error-notice.js';

/** The exact bytes as read (decoded for display only), and the download of the file itself. */
export function RawView({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const raw = useApi(`raw:${id}`, (signal) => getRawText(id, signal));
  return (
    <div class="raw-view" data-testid="raw-view">
      <p class="raw-actions">
        <a
          class="btn btn-small"
          href={itemRawUrl(id, true)}
          download=""
          rel="noreferrer"
          data-testid="raw-download"
        >
          {t.rawDownload}
        </a>
      </p>
      {raw.error ? <ErrorNotice error={raw.error} /> : null}
      {raw.data ? (
        <>
          {raw.data.truncated ? (
            <p class="notice">{t.rawTruncated(formatBytes(MAX_RAW_DISPLAY_BYTES, locale))}</p>
          ) : null}
          <pre class="raw-text" data-testid="raw-text">
            {raw.data.text}
          </pre>
        </>
      ) : raw.loading ? (
        <p class="muted">{t.rawLoading}</p>
      ) : null}
    </div>
  );
}
