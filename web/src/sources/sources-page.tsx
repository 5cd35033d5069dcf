import { useEffect } from 'preact/hooks';
import { getSources } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatBytes, formatEpochMs, formatNumber } from '../i18n/format.js';
import { CopyButton } from '../ui/copy-button.js';
import { ErrorNotice } from '../ui/error-notice.js';

/** What was read, from where, and what could not be read and why. */
export function SourcesPage() {
  const { t, locale } = useI18n();
  const res = useApi('sources', (signal) => getSources(signal));
  useEffect(() => {
    document.title = `${t.sourcesTitle} – innsyn`;
  }, [t]);
  if (res.error) return <ErrorNotice error={res.error} />;
  if (!res.data) return <p class="muted page-pad">{t.loading}</p>;
  const { sources, quarantine } = res.data;
  const n = (x: number) => formatNumber(x, locale);
  return (
    <div class="sources-page" data-testid="sources-page">
      <h1>{t.sourcesTitle}</h1>
      <section class="panel" aria-labelledby="inputs-title">
        <h2 id="inputs-title">
          {t.sourcesInputs} <span class="count">{sources.length}</span>
        </h2>
        {sources.length === 0 ? (
          <p class="muted">{t.srcNone}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table" data-testid="sources-table">
              <thead>
                <tr>
                  <th scope="col">{t.srcFile}</th>
                  <th scope="col" class="num">
                    {t.srcSize}
                  </th>
                  <th scope="col">{t.srcModified}</th>
                  <th scope="col">{t.srcState}</th>
                  <th scope="col" class="num">
                    {t.srcRead}
                  </th>
                  <th scope="col" class="num">
                    {t.srcStored}
                  </th>
                  <th scope="col" class="num">
                    {t.srcDuplicates}
                  </th>
                  <th scope="col" class="num">
                    {t.srcQuarantined}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sources.map((s) => (
                  <tr key={s.path}>
                    <td class="mono">
                      <div class="path-cell">
                        <span class="path" title={s.path}>
                          {s.path}
                        </span>{' '}
                      </div>
                    </td>
                    <td class="num">{formatBytes(s.size, locale)}</td>
                    <td>{formatEpochMs(s.mtimeMs, locale) ?? '—'}</td>
                    <td>
                      <span class={`badge ${s.state === 'complete' ? 'badge-ok' : 'badge-warn'}`}>
                        {s.state === 'complete' ? t.srcComplete : t.srcStarted}
                      </span>
                    </td>
                    <td class="num">{n(s.read)}</td>
                    <td class="num">{n(s.stored)}</td>
                    <td class="num">{n(s.duplicates)}</td>
                    <td class={`num${s.quarantined > 0 ? ' warn-text' : ''}`}>{n(s.quarantined)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="panel" aria-labelledby="quarantine-title">
        <h2 id="quarantine-title">
          {t.quarantineTitle} <span class="count">{quarantine.length}</span>
        </h2>
        <p class="note">{t.quarantineNote}</p>
        {quarantine.length === 0 ? (
          <p class="muted">{t.quarantineNone}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table" data-testid="quarantine-table">
              <thead>
                <tr>
                  <th scope="col">{t.provFile}</th>
                  <th scope="col">{t.provMember}</th>
                  <th scope="col" class="num">
                    {t.provOffset}
                  </th>
                  <th scope="col" class="num">
                    {t.provLength}
                  </th>
                  <th scope="col">{t.quarantineReason}</th>
                  <th scope="col">{t.provSha}</th>
                </tr>
              </thead>
              <tbody>
                {quarantine.map((q, i) => (
                  <tr key={i}>
                    <td class="mono">
                      <div class="path-cell">
                        <span class="path" title={q.path}>
                          {q.path}
                        </span>{' '}
                      </div>
                    </td>
                    <td class="mono">{q.member ?? '—'}</td>
                    <td class="num mono">{n(q.offset)}</td>
                    <td class="num mono">{n(q.length)}</td>
                    <td class="reason">{q.reason}</td>
                    <td class="mono">
                      <div class="sha-cell">
                        <span class="sha" title={q.sha256}>
                          {q.sha256.slice(0, 16)}…
                        </span>
                        <CopyButton text={q.sha256} what={t.provSha} />{' '}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
