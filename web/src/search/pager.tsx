import { useI18n } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { pageWindow } from './page-window.js';

export function Pager(props: { page: number; pages: number; href: (page: number) => string }) {
  const { t, locale } = useI18n();
  const { page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t.pagination} data-testid="pager">
      {page > 1 ? (
        <Link class="btn btn-small" href={props.href(page - 1)} rel="prev" data-testid="pager-prev">
          ‹ {t.previous}
        </Link>
      ) : (
        <span class="btn btn-small is-disabled" aria-disabled="true">
          ‹ {t.previous}
        </span>
      )}
      <ol class="pager-pages">
        {pageWindow(page, pages).map((p, i) =>
          p === null ? (
            <li key={`gap${i}`} class="pager-gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                class={`pager-page${p === page ? ' is-current' : ''}`}
                href={props.href(p)}
                aria-label={t.pageN(formatNumber(p, locale))}
                aria-current={p === page ? 'page' : undefined}
              >
                {formatNumber(p, locale)}
              </Link>
            </li>
          ),
        )}
      </ol>
      {page < pages ? (
        <Link class="btn btn-small" href={props.href(page + 1)} rel="next" data-testid="pager-next">
          {t.next} ›
        </Link>
      ) : (
        <span class="btn btn-small is-disabled" aria-disabled="true">
          {t.next} ›
        </span>
      )}
    </nav>
  );
}
