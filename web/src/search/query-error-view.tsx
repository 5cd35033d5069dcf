import { useI18n } from '../i18n/i18n.js';
import { queryErrorMessage } from '../i18n/query-reasons-nb.js';

export interface QueryErrorInfo {
  query: string;
  message: string;
  /** 1-based, in code points (as src/query counts), or undefined when the server gave none. */
  column: number | undefined;
  /** The message as data (src/query/query-reason.ts), when the server sent it. */
  reason?: { key: string } | undefined;
}

/**
 * The server's message and the query with the character at the error's column marked. The
 * query is the reporter's own text, but it is still rendered as text nodes only.
 */
export function QueryErrorView({ error, id }: { error: QueryErrorInfo; id: string }) {
  const { t, lang } = useI18n();
  const chars = Array.from(error.query);
  const col = error.column;
  const message = queryErrorMessage(error.message, error.reason, lang);
  // The server's English message names the column itself: not twice.
  const showCol = col !== undefined && !/\bcolumn \d/.test(message);
  const at = col === undefined ? -1 : Math.min(Math.max(col - 1, 0), chars.length);
  return (
    <div class="query-error" role="alert" id={id} data-testid="query-error">
      <div class="query-error-message">
        <strong>{t.queryError}</strong>
        {showCol ? ` (${t.queryErrorAt(col)})` : null}: {message}
      </div>
      {at >= 0 ? (
        <code class="query-error-query" data-testid="query-error-query">
          {chars.slice(0, at).join('')}
          <mark class="query-error-at" data-testid="query-error-at">
            {/* Past the end (an unclosed group) marks an empty place: show a visible space. */}
            {chars[at] ?? '\u00a0'}
          </mark>
          {chars.slice(at + 1).join('')}
        </code>
      ) : null}
    </div>
  );
}
