import { useEffect, useRef } from 'preact/hooks';
import type { ItemSummary } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { useHotkeys } from '../ui/hotkeys.js';
import { ResultRow } from './result-row.js';

/**
 * The results, with `j`/`k` moving the keyboard focus between rows and Enter (the link's own
 * behaviour) opening one. Focus, not state, marks the selection, so moving it costs no render.
 */
export function ResultList({ items }: { items: ItemSummary[] }) {
  const { t, locale } = useI18n();
  const listRef = useRef<HTMLOListElement>(null);

  const move = (delta: number) => {
    const rows = listRef.current?.querySelectorAll<HTMLAnchorElement>('a.result-link');
    if (!rows || rows.length === 0) return;
    const current = Array.prototype.indexOf.call(rows, document.activeElement);
    const next = current < 0 ? (delta > 0 ? 0 : rows.length - 1) : current + delta;
    const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  };
  useHotkeys({ j: () => move(1), k: () => move(-1) });

  // A new page starts unselected and at the top.
  useEffect(() => {
    const el = document.activeElement;
    if (el instanceof HTMLElement && listRef.current?.contains(el)) el.blur();
  }, [items]);

  return (
    <div class="results" data-testid="results">
      <div class="results-head" aria-hidden="true">
        <span>{t.colFrom}</span>
        <span>{t.colTo}</span>
        <span>{t.colSubject}</span>
        <span />
        <span class="r-date">{t.colDate}</span>
      </div>
      <ol class="result-list" ref={listRef} aria-label={t.resultsLabel}>
        {items.map((item) => (
          <ResultRow key={item.id} item={item} locale={locale} t={t} />
        ))}
      </ol>
    </div>
  );
}
