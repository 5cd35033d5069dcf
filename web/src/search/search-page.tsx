import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { SearchActions } from '../annotations/search-actions.js';
import { searchItems } from '../api/api-client.js';
import type { FacetBucket, SortOrder } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/format.js';
import { rememberSearch } from '../router/last-search.js';
import { navigate } from '../router/router.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { DateHistogram } from './date-histogram.js';
import { ExportMenu } from './export-menu.js';
import { FacetSidebar } from './facet-sidebar.js';
import { Pager } from './pager.js';
import { addTerm, removeTerm, setDateTerm } from './query-edit.js';
import type { QueryErrorInfo } from './query-error-view.js';
import { ResultList } from './result-list.js';
import { type Aggregates, cacheAggregates, cachedAggregates, cachedPage, cachePage } from './search-cache.js';
import { MAX_PAGE, PAGE_SIZE, readSearchState, searchHref } from './search-state.js';

export function SearchPage(props: {
  params: URLSearchParams;
  onQueryError: (e: QueryErrorInfo | null) => void;
}) {
  const { t, locale } = useI18n();
  const { q, sort, sortParam, page } = readSearchState(props.params);
  // Facets and the histogram depend on the query only: paging or re-sorting 100 000 results
  // fetches just the 50 rows and keeps the sidebar as it is.
  const aggregates = useRef<Aggregates | null>(cachedAggregates(q));
  // Bumped after tagging the results: the same page is fetched again with its new tags.
  const [rev, setRev] = useState(0);
  const key = JSON.stringify([q, sort, page, rev]);
  const res = useApi(
    key,
    async (signal) => {
      const known = aggregates.current?.q === q ? aggregates.current : cachedAggregates(q);
      const r = await searchItems(
        { q, sort, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, facets: !known, histogram: !known },
        signal,
      );
      const agg = known ?? { q, facets: r.facets, histogram: r.histogram };
      aggregates.current = agg;
      cacheAggregates(agg);
      cachePage(key, r);
      return r;
    },
    cachedPage(key),
  );

  const { onQueryError } = props;
  useEffect(() => {
    const e = res.error;
    if (e && e.code === 'bad-query')
      onQueryError({ query: q, message: e.message, column: e.column, reason: e.reason });
    else if (!res.loading) onQueryError(null);
  }, [res.error, res.loading, q, onQueryError]);
  useEffect(() => () => onQueryError(null), [onQueryError]);

  useEffect(() => {
    rememberSearch(searchHref({ q, sort: sortParam, page }));
    document.title = q ? `${q} – innsyn` : 'innsyn';
  }, [q, sortParam, page]);

  const go = useCallback((nextQ: string) => navigate(searchHref({ q: nextQ, sort: sortParam })), [sortParam]);
  const onToggle = useCallback(
    (b: FacetBucket, active: boolean) => go(active ? removeTerm(q, b.value) : addTerm(q, b.value)),
    [q, go],
  );
  const onDate = useCallback((term: string) => go(setDateTerm(q, term)), [q, go]);
  const pageHref = useCallback((p: number) => searchHref({ q, sort: sortParam, page: p }), [q, sortParam]);

  const data = res.data;
  // While a new query loads, the last sidebar stays (dimmed) instead of flashing empty.
  const agg = cachedAggregates(q) ?? aggregates.current;
  const stale = res.loading;
  const total = data?.total ?? 0;
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE);

  if (res.error && res.error.code !== 'bad-query' && !data) return <ErrorNotice error={res.error} />;
  if (res.error?.code === 'bad-query') {
    // The box above shows the message and the column; the rest of the page stays empty.
    return (
      <div class="search-page is-empty" data-testid="search-page">
        <p class="muted page-pad">{t.queryHelpHint}</p>
      </div>
    );
  }

  return (
    <div class="search-page" data-testid="search-page" aria-busy={res.loading}>
      {agg?.facets ? (
        <FacetSidebar facets={agg.facets} q={q} onToggle={onToggle} />
      ) : (
        <aside class="facets" />
      )}
      <section class="search-main" aria-labelledby="search-heading">
        <h1 id="search-heading" class="visually-hidden">
          {q ? `${t.resultsLabel}: ${q}` : t.resultsLabel}
        </h1>
        {agg?.histogram ? <DateHistogram key={agg.q} histogram={agg.histogram} onSelect={onDate} /> : null}
        {res.error ? <ErrorNotice error={res.error} /> : null}
        <div class="toolbar">
          <p class="result-count" data-testid="result-count" aria-live="polite">
            {data ? (
              <>
                <strong>{t.resultCount(formatNumber(total, locale), total)}</strong>
                {total > 0 ? (
                  <span class="muted">
                    {' · '}
                    {t.resultRange(
                      formatNumber(Math.min(data.offset + 1, total), locale),
                      formatNumber(Math.min(data.offset + data.items.length, total), locale),
                      formatNumber(total, locale),
                    )}
                  </span>
                ) : null}
              </>
            ) : (
              <span class="muted">{t.searching}</span>
            )}
            {res.loading && data ? <span class="spinner muted"> {t.searching}</span> : null}
          </p>
          <label class="sort">
            <span>{t.sortLabel}</span>
            <select
              value={sort}
              data-testid="sort-select"
              onChange={(e) => navigate(searchHref({ q, sort: e.currentTarget.value as SortOrder }))}
            >
              <option value="relevance">{t.sortRelevance}</option>
              <option value="date">{t.sortNewest}</option>
              <option value="date-asc">{t.sortOldest}</option>
            </select>
          </label>
          <ExportMenu q={q} total={data?.total ?? null} />
        </div>
        {data ? (
          <SearchActions q={q} total={total} rev={rev} onChanged={() => setRev((r) => r + 1)} onQuery={go} />
        ) : null}
        {data && data.items.length > 0 ? (
          <div class={stale ? 'is-stale' : undefined}>
            <ResultList items={data.items} />
          </div>
        ) : data && !res.loading ? (
          <div class="empty" data-testid="no-results">
            <p>
              <strong>{t.noResults}</strong>
            </p>
            <p class="muted">{t.noResultsHint}</p>
          </div>
        ) : null}
        <Pager page={page} pages={pages} href={pageHref} />
      </section>
    </div>
  );
}
