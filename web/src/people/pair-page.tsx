import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { LatencyBars } from './latency-bars.js';
import { getPairs, getPerson, getTimeline, type Pair, type Unanswered } from './people-api.js';
import {
  chooseBucket,
  directions,
  durationWords,
  excerpt,
  findPair,
  pairHref,
  pairQuery,
  pairSeries,
  percent,
  personAddress,
  personHref,
  type Direction,
} from './people-logic.js';
import { personName } from './person-view.js';
import { TimeBars } from './time-bars.js';
import { usePeopleMessages } from './use-people-messages.js';

/** Answers listed per direction before "Show all"; the histogram counts them all. */
const REPLIES_SHOWN = 10;
/** Unanswered requests listed before "Show all": a busy pair has hundreds. */
const UNANSWERED_SHOWN = 25;

/**
 * /pair?a=KEY&b=KEY[&q=QUERY]: two persons side by side. Both directions (counts, sessions,
 * reply rates and latencies), messages over time each way, the latency distribution, and the
 * requests left unanswered with links to each message. `a` is the left side as the URL says.
 */
export function PairPage(props: { params: URLSearchParams }) {
  const { m } = usePeopleMessages();
  const a = props.params.get('a')?.trim() ?? '';
  const b = props.params.get('b')?.trim() ?? '';
  const q = props.params.get('q')?.trim() ?? '';
  useEffect(() => {
    document.title = `${m.openPair} – innsyn`;
  }, [m]);
  if (a === '' || b === '') {
    return (
      <div class="pp-page" data-testid="pair-page">
        <p class="notice">{m.pairNeedsKeys}</p>
      </div>
    );
  }
  return <PairView key={`${a}|${b}|${q}`} a={a} b={b} q={q} />;
}

function PairView(props: { a: string; b: string; q: string }) {
  const { m, locale } = usePeopleMessages();
  const pa = useApi(`person|${props.a}`, (signal) => getPerson(props.a, signal));
  const pb = useApi(`person|${props.b}`, (signal) => getPerson(props.b, signal));
  const A = pa.data?.person ?? null;
  const B = pb.data?.person ?? null;
  const addrA = A ? personAddress(A.identities) : null;
  const addrB = B ? personAddress(B.identities) : null;
  const ready = A !== null && B !== null && addrA !== null && addrB !== null;
  const pq = ready ? pairQuery(addrA, addrB, props.q) : '';
  const pairs = useApi(ready ? `pair|${A.key}|${pq}` : null, (signal) =>
    getPairs({ q: pq, person: A?.key ?? '' }, signal),
  );
  const pair = ready && pairs.data ? findPair(pairs.data.pairs, A.key, B.key) : null;
  const bucket = pair ? chooseBucket(pair.firstAt, pair.lastAt) : 'month';
  const timeline = useApi(pair ? `tl|${pq}|${bucket}` : null, (signal) =>
    getTimeline({ q: pq, bucket }, signal),
  );
  const nameA = A ? personName(A) : props.a;
  const nameB = B ? personName(B) : props.b;
  useEffect(() => {
    if (A && B) document.title = `${m.pairTitle(nameA, nameB)} – innsyn`;
  }, [A, B, m]);

  const error = pa.error ?? pb.error ?? pairs.error;
  if (error) return <ErrorNotice error={error} />;
  if (!ready || !pairs.data) return <p class="muted page-pad">{m.loading}</p>;
  const num = (n: number) => formatNumber(n, locale);
  const when = (iso: string | null) => formatDateTime(iso, locale) ?? m.none;

  const head = (
    <>
      <nav class="crumbs" aria-label={m.peopleTitle}>
        <Link href={personHref(A.key)}>{nameA}</Link>
        <span aria-hidden="true"> · </span>
        <Link href={personHref(B.key)}>{nameB}</Link>
      </nav>
      <h1 data-testid="pair-title">{m.pairTitle(nameA, nameB)}</h1>
      {props.q !== '' && (
        <p class="notice" data-testid="pair-query">
          {m.withinQuery(props.q)} <Link href={pairHref(A.key, B.key)}>{m.wholeCase}</Link>
        </p>
      )}
    </>
  );
  if (!pair) {
    return (
      <div class="pp-page" data-testid="pair-page">
        {head}
        <p class="muted" data-testid="pair-none">
          {m.pairNone}
        </p>
      </div>
    );
  }
  const { first, second } = directions(pair, A.key);
  const names: Record<string, string> = { [A.key]: nameA, [B.key]: nameB };

  return (
    <div class="pp-page" data-testid="pair-page" data-a={A.key} data-b={B.key}>
      {head}
      <p class="pp-sub">
        {m.pairSummary(num(pair.sessions), pair.sessions)} · {m.firstContact} {when(pair.firstAt)} ·{' '}
        {m.lastContact} {when(pair.lastAt)}
      </p>
      <p class="pp-actions">
        <Link
          class="btn btn-small"
          href={searchHref({ q: pairQuery(addrA, addrB, props.q), sort: 'date-asc' })}
          data-testid="pair-search"
        >
          {m.searchConversation}
        </Link>
      </p>

      <section class="panel" aria-labelledby="pp-directions">
        <h2 id="pp-directions">{m.directionsTitle}</h2>
        <DirectionsTable first={first} second={second} names={names} />
      </section>

      <div class="pp-two">
        <Replies d={first} names={names} testid="pair-replies-a" />
        <Replies d={second} names={names} testid="pair-replies-b" />
      </div>

      <section class="panel" aria-labelledby="pp-time">
        <h2 id="pp-time">{m.overTimeTitle}</h2>
        {timeline.error && <ErrorNotice error={timeline.error} />}
        {timeline.data ? (
          <TimeBars
            title={m.overTimeTitle}
            bars={pairSeries(timeline.data.timeline.buckets, A.key, B.key)}
            bucket={timeline.data.timeline.bucket}
            series={[m.directionHead(nameA, nameB), m.directionHead(nameB, nameA)]}
            testid="pair-time"
          />
        ) : (
          !timeline.error && <p class="muted">{m.loading}</p>
        )}
        {pair.undated > 0 && <p class="note">{m.undatedNote(num(pair.undated))}</p>}
      </section>

      <section class="panel" aria-labelledby="pp-latency">
        <h2 id="pp-latency">{m.latencyTitle}</h2>
        <p class="note">{m.latencyNote}</p>
        <LatencyBars
          title={m.latencyTitle}
          seconds={[first.replies.map((r) => r.seconds), second.replies.map((r) => r.seconds)]}
          series={[m.seriesAnswering(nameB), m.seriesAnswering(nameA)]}
        />
      </section>

      <UnansweredList pair={pair} names={names} />
    </div>
  );
}

function DirectionsTable(props: { first: Direction; second: Direction; names: Record<string, string> }) {
  const { m, locale } = usePeopleMessages();
  const num = (n: number) => formatNumber(n, locale);
  const { first, second, names } = props;
  const name = (key: string) => names[key] ?? key;
  const words = (s: number | undefined) => (s === undefined ? null : durationWords(s, m.units));
  const answered = (d: Direction) =>
    d.bursts === 0 ? m.none : m.rateText(num(d.answered), num(d.bursts), num(percent(d.replyRate) ?? 0));
  const latency = (d: Direction, pick: 'median' | 'p90' | 'min') =>
    d.latency ? words(d.latency[pick]) : d.bursts > 0 ? m.neverAnswered : m.none;
  const rows: Array<[string, (d: Direction) => string | null, string]> = [
    [m.rowMessages, (d) => num(d.messages), 'messages'],
    [m.rowStarted, (d) => num(d.started), 'started'],
    [m.rowBursts, (d) => num(d.bursts), 'bursts'],
    [m.rowAnswered, answered, 'answered'],
    [m.rowMedian, (d) => latency(d, 'median'), 'median'],
    [m.rowP90, (d) => latency(d, 'p90'), 'p90'],
    [m.rowFastest, (d) => latency(d, 'min'), 'min'],
  ];
  return (
    <div class="table-scroll">
      <table class="data-table pp-directions" data-testid="pair-directions">
        <thead>
          <tr>
            <td />
            <th scope="col" data-testid="pair-head-a">
              {m.directionHead(name(first.from), name(first.to))}
            </th>
            <th scope="col" data-testid="pair-head-b">
              {m.directionHead(name(second.from), name(second.to))}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, id]) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td data-testid={`pair-${id}-a`}>{value(first)}</td>
              <td data-testid={`pair-${id}-b`}>{value(second)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Replies(props: { d: Direction; names: Record<string, string>; testid: string }) {
  const { m, locale } = usePeopleMessages();
  const { d, names } = props;
  const [all, setAll] = useState(false);
  const when = (iso: string) => formatDateTime(iso, locale) ?? iso;
  const shown = all ? d.replies : d.replies.slice(0, REPLIES_SHOWN);
  return (
    <section class="panel" data-testid={props.testid}>
      <h2>{m.repliesTitle(names[d.to] ?? d.to, names[d.from] ?? d.from)}</h2>
      {d.replies.length === 0 ? (
        <p class="muted">{m.noReplies}</p>
      ) : (
        <ol class="pp-replies">
          {shown.map((r) => (
            <li key={r.replyId} data-testid="pair-reply" data-seconds={r.seconds}>
              <Link href={`/item/${encodeURIComponent(r.burstLastId)}`} title={m.replyTo}>
                {when(r.burstLastAt)}
              </Link>{' '}
              →{' '}
              <Link href={`/item/${encodeURIComponent(r.replyId)}`} title={m.replyFrom}>
                {when(r.replyAt)}
              </Link>
              <div class="pp-latency">{m.replyLine(durationWords(r.seconds, m.units))}</div>
            </li>
          ))}
        </ol>
      )}
      {shown.length < d.replies.length && (
        <button type="button" class="link-button" onClick={() => setAll(true)}>
          {m.showAll(formatNumber(d.replies.length, locale))}
        </button>
      )}
    </section>
  );
}

function UnansweredList(props: { pair: Pair; names: Record<string, string> }) {
  const { m, locale } = usePeopleMessages();
  const [others, setOthers] = useState(false);
  const [all, setAll] = useState(false);
  const { pair, names } = props;
  const requests = pair.unanswered.filter((u) => u.request);
  const rest = pair.unanswered.length - requests.length;
  const listed = others ? pair.unanswered : requests;
  const shown = all ? listed : listed.slice(0, UNANSWERED_SHOWN);
  const num = (n: number) => formatNumber(n, locale);
  return (
    <section class="panel" aria-labelledby="pp-unanswered">
      <h2 id="pp-unanswered">
        {m.unansweredTitle} <span class="count">{num(requests.length)}</span>
      </h2>
      <p class="note">{m.unansweredNote}</p>
      {shown.length === 0 && <p class="muted">{m.noUnanswered}</p>}
      {shown.length > 0 && (
        <ol class="pp-unanswered" data-testid="pair-unanswered">
          {shown.map((u) => (
            <UnansweredRow key={u.id} u={u} name={names[u.from] ?? u.from} />
          ))}
        </ol>
      )}
      {shown.length < listed.length && (
        <p>
          <button
            type="button"
            class="link-button"
            onClick={() => setAll(true)}
            data-testid="pair-unanswered-all"
          >
            {m.showAll(num(listed.length))}
          </button>
        </p>
      )}
      {rest > 0 && (
        <label class="pp-check">
          <input
            type="checkbox"
            checked={others}
            onChange={(e) => setOthers(e.currentTarget.checked)}
            data-testid="pair-show-all-unanswered"
          />{' '}
          {m.showNonRequests(num(rest))}
        </label>
      )}
    </section>
  );
}

function UnansweredRow(props: { u: Unanswered; name: string }) {
  const { m, locale } = usePeopleMessages();
  const { u } = props;
  const href = `/item/${encodeURIComponent(u.id)}`;
  return (
    <li class="pp-unanswered-row" data-testid="unanswered-row" data-id={u.id} data-request={u.request}>
      <div class="pp-unanswered-head">
        <Link href={href} class="pp-date" data-testid="unanswered-date">
          <time dateTime={u.sentAt}>{formatDateTime(u.sentAt, locale) ?? u.sentAt}</time>
        </Link>
        <span class="pp-from">{props.name}</span>
        <span class={`badge ${u.request ? 'badge-warn' : 'badge-kind'}`}>
          {u.request ? m.requestBadge : m.notRequestBadge}
        </span>
        {u.burstMessages > 1 && (
          <span class="muted pp-burst">
            {m.inBurst(formatNumber(u.burstMessages, locale))}
            {u.burstFirstId !== u.id && (
              <>
                {' · '}
                <Link href={`/item/${encodeURIComponent(u.burstFirstId)}`}>{m.burstStart}</Link>
              </>
            )}
          </span>
        )}
        <Link href={href} class="btn btn-small pp-open">
          {m.openItem}
        </Link>
      </div>
      <p class="pp-excerpt" data-testid="unanswered-text">
        {excerpt(u.text, undefined, u.textTruncated)}
      </p>
      {u.why && <p class="note pp-why">{m.whyRequest(u.why)}</p>}
    </li>
  );
}
