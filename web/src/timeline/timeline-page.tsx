import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { searchHref } from '../search/search-state.js';
import { onCollectionChange } from '../team/collection-state.js';
import { ErrorNotice } from '../ui/error-notice.js';
import {
  type EchoesResponse,
  getEchoes,
  getPeople,
  getPerson,
  getTimeline,
  type PersonSummary,
  type TimelineResponse,
} from './timeline-api.js';
import {
  barQuery,
  contains,
  echoQuery,
  fetchWindow,
  spanIsWholeDays,
  spanQuery,
  windowQuery,
} from './timeline-brush.js';
import { type EchoMark, type LaneLabel, TimelineChart } from './timeline-chart.js';
import { type EchoRow, TimelineEchoList } from './timeline-echo-list.js';
import { formatInstant, formatRange, latencyParts } from './timeline-format.js';
import { echoKeys, laneOf, type PersonLabel, personLabel } from './timeline-labels.js';
import { type Band, buildSeries, itemsIn, rankSenders, type Series, visibleMax } from './timeline-layout.js';
import { timelineMessages } from './timeline-messages.js';
import { TimelineMinimap } from './timeline-minimap.js';
import { clampView, type View, zoomView, panView } from './timeline-scale.js';
import {
  ECHO_CHOICES,
  LANE_STEP,
  MAX_LANES,
  readTimelineState,
  type TimelineState,
  timelineHref,
} from './timeline-state.js';
import {
  autoBucket,
  type Bucket,
  BUCKETS,
  bucketLength,
  bucketNext,
  feasibleBucket,
} from './timeline-time.js';

/** Buckets of the whole period fetched at once; beyond this a finer bucket is fetched for the window around the view. */
const WHOLE_FETCH_BUCKETS = 4000;
/** Answers kept for going back and zooming out again without asking twice. */
const CACHE_ENTRIES = 24;
/** Milliseconds the URL waits after the last wheel or drag step before it is written. */
const URL_SETTLE_MS = 300;

/** One collection's answers: a tab that changes collection (team mode) forgets them. */
const cache = new Map<string, TimelineResponse>();
onCollectionChange(() => cache.clear());
function remember(key: string, r: TimelineResponse): TimelineResponse {
  cache.delete(key);
  cache.set(key, r);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return r;
}

function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref.current]);
  return width;
}

/** The whole period of an overview answer (a bucket a month): from its first month to the end of its last. */
function extentOf(r: TimelineResponse | null): View | null {
  const rows = r?.timeline.buckets ?? [];
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return null;
  return {
    start: Date.parse(first.start),
    end: bucketNext(Date.parse(last.start), r?.timeline.bucket ?? 'month'),
  };
}

/**
 * /timeline: every item of a query on one time axis, a lane per top sender with private and
 * public apart, echo arrows from private messages to the public posts that followed them; zoom,
 * a brushed span that becomes a search. The whole state is in the URL (timeline-state.ts).
 */
export function TimelinePage(props: { params: URLSearchParams }) {
  const { lang, locale } = useI18n();
  const t = timelineMessages(lang);
  const fromUrl = readTimelineState(props.params);
  const search = props.params.toString();

  // Zooming and brushing change the view at pointer speed; the URL follows when they settle.
  const [local, setLocal] = useState<{ view?: View | null; sel?: View | null }>({});
  const written = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (search !== written.current) setLocal({});
  }, [search]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const state: TimelineState = {
    ...fromUrl,
    view: local.view !== undefined ? local.view : fromUrl.view,
    sel: local.sel !== undefined ? local.sel : fromUrl.sel,
  };
  const { q } = state;

  const writeUrl = useCallback((next: TimelineState, delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    const go = () => {
      timer.current = null;
      const href = timelineHref(next);
      const i = href.indexOf('?');
      written.current = i < 0 ? '' : href.slice(i + 1);
      navigate(href, { replace: true });
    };
    if (delay > 0) timer.current = setTimeout(go, delay);
    else go();
  }, []);

  useEffect(() => {
    document.title = q ? `${t.title}: ${q} – innsyn` : `${t.title} – innsyn`;
  }, [q, t.title]);

  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);

  // The overview (a bar a month) gives the period, the lanes' order and the minimap.
  const overviewKey = JSON.stringify(['month', q, null]);
  const overview = useApi(
    overviewKey,
    async (signal) => remember(overviewKey, await getTimeline(q, 'month', signal)),
    cache.get(overviewKey) ?? null,
  );
  const extent = useMemo(() => extentOf(overview.data), [overview.data]);
  const ranking = useMemo(() => rankSenders(overview.data?.timeline.buckets ?? []), [overview.data]);
  const keys = useMemo(() => ranking.slice(0, state.lanes).map((r) => r.key), [ranking, state.lanes]);
  const keysId = keys.join('\n');

  const view = extent ? clampView(state.view ?? extent, extent) : null;
  const span = view ? view.end - view.start : 0;
  const wanted: Bucket | null = view && width > 0 ? (state.bucket ?? autoBucket(span, width)) : null;
  const bucket = wanted ? feasibleBucket(wanted, span) : null;

  // A fine bucket over a long period is fetched for a window around the view only.
  const windowRef = useRef<{ id: string; win: View } | null>(null);
  let win: View | null = null;
  if (bucket && bucket !== 'month' && extent && view) {
    const whole = (extent.end - extent.start) / bucketLength(bucket);
    if (whole > WHOLE_FETCH_BUCKETS) {
      const id = `${q}\n${bucket}`;
      const last = windowRef.current;
      if (last && last.id === id && contains(last.win, view)) win = last.win;
      else {
        win = fetchWindow(view);
        windowRef.current = { id, win };
      }
    }
  }
  const detailKey = bucket && bucket !== 'month' ? JSON.stringify([bucket, q, win]) : null;
  const detail = useApi(
    detailKey,
    async (signal) => {
      const key = detailKey as string;
      return remember(key, await getTimeline(windowQuery(q, win), bucket as Bucket, signal));
    },
    detailKey ? (cache.get(detailKey) ?? null) : null,
  );
  const data = bucket === 'month' ? overview.data : (detail.data ?? overview.data);
  // Whether the bars on screen are the answer for this view (useApi keeps the last answer while
  // the next loads, and does not know yet, in the render that changes the key, that it will).
  const current = bucket === 'month' ? overviewKey : detailKey;
  const dataLoading = overview.loading || current === null || !cache.has(current);

  // Lane totals are the whole query's (the overview's), not the fetched window's.
  const totals = useMemo(() => {
    const m = new Map(ranking.map((r) => [r.key, r]));
    let priv = 0;
    let pub = 0;
    for (const r of overview.data?.timeline.buckets ?? []) {
      priv += r.private;
      pub += r.public;
    }
    for (const k of keys) {
      priv -= m.get(k)?.private ?? 0;
      pub -= m.get(k)?.public ?? 0;
    }
    return { byKey: m, rest: { private: Math.max(0, priv), public: Math.max(0, pub) } };
  }, [ranking, overview.data, keysId]);

  const hasRest = totals.rest.private + totals.rest.public > 0;
  const series = useMemo(
    () => (data ? buildSeries(data.timeline, keys, hasRest) : null),
    // keysId stands for keys (a new array each ranking).
    [data, keysId, hasRest],
  );
  const overviewSeries = useMemo(
    () => (overview.data ? buildSeries(overview.data.timeline, []) : null),
    [overview.data],
  );
  const restLane =
    series && series.lanes[series.lanes.length - 1]?.key === null ? series.lanes.length - 1 : -1;

  // Names of the lanes: the people list names most; the rest one by one.
  const people = useApi('people', (signal) => getPeople(signal));
  const byKey = useMemo(() => {
    const m = new Map<string, PersonSummary>();
    for (const p of people.data?.people ?? []) m.set(p.key, p);
    return m;
  }, [people.data]);

  // Echoes are asked for once the bars are drawn: finding them reads every text of the query,
  // and the bars should not wait behind it on the server.
  const barsReady = !dataLoading;
  const echoesAsked = useRef<string | null>(null);
  const echoesWanted = state.echoes > 0 ? JSON.stringify([q, state.echoes]) : null;
  if (barsReady) echoesAsked.current = echoesWanted;
  const echoesKey = echoesWanted !== null && echoesAsked.current === echoesWanted ? echoesWanted : null;
  const echoes = useApi<EchoesResponse>(echoesKey, (signal) => getEchoes(q, state.echoes, signal));
  const echoList = echoesKey ? (echoes.data?.echoes ?? []) : [];

  const wantedNames = [...keys, ...echoKeys(echoList)];
  const missing = people.data || people.error ? wantedNames.filter((k) => !byKey.has(k)) : [];
  const missingKey = missing.length > 0 ? missing.slice(0, MAX_LANES).sort().join('\n') : null;
  const extra = useApi(missingKey, async (signal) => {
    const found = await Promise.all(
      (missingKey as string).split('\n').map((k) =>
        getPerson(k, signal).then(
          (r) => r.person,
          () => null,
        ),
      ),
    );
    return found.filter((p): p is PersonSummary => p !== null);
  });
  const label = useCallback(
    (key: string | null): PersonLabel => {
      if (key === null) return { name: t.unknownSender, sub: null };
      return personLabel(key, byKey.get(key) ?? extra.data?.find((p) => p.key === key));
    },
    [byKey, extra.data, t],
  );

  const update = (patch: Partial<TimelineState>, delay = 0) => writeUrl({ ...state, ...patch }, delay);
  const onView = (v: View, settled: boolean) => {
    setLocal((l) => ({ ...l, view: v }));
    update({ view: v }, settled ? 0 : URL_SETTLE_MS);
  };
  const onSel = (s: View | null) => {
    setLocal((l) => ({ ...l, sel: s }));
    update({ sel: s }, 0);
  };

  const bucketName = (b: Bucket) => t.buckets[b];

  // The scale: the person lanes share one, the lane of everyone else has its own.
  const maxes = useMemo(() => {
    if (!series || !view) return [];
    const people = series.lanes.filter((l) => l.key !== null);
    const shared = visibleMax(series, people, view);
    const rest =
      restLane >= 0 ? visibleMax(series, [series.lanes[restLane] as Series['lanes'][number]], view) : 1;
    return series.lanes.map((l) => (l.key === null ? rest : shared));
  }, [series, view?.start, view?.end, restLane]);

  const labels: LaneLabel[] = (series?.lanes ?? []).map((lane, i) => {
    const sums = lane.key === null ? totals.rest : (totals.byKey.get(lane.key) ?? { private: 0, public: 0 });
    const counts = t.laneCounts(formatNumber(sums.private, locale), formatNumber(sums.public, locale));
    if (lane.key === null) {
      const scale = t.ownScale(formatNumber(maxes[i] ?? 1, locale), bucketName(series?.bucket ?? 'month'));
      return {
        name: t.laneOthers,
        sub: null,
        href: null,
        note: `${t.laneOthersNote(Math.max(0, ranking.length - keys.length))} · ${counts} · ${scale}`,
      };
    }
    const l = label(lane.key);
    return { ...l, href: `/person?key=${encodeURIComponent(lane.key)}`, note: counts };
  });

  const echoRows: EchoRow[] = [];
  const marks: EchoMark[] = [];
  for (const e of echoList) {
    const privateAt = e.private.sentAt ? Date.parse(e.private.sentAt) : null;
    const publicAt = e.public.sentAt ? Date.parse(e.public.sentAt) : null;
    const p = latencyParts(e.latencySeconds);
    const latency = t.latency(p.days, p.hours, p.minutes);
    const evidence = [...new Set(e.evidence.map((ev) => t.evidence[ev.kind] ?? ev.kind))].join(', ');
    const href = searchHref({ q: echoQuery(e.private.id, e.public.id), sort: 'date-asc' });
    const inView =
      !!view &&
      ((privateAt !== null && privateAt >= view.start && privateAt < view.end) ||
        (publicAt !== null && publicAt >= view.start && publicAt < view.end));
    echoRows.push({ echo: e, href, latency, evidence, inView });
    const fromLane = laneOf(e.private.from, keys, restLane);
    const toLane = laneOf(e.public.author, keys, restLane);
    if (fromLane < 0 || toLane < 0) continue;
    const from = label(e.private.from);
    const to = label(e.public.author);
    marks.push({
      id: `${e.private.id}>${e.public.id}`,
      privateAt,
      publicAt,
      fromLane,
      toLane,
      href,
      title: t.echoTitle(
        from.sub ? `${from.name} ${from.sub}` : from.name,
        privateAt !== null ? formatInstant(privateAt, locale) : '–',
        to.sub ? `${to.name} ${to.sub}` : to.name,
        publicAt !== null ? formatInstant(publicAt, locale) : '–',
        latency,
        evidence,
      ),
    });
  }

  const onOpen = (lane: number, band: Band, index: number) => {
    if (!series) return;
    const l = series.lanes[lane];
    if (!l) return;
    const bar = { start: series.starts[index] as number, end: series.ends[index] as number };
    navigate(searchHref({ q: barQuery(q, l.key, keys, band, bar), sort: 'date-asc' }));
  };

  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    navigate(timelineHref({ ...state, q: draft.trim(), view: null, sel: null }));
  };

  const zoomBy = (factor: number) => {
    if (view && extent) onView(zoomView(view, factor, (view.start + view.end) / 2, extent), true);
  };
  const panBy = (share: number) => {
    if (view && extent) onView(panView(view, share * (view.end - view.start), extent), true);
  };

  const allItems = (overview.data?.timeline.buckets ?? []).reduce((s, r) => s + r.private + r.public, 0);
  const undated = overview.data?.timeline.undated ?? 0;
  const selCount = series && state.sel ? itemsIn(series, state.sel) : 0;
  const outside = echoRows.filter((r) => !r.inView).length;

  let body;
  if (overview.error && !overview.data) {
    body = <ErrorNotice error={overview.error} />;
  } else if (!overview.data) {
    body = (
      <p class="muted tl-state" role="status" data-testid="timeline-loading">
        {t.loading}
      </p>
    );
  } else if (!extent) {
    body = (
      <p class="notice tl-state" data-testid="timeline-empty">
        {t.empty}
        {undated > 0 ? ` ${t.undated(t.items(undated, formatNumber(undated, locale)))}` : ''}
      </p>
    );
  } else {
    body = null;
  }

  return (
    <div class="timeline-page page-pad" data-testid="timeline-page">
      <div class="tl-head">
        <h1>{t.title}</h1>
        <p class="muted tl-intro">{t.intro}</p>
      </div>
      <form class="tl-query" role="search" onSubmit={onSubmit}>
        <label class="visually-hidden" for="tl-q">
          {t.queryLabel}
        </label>
        <input
          id="tl-q"
          type="search"
          class="tl-q"
          value={draft}
          placeholder={t.queryPlaceholder}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          data-testid="timeline-query"
          autocomplete="off"
          spellcheck={false}
        />
        <button type="submit" class="btn">
          {t.apply}
        </button>
        <Link href={searchHref({ q })} class="tl-to-search">
          {t.openInSearch}
        </Link>
      </form>

      <div class="tl-toolbar" role="toolbar" aria-label={t.title}>
        <label class="tl-field">
          <span>{t.bucketLabel}</span>
          <select
            value={state.bucket ?? 'auto'}
            data-testid="timeline-bucket"
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              update({ bucket: v === 'auto' ? null : (v as Bucket) });
            }}
          >
            <option value="auto">
              {wanted && !state.bucket ? t.bucketAutoIs(bucketName(wanted)) : t.bucketAuto}
            </option>
            {BUCKETS.map((b) => (
              <option key={b} value={b}>
                {bucketName(b)}
              </option>
            ))}
          </select>
        </label>
        <span class="tl-zoom">
          <button
            type="button"
            class="btn"
            onClick={() => panBy(-0.5)}
            aria-label={t.panEarlier}
            title={t.panEarlier}
          >
            ←
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => zoomBy(2)}
            aria-label={t.zoomOut}
            title={t.zoomOut}
            data-testid="timeline-zoom-out"
          >
            −
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => zoomBy(0.5)}
            aria-label={t.zoomIn}
            title={t.zoomIn}
            data-testid="timeline-zoom-in"
          >
            +
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => panBy(0.5)}
            aria-label={t.panLater}
            title={t.panLater}
          >
            →
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => {
              setLocal((l) => ({ ...l, view: null }));
              update({ view: null });
            }}
            data-testid="timeline-zoom-fit"
          >
            {t.zoomFit}
          </button>
        </span>
        <label class="tl-field">
          <span>{t.echoesLabel}</span>
          <select
            value={String(state.echoes)}
            data-testid="timeline-echo-count"
            onChange={(e) => update({ echoes: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {[...new Set([...ECHO_CHOICES, state.echoes])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={String(n)}>
                  {n === 0 ? t.echoesNoneChoice : t.echoesTop(n)}
                </option>
              ))}
          </select>
        </label>
      </div>

      <ul class="tl-legend" aria-label={t.legendTitle}>
        <li>
          <span class="tl-swatch is-private" aria-hidden="true" /> {t.legendPrivate}
        </li>
        <li>
          <span class="tl-swatch is-public" aria-hidden="true" /> {t.legendPublic}
        </li>
        <li>
          <span class="tl-swatch is-echo" aria-hidden="true" /> {t.legendEcho}
        </li>
      </ul>

      {body}

      <div class="tl-plot" ref={wrapRef}>
        {extent && view && series && overviewSeries && width > 0 ? (
          <>
            <p class="tl-summary" data-testid="timeline-summary">
              <span>
                {t.total(
                  t.items(allItems, formatNumber(allItems, locale)),
                  formatRange(extent.start, extent.end, locale),
                )}
                {undated > 0 ? ` · ${t.undated(t.items(undated, formatNumber(undated, locale)))}` : ''}
              </span>
              <span class="muted" data-testid="timeline-showing">
                {t.showing(formatRange(view.start, view.end, locale))}
              </span>
            </p>
            <TimelineMinimap
              series={overviewSeries}
              extent={extent}
              view={view}
              width={width}
              onView={onView}
            />
            {state.bucket && bucket && bucket !== state.bucket ? (
              <p class="notice" data-testid="timeline-coarser">
                {t.bucketCoarser(bucketName(state.bucket), bucketName(bucket))}
              </p>
            ) : null}
            {detail.error && bucket !== 'month' ? <ErrorNotice error={detail.error} /> : null}
            <p class="muted tl-help">
              {t.zoomHelp}{' '}
              {t.scaleNote(
                formatNumber(maxes.find((_, i) => i !== restLane) ?? 1, locale),
                bucketName(series.bucket),
              )}
            </p>
            {state.sel ? (
              <div class="tl-selbar" data-testid="timeline-selbar">
                <span data-testid="timeline-selected">
                  {t.selected(
                    formatRange(state.sel.start, state.sel.end, locale),
                    t.items(selCount, formatNumber(selCount, locale)),
                  )}
                </span>
                <span class="tl-selbar-actions">
                  <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="timeline-search-span"
                    title={spanIsWholeDays(state.sel) ? undefined : t.spanWholeDays}
                    onClick={() =>
                      navigate(searchHref({ q: spanQuery(q, state.sel as View), sort: 'date-asc' }))
                    }
                  >
                    {t.searchSpan}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    data-testid="timeline-zoom-span"
                    onClick={() => extent && onView(clampView(state.sel as View, extent), true)}
                  >
                    {t.zoomToSpan}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    onClick={() => onSel(null)}
                    data-testid="timeline-clear-span"
                  >
                    {t.clearSpan}
                  </button>
                </span>
              </div>
            ) : null}
            <div class={`tl-chart-wrap${dataLoading ? ' is-stale' : ''}`} aria-busy={dataLoading}>
              <TimelineChart
                series={series}
                view={view}
                width={width}
                extent={extent}
                labels={labels}
                maxes={maxes}
                echoes={marks}
                sel={state.sel}
                onView={onView}
                onSel={onSel}
                onOpen={onOpen}
              />
            </div>
            <div class="tl-lanes-more">
              <span class="muted">{t.lanesOf(keys.length, ranking.length)}</span>
              {keys.length < ranking.length && state.lanes < MAX_LANES ? (
                <button
                  type="button"
                  class="btn"
                  data-testid="timeline-more-lanes"
                  onClick={() => update({ lanes: Math.min(MAX_LANES, state.lanes + LANE_STEP) })}
                >
                  {t.moreLanes(Math.min(LANE_STEP, ranking.length - keys.length, MAX_LANES - state.lanes))}
                </button>
              ) : null}
              {state.lanes > LANE_STEP ? (
                <button
                  type="button"
                  class="btn"
                  data-testid="timeline-fewer-lanes"
                  onClick={() => update({ lanes: Math.max(LANE_STEP, state.lanes - LANE_STEP) })}
                >
                  {t.fewerLanes}
                </button>
              ) : null}
            </div>
            <section class="tl-echoes" aria-labelledby="tl-echoes-title">
              <h2 id="tl-echoes-title">{t.echoesTitle}</h2>
              {state.echoes === 0 ? (
                <p class="muted">{t.echoesOff}</p>
              ) : echoes.error ? (
                <p class="notice" role="alert">
                  {t.echoesError} {echoes.error.message}
                </p>
              ) : !echoes.data ? (
                <p class="muted" role="status">
                  {t.echoesLoading}
                </p>
              ) : echoRows.length === 0 ? (
                <p class="muted" data-testid="timeline-echoes-none">
                  {t.echoesNone}
                </p>
              ) : (
                <>
                  {outside > 0 ? <p class="muted">{t.echoesOutside(outside)}</p> : null}
                  <TimelineEchoList rows={echoRows} label={label} />
                </>
              )}
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}
