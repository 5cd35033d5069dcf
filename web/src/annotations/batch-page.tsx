import { useEffect, useMemo, useState } from 'preact/hooks';
import { queryErrorMessage } from '../i18n/query-reasons-nb.js';
import { ApiError } from '../api/api-client.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { searchHref } from '../search/search-state.js';
import { useAnnotationMessages } from './annotation-messages.js';
import { batchSearch, MAX_BATCH_TERMS, type BatchResponse, type BatchRow } from './annotations-api.js';
import { batchCsv, batchLines } from './batch-csv.js';

/** Longest "all of them together" query offered: the parser takes 10,000 characters and 1,000 terms. */
const MAX_TOGETHER_CHARS = 2000;

/** A term as the server searched it: itself, or (exact) one phrase (src/store/batch-search.ts exactPhrase). */
function termQuery(term: string, exact: boolean): string {
  return exact ? `"${term.replace(/["\\]/g, (c) => `\\${c}`)}"` : term;
}

/** Every searchable term ORed, with the filter: one search for all of them, when short enough. */
function togetherQuery(result: BatchResponse): string | null {
  const terms = result.rows
    .filter((r) => r.error === null)
    .map((r) => `(${termQuery(r.term, result.exact)})`);
  if (terms.length < 2) return null;
  const q = `(${terms.join(' OR ')})${result.filter ? ` (${result.filter})` : ''}`;
  return q.length <= MAX_TOGETHER_CHARS ? q : null;
}

/** Why a term could not be searched, in the reader's language where its reason is known here. */
function rowError(
  r: BatchRow,
  m: ReturnType<typeof useAnnotationMessages>['m'],
  lang: string,
  locale: string,
): string {
  const reason = r.reason ?? undefined;
  if (reason?.key === 'no-words') return m.batchNoWords;
  if (reason?.key === 'too-long-with-filter' && typeof reason.max === 'number')
    return m.batchTooLongWithFilter(formatNumber(reason.max, locale));
  return queryErrorMessage(r.error ?? '', reason, lang);
}

/** Terms kept in this tab while the reader looks at a result and comes back (never written to disk). */
let remembered = '';

/**
 * /batch?filter=…&exact=1: many names or terms searched at once, each with the same filter
 * (POST /api/batch-search): how many items each finds, its first and last date, a link to its
 * results, and the table as CSV. The filter and the exact switch are in the URL; the list is
 * not (it may be long, and names of sources do not belong in a URL or a history).
 */
export function BatchPage(props: { params: URLSearchParams }) {
  const { m, locale, lang } = useAnnotationMessages();
  const [text, setText] = useState(remembered);
  const [filter, setFilter] = useState(props.params.get('filter') ?? '');
  const [exact, setExact] = useState(props.params.get('exact') === '1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BatchResponse | null>(null);
  const [order, setOrder] = useState<'listed' | 'hits'>('listed');

  useEffect(() => {
    document.title = `${m.batchTitle} – innsyn`;
  }, [m]);
  useEffect(() => {
    remembered = text;
  }, [text]);

  const lines = batchLines(text);
  const rows = useMemo(() => {
    const all = result?.rows ?? [];
    return order === 'hits' ? [...all].sort((a, b) => (b.hits ?? -1) - (a.hits ?? -1)) : all;
  }, [result, order]);
  const max = rows.reduce((mx, r) => Math.max(mx, r.hits ?? 0), 1);

  const run = async (e: Event) => {
    e.preventDefault();
    if (lines.length === 0) return setError(m.batchEmpty);
    if (lines.length > MAX_BATCH_TERMS)
      return setError(m.batchTooMany(formatNumber(MAX_BATCH_TERMS, locale)));
    const p = new URLSearchParams();
    if (filter.trim()) p.set('filter', filter.trim());
    if (exact) p.set('exact', '1');
    const s = p.toString();
    navigate(`/batch${s ? `?${s}` : ''}`, { replace: true });
    setBusy(true);
    setError(null);
    try {
      setResult(await batchSearch(lines, filter, exact));
    } catch (err) {
      // A filter that is not a query: its error in the reader's language where the server sent its reason.
      setError(err instanceof ApiError ? queryErrorMessage(err.message, err.reason, lang) : String(err));
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([batchCsv(result.rows)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'innsyn-batch.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const allQuery = result ? togetherQuery(result) : null;
  const found = result?.rows.filter((r) => (r.hits ?? 0) > 0).length ?? 0;
  const failed = result?.rows.filter((r) => r.error !== null).length ?? 0;

  return (
    <div class="batch-page page-pad" data-testid="batch-page">
      <h1>{m.batchTitle}</h1>
      <p class="muted batch-intro">{m.batchIntro}</p>
      <form class="batch-form" onSubmit={(e) => void run(e)}>
        <label class="batch-field">
          <span>{m.batchTerms}</span>
          <textarea
            class="batch-terms"
            rows={8}
            value={text}
            placeholder={m.batchTermsPlaceholder}
            spellcheck={false}
            data-testid="batch-terms"
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <label class="batch-field">
          <span>{m.batchFilter}</span>
          <input
            type="text"
            class="ann-input batch-filter"
            value={filter}
            placeholder={m.batchFilterPlaceholder}
            spellcheck={false}
            data-testid="batch-filter"
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </label>
        <label class="batch-check">
          <input
            type="checkbox"
            checked={exact}
            data-testid="batch-exact"
            onChange={(e) => setExact(e.currentTarget.checked)}
          />
          <span>{m.batchExact}</span>
        </label>
        <div class="batch-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="batch-run">
            {m.batchRun}
          </button>
          <span class="muted">{m.batchCount(formatNumber(lines.length, locale), lines.length)}</span>
          {busy ? <span class="muted">{m.batchRunning(formatNumber(lines.length, locale))}</span> : null}
        </div>
      </form>
      {error ? (
        <p class="ann-error" role="alert" data-testid="batch-error">
          {error}
        </p>
      ) : null}
      {result ? (
        <section class="batch-result" aria-live="polite">
          <div class="batch-toolbar">
            <p class="batch-summary" data-testid="batch-summary">
              <strong>{m.batchCount(formatNumber(result.rows.length, locale), result.rows.length)}</strong>
              {' · '}
              {m.batchFound(formatNumber(found, locale), found)}
              {failed > 0 ? ` · ${m.batchErrors(formatNumber(failed, locale), failed)}` : ''}
            </p>
            <span class="spacer" />
            <label class="sort">
              <span>{m.batchOrder}</span>
              <select
                value={order}
                data-testid="batch-order"
                onChange={(e) => setOrder(e.currentTarget.value as 'listed' | 'hits')}
              >
                <option value="listed">{m.batchOrderListed}</option>
                <option value="hits">{m.batchOrderHits}</option>
              </select>
            </label>
            {allQuery ? (
              <Link class="btn btn-small" href={searchHref({ q: allQuery })} data-testid="batch-all">
                {m.batchAll}
              </Link>
            ) : null}
            <button type="button" class="btn btn-small" onClick={download} data-testid="batch-csv">
              {m.batchCsv}
            </button>
          </div>
          <div class="batch-table-wrap">
            <table class="batch-table" data-testid="batch-table">
              <thead>
                <tr>
                  <th scope="col">{m.batchTerm}</th>
                  <th scope="col" class="num">
                    {m.batchHits}
                  </th>
                  <th scope="col">{m.batchFirst}</th>
                  <th scope="col">{m.batchLast}</th>
                  <th scope="col">
                    <span class="visually-hidden">{m.batchShow}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.term} data-testid="batch-row" class={r.hits === 0 ? 'is-none' : undefined}>
                    <th scope="row" class="batch-term">
                      {r.term}
                      {r.error ? (
                        <span class="batch-row-error" data-testid="batch-row-error">
                          {rowError(r, m, lang, locale)}
                        </span>
                      ) : null}
                    </th>
                    <td class="num batch-hits" data-testid="batch-hits">
                      {r.hits === null ? '–' : formatNumber(r.hits, locale)}
                      {r.hits ? (
                        <span class="batch-bar" style={{ width: `${Math.round((r.hits / max) * 100)}%` }} />
                      ) : null}
                    </td>
                    <td class="batch-date">{formatDateTime(r.first, locale) ?? ''}</td>
                    <td class="batch-date">{formatDateTime(r.last, locale) ?? ''}</td>
                    <td>
                      {r.hits ? (
                        <Link href={searchHref({ q: r.query })} title={m.batchShowTitle(r.query)}>
                          {m.batchShow} →
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
