import type { Location } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/format.js';
import { CopyButton } from '../ui/copy-button.js';

/** Every place a copy of the item was found: enough to cut the exact bytes out again. */
export function ProvenanceTable({ locations }: { locations: Location[] }) {
  const { t, locale } = useI18n();
  // The labels a mailbox wrote into a copy (Gmail's, X-Folder): a column only when a copy has some.
  const labelled = locations.some((l) => (l.labels?.length ?? 0) > 0);
  return (
    <section class="panel" aria-labelledby="prov-title" data-testid="provenance">
      <h2 id="prov-title">
        {t.provenanceTitle} <span class="count">{locations.length}</span>
      </h2>
      <p class="note">{t.provenanceNote}</p>
      <div class="table-scroll">
        <table class="data-table prov-table">
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
              <th scope="col">{t.provSha}</th>
              {labelled ? <th scope="col">{t.provLabels}</th> : null}
            </tr>
          </thead>
          <tbody>
            {locations.map((l, i) => (
              <tr key={i} data-testid="provenance-row">
                <td class="mono">
                  <div class="path-cell">
                    <span class="path" title={l.path}>
                      {l.path}
                    </span>
                    <CopyButton text={l.path} what={t.provFile} />{' '}
                  </div>
                </td>
                <td class="mono">{l.member ?? '—'}</td>
                <td class="num mono">{formatNumber(l.offset, locale)}</td>
                <td class="num mono">{formatNumber(l.length, locale)}</td>
                <td class="mono">
                  <div class="sha-cell">
                    <span class="sha" title={l.sha256}>
                      {l.sha256}
                    </span>
                    <CopyButton text={l.sha256} what={t.provSha} />{' '}
                  </div>
                </td>
                {labelled ? (
                  <td data-testid="provenance-labels">{l.labels?.length ? l.labels.join(', ') : '—'}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
