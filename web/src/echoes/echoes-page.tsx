import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { EchoCard } from './echo-card.js';
import { personText } from './echo-person.js';
import { echoesPath, getEchoes, type EchoesRequest } from './echoes-api.js';
import { echoMessages } from './echoes-messages.js';
import { echoesHref, echoKey, MAX_LIMIT, PAGE_SIZE, readEchoesState, WINDOWS } from './echoes-state.js';
import type { EchoesResponse } from './echoes-types.js';
import { durationWords } from './latency-words.js';

/** "WikiLeaks, 12 Oct 2016, 12:31 UTC": the item whose echoes are shown, from an echo it is in. */
function itemLabel(id: string, data: EchoesResponse | null, utc: string, locale: string): string | null {
  const e = data?.echoes.find((x) => x.privateId === id || x.publicId === id);
  if (!e || !data) return null;
  const mine = e.privateId === id;
  const who = personText(mine ? e.private.from : e.public.author, data.people)?.name;
  const when = formatDateTime(mine ? e.private.sentAt : e.public.sentAt, locale);
  return [who, when ? `${when} ${utc}` : null].filter((x) => x).join(', ') || null;
}

/**
 * /echoes: private messages followed by public posts that echo them, strongest first, each as
 * the two texts side by side with the evidence marked. The state (query of the private side,
 * window, lowest score, how many, one item's echoes, the echo to bring into view) is the URL.
 */
export function EchoesPage(props: { params: URLSearchParams }) {
  const { t, lang, locale } = useI18n();
  const m = echoMessages(lang);
  const state = readEchoesState(props.params);
  const request: EchoesRequest = {
    q: state.q,
    window: state.window,
    minScore: state.minScore,
    limit: state.limit,
    ...(state.item ? { item: state.item } : {}),
  };
  const res = useApi(echoesPath(request), (signal) => getEchoes(request, signal));

  const [q, setQ] = useState(state.q);
  const [minScore, setMinScore] = useState(state.minScore > 0 ? String(state.minScore) : '');
  // The boxes follow the URL when it changes from elsewhere (Back, a link).
  useEffect(() => setQ(state.q), [state.q]);
  useEffect(() => setMinScore(state.minScore > 0 ? String(state.minScore) : ''), [state.minScore]);

  useEffect(() => {
    document.title = `${m.title} – innsyn`;
  }, [m]);

  // Bring the echo the reader came for into view once, when it is there.
  const scrolled = useRef<string | null>(null);
  useEffect(() => {
    if (!state.focus || !res.data || scrolled.current === state.focus) return;
    const el = document.getElementById(`echo-${state.focus}`);
    if (el) {
      scrolled.current = state.focus;
      el.scrollIntoView({ block: 'start' });
    }
  }, [state.focus, res.data]);

  const go = (next: Partial<typeof state>) =>
    navigate(echoesHref({ ...state, focus: null, limit: PAGE_SIZE, ...next }));

  const windows = WINDOWS.includes(state.window) ? WINDOWS : [...WINDOWS, state.window].sort((a, b) => a - b);
  const data = res.data;
  const n = (x: number) => formatNumber(x, locale);

  return (
    <div class="page-pad echoes-page" data-testid="echoes-page" aria-busy={res.loading ? 'true' : undefined}>
      <h1>{m.title}</h1>
      <p class="echoes-intro muted">{m.intro}</p>
      <form
        class="echoes-controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const s = Number(minScore.replace(',', '.'));
          go({ q, minScore: Number.isFinite(s) && s > 0 ? s : 0 });
        }}
      >
        <label class="echoes-field is-query">
          <span>{m.queryLabel}</span>
          <input
            type="search"
            class="echoes-input mono"
            value={q}
            placeholder={m.queryPlaceholder}
            onInput={(e) => setQ(e.currentTarget.value)}
            data-testid="echoes-query"
            autoComplete="off"
            spellcheck={false}
          />
        </label>
        <label class="echoes-field">
          <span>{m.windowLabel}</span>
          <select
            class="echoes-input"
            value={String(state.window)}
            onChange={(e) => go({ q, window: Number(e.currentTarget.value) })}
            data-testid="echoes-window"
          >
            {windows.map((w) => (
              <option key={w} value={String(w)}>
                {WINDOWS.includes(w)
                  ? durationWords(w, lang)
                  : m.windowCustom(durationWords(w, lang) ?? String(w))}
              </option>
            ))}
          </select>
        </label>
        <label class="echoes-field is-score">
          <span>{m.minScoreLabel}</span>
          <input
            type="text"
            inputMode="decimal"
            class="echoes-input"
            value={minScore}
            placeholder="0"
            onInput={(e) => setMinScore(e.currentTarget.value)}
            data-testid="echoes-min-score"
          />
        </label>
        <button type="submit" class="btn btn-primary echoes-apply" data-testid="echoes-apply">
          {m.apply}
        </button>
      </form>
      {state.item ? (
        <p class="notice echoes-item-note" data-testid="echoes-item-note">
          {m.itemOnly}{' '}
          <Link href={`/item/${encodeURIComponent(state.item)}`} data-testid="echoes-item-link">
            {itemLabel(state.item, data, t.utc, locale) ?? <span class="mono">{state.item}</span>}
          </Link>{' '}
          ·{' '}
          <Link href={echoesHref({ ...state, item: null, focus: null, limit: PAGE_SIZE })}>{m.itemAll}</Link>
        </p>
      ) : null}
      {res.error ? <ErrorNotice error={res.error} /> : null}
      {!data && res.loading ? (
        <p class="muted echoes-loading" data-testid="echoes-loading" role="status">
          {m.loading}
        </p>
      ) : null}
      {data && !res.error ? (
        <>
          <p class="echoes-count" data-testid="echoes-count" role="status">
            {data.total === 0 ? null : m.count(n(data.echoes.length), n(data.total), data.total)}
            {res.loading ? <span class="muted"> · {t.loading}</span> : null}
          </p>
          {data.echoes.length === 0 ? (
            <div class="empty" data-testid="echoes-empty">
              <p>{m.empty}</p>
              <p class="muted">{m.emptyHint}</p>
            </div>
          ) : (
            <ol class="echoes-list">
              {data.echoes.map((e) => (
                <li key={echoKey(e)}>
                  <EchoCard echo={e} people={data.people} focused={state.focus === echoKey(e)} />
                </li>
              ))}
            </ol>
          )}
          {data.total > data.echoes.length && state.limit < MAX_LIMIT ? (
            <p class="echoes-more">
              <button
                type="button"
                class="btn"
                data-testid="echoes-more"
                disabled={res.loading}
                onClick={() =>
                  navigate(echoesHref({ ...state, limit: Math.min(MAX_LIMIT, state.limit + PAGE_SIZE) }), {
                    replace: true,
                  })
                }
              >
                {m.more}
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
