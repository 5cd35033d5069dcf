import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { formatNumber } from '../i18n/format.js';
import { addTerm, hasTerm, removeTerm } from '../search/query-edit.js';
import { useAnnotationMessages } from './annotation-messages.js';
import { foldTag, getTags, TAG_PATTERN, tagAll } from './annotations-api.js';
import { SavedSearchMenu } from './saved-search-menu.js';
import { Link } from '../router/link.js';

/** Tags shown in the bar at most: the rest are a search away (`innsyn tags`). */
const MAX_TAGS_SHOWN = 30;

/**
 * Above the results: the tags the results carry, with counts over every match (a click adds
 * `tag:NAME` to the query, or takes it out); saving the query and the saved searches; "Search a
 * list…" (the batch page, with this query as its filter); and "Tag all N results": one tag put
 * on, or taken off, every match of the query (POST /api/tags/bulk), not just the page shown.
 * `rev` changes after a write so that the counts are asked for again; `onChanged` tells the
 * page to fetch its results again (their tags changed).
 */
export function SearchActions(props: {
  q: string;
  total: number;
  rev: number;
  onChanged: () => void;
  onQuery: (q: string) => void;
}) {
  const { m, locale } = useAnnotationMessages();
  const { q, total } = props;
  const tags = useApi(`tags:${props.rev}:${q}`, (signal) => getTags(q, signal));
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  // Another query: the last outcome was about the previous one.
  useEffect(() => setStatus(null), [q]);

  const shown = (tags.data?.tags ?? []).filter((t) => t.items > 0).slice(0, MAX_TAGS_SHOWN);
  const tag = foldTag(text);
  const valid = TAG_PATTERN.test(tag);
  const n = formatNumber(total, locale);

  const apply = async (remove: boolean) => {
    if (!valid) {
      setStatus({ ok: false, text: m.tagRule });
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      const r = await tagAll(q, remove ? { remove: [tag] } : { add: [tag] });
      setStatus({
        ok: true,
        text: remove
          ? m.untagAllDone(tag, formatNumber(r.removed, locale))
          : m.tagAllDone(tag, formatNumber(r.matched, locale), formatNumber(r.added, locale)),
      });
      setText('');
      setOpen(false);
      props.onChanged();
    } catch (err) {
      setStatus({ ok: false, text: m.failed(err instanceof ApiError ? err.message : String(err)) });
    } finally {
      setBusy(false);
    }
  };

  const batchHref = `/batch${q.trim() ? `?${new URLSearchParams({ filter: q.trim() }).toString()}` : ''}`;
  return (
    <div class="ann-searchbar" data-testid="search-tag-bar">
      {shown.length > 0 ? (
        <ul class="ann-tags" aria-label={m.tagBarLabel}>
          {shown.map((t) => {
            const term = `tag:${t.tag}`;
            const active = hasTerm(q, term);
            return (
              <li key={t.tag}>
                <button
                  type="button"
                  class={`ann-chip is-button${active ? ' is-active' : ''}`}
                  aria-pressed={active}
                  title={term}
                  data-testid="tag-filter"
                  data-tag={t.tag}
                  onClick={() => props.onQuery(active ? removeTerm(q, term) : addTerm(q, term))}
                >
                  #{t.tag} <span class="ann-count">{formatNumber(t.items, locale)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <span class="spacer" />
      <SavedSearchMenu q={q} />
      <Link href={batchHref} class="btn btn-small" title={m.searchListTitle} data-testid="search-list">
        {m.searchList}
      </Link>
      {open ? (
        <form
          class="ann-tag-form"
          onSubmit={(e) => {
            e.preventDefault();
            void apply(false);
          }}
        >
          <input
            ref={input}
            type="text"
            class="ann-input"
            value={text}
            maxLength={64}
            placeholder={m.tagPlaceholder}
            aria-label={m.tagAllTitle(n, total)}
            aria-invalid={text.trim() !== '' && !valid}
            title={m.tagRule}
            data-testid="tag-all-input"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setOpen(false);
            }}
          />
          <button
            type="submit"
            class="btn btn-small btn-primary"
            disabled={busy || !valid}
            data-testid="tag-all-apply"
          >
            {m.tagAllApply}
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={busy || !valid}
            onClick={() => void apply(true)}
          >
            {m.untagAllApply}
          </button>
          <button type="button" class="btn btn-small" onClick={() => setOpen(false)}>
            {m.cancel}
          </button>
        </form>
      ) : total > 0 ? (
        <button
          type="button"
          class="btn btn-small"
          title={m.tagAllTitle(n, total)}
          data-testid="tag-all"
          onClick={() => {
            setStatus(null);
            setOpen(true);
          }}
        >
          {m.tagAll(n, total)}
        </button>
      ) : null}
      {status ? (
        <p class={`ann-status${status.ok ? '' : ' is-error'}`} role="status" data-testid="tag-all-status">
          {status.text}
        </p>
      ) : null}
    </div>
  );
}
