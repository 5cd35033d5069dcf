import { useEffect, useState } from 'preact/hooks';
import { PersonAnnotations } from '../annotations/target-annotations.js';
import { useApi } from '../api/use-api.js';
import { formatNumber, formatPeriod } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { platformName } from '../ui/kind-label.js';
import { getPairs, getPerson, getTimeline, type Pair, type Person } from './people-api.js';
import {
  chooseBucket,
  correspondents,
  directions,
  durationWords,
  otherSide,
  pairHref,
  percent,
  personAddress,
  personHref,
  personQuery,
  volumeSeries,
  type Direction,
} from './people-logic.js';
import type { PeopleMessages } from './people-messages.js';
import { TimeBars } from './time-bars.js';
import { usePeopleMessages } from './use-people-messages.js';

/** Correspondents listed before "Show all". */
const TOP_CORRESPONDENTS = 20;

/** What to call a person: the name, else the first handle, else the key. */
export function personName(p: { name: string | null; handles: string[]; key: string }): string {
  return p.name ?? (p.handles[0] ? `@${p.handles[0]}` : p.key);
}

/** One person: identities, why they are joined, volume over time, correspondents, replies. */
export function PersonView(props: { personKey: string }) {
  const { m, locale } = usePeopleMessages();
  const res = useApi(`person|${props.personKey}`, (signal) => getPerson(props.personKey, signal));
  const person = res.data?.person ?? null;
  const address = person ? personAddress(person.identities) : null;
  const q = address === null ? '' : personQuery(address);
  const bucket = person ? chooseBucket(person.firstDate, person.lastDate) : 'month';
  const pairs = useApi(person && address !== null ? `pairs|${person.key}|${q}` : null, (signal) =>
    getPairs({ q, person: (person as Person).key }, signal),
  );
  const timeline = useApi(person && address !== null ? `tl|${q}|${bucket}` : null, (signal) =>
    getTimeline({ q, bucket }, signal),
  );
  useEffect(() => {
    document.title = `${person ? personName(person) : m.peopleTitle} – innsyn`;
  }, [person, m]);

  if (res.error) return <ErrorNotice error={res.error} />;
  if (!person) return <p class="muted page-pad">{m.loading}</p>;
  const num = (n: number) => formatNumber(n, locale);
  const day = (iso: string | null) => (iso ? formatPeriod(iso, 'day', locale) : m.none);
  const name = personName(person);

  return (
    <div class="pp-page" data-testid="person-page" data-key={person.key}>
      <nav class="crumbs" aria-label={m.peopleTitle}>
        <Link href="/person">{m.allPeople}</Link>
      </nav>
      <h1 data-testid="person-name">{name}</h1>
      <p class="pp-sub">
        {person.handles.length > 0 && (
          <span class="pp-handles">{person.handles.map((h) => `@${h}`).join(' ')} · </span>
        )}
        <span data-testid="person-counts">
          {m.personCounts(num(person.items), num(person.sent), num(person.received))}
        </span>
        {' · '}
        {m.dateRange(day(person.firstDate), day(person.lastDate))}
      </p>
      <PersonAnnotations personKey={person.key} />
      {address !== null && (
        <p class="pp-actions">
          <Link class="btn btn-small" href={searchHref({ q })} data-testid="person-search">
            {m.searchTheirMessages}
          </Link>
          <Link class="btn btn-small" href={searchHref({ q: personQuery(address, 'from') })}>
            {m.searchSentMessages}
          </Link>
          <Link
            class="btn btn-small"
            href={`/network?${new URLSearchParams({ q, focus: person.key }).toString()}`}
            data-testid="person-network"
          >
            {m.networkAround}
          </Link>
        </p>
      )}

      <Identities person={person} m={m} num={num} day={day} />

      <section class="panel" aria-labelledby="pp-volume">
        <h2 id="pp-volume">{m.volumeTitle}</h2>
        {timeline.error && <ErrorNotice error={timeline.error} />}
        {timeline.data ? (
          <TimeBars
            title={m.volumeTitle}
            bars={volumeSeries(timeline.data.timeline.buckets, person.key)}
            bucket={timeline.data.timeline.bucket}
            series={[m.seriesSent, m.seriesReceived]}
            testid="person-volume"
          />
        ) : (
          !timeline.error && <p class="muted">{m.loading}</p>
        )}
        {timeline.data && timeline.data.timeline.undated > 0 && (
          <p class="note">{m.undatedNote(num(timeline.data.timeline.undated))}</p>
        )}
      </section>

      {pairs.error && <ErrorNotice error={pairs.error} />}
      {!pairs.data && !pairs.error && <p class="muted">{m.loading}</p>}
      {pairs.data && <Correspondents person={person} pairs={pairs.data.pairs} />}
    </div>
  );
}

function Identities(props: {
  person: Person;
  m: PeopleMessages;
  num: (n: number) => string;
  day: (iso: string | null) => string;
}) {
  const { person, m, num, day } = props;
  const { t } = useI18n();
  const platform = (p: string) => (p === 'email' ? (t.kinds.email ?? p) : platformName(p));
  return (
    <>
      <section class="panel" aria-labelledby="pp-identities">
        <h2 id="pp-identities">
          {m.identitiesTitle} <span class="count">{num(person.identityCount)}</span>
        </h2>
        <div class="table-scroll">
          <table class="data-table pp-stack" data-testid="person-identities">
            <thead>
              <tr>
                <th scope="col">{m.colPlatform}</th>
                <th scope="col">{m.colHandleAddress}</th>
                <th scope="col">{m.colNamesSeen}</th>
                <th scope="col" class="num">
                  {m.colSent}
                </th>
                <th scope="col" class="num">
                  {m.colReceived}
                </th>
                <th scope="col">{m.colActive}</th>
              </tr>
            </thead>
            <tbody>
              {person.identities.map((id) => (
                <tr key={id.key} data-testid="identity-row" data-key={id.key}>
                  <td data-label={m.colPlatform}>{platform(id.platform)}</td>
                  <td class="wrap" data-label={m.colHandleAddress}>
                    {id.handles.map((h) => (
                      <div key={h}>
                        @{h}
                        {id.aliases.handles.includes(h) && <span class="muted"> ({m.aliasAdded})</span>}
                      </div>
                    ))}
                    <div class="mono muted">{id.key}</div>
                  </td>
                  <td class="wrap" data-label={m.colNamesSeen}>
                    {id.names.map((n) => (
                      <span key={n.name} class="pp-seen">
                        {n.name} <span class="count">{num(n.count)}</span>
                      </span>
                    ))}
                    {id.aliases.names.map((n) => (
                      <span key={`alias|${n}`} class="pp-seen">
                        {n} <span class="muted">({m.aliasAdded})</span>
                      </span>
                    ))}
                    {id.moreNames > 0 && <span class="muted">{m.namesMore(num(id.moreNames))}</span>}
                  </td>
                  <td class="num" data-label={m.colSent}>
                    {num(id.sent)}
                  </td>
                  <td class="num" data-label={m.colReceived}>
                    {num(id.received)}
                  </td>
                  <td class="pp-nowrap" data-label={m.colActive}>
                    {m.dateRange(day(id.firstDate), day(id.lastDate))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel" aria-labelledby="pp-why">
        <h2 id="pp-why">{m.whyJoinedTitle}</h2>
        {person.links.length === 0 ? (
          <p class="muted" data-testid="person-why">
            {m.joinedAlone}
          </p>
        ) : (
          <ul class="pp-list" data-testid="person-why">
            {person.links.map((l) => (
              <li key={`${l.a}|${l.b}`}>
                <span class="mono">{l.a}</span> + <span class="mono">{l.b}</span>:{' '}
                {l.rule === 'merge'
                  ? m.joinMerge
                  : l.rule === 'handle'
                    ? m.joinHandle(l.value ?? '')
                    : m.joinAddress(l.value ?? '')}
              </li>
            ))}
          </ul>
        )}
        {person.notes.length > 0 && (
          <>
            <h3 class="pp-h3">{m.notesTitle}</h3>
            <ul class="pp-list">
              {person.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
        {person.edits.length > 0 && (
          <>
            <h3 class="pp-h3">{m.editsTitle}</h3>
            <ul class="pp-list">
              {person.edits.map((e, i) => (
                <li key={i}>
                  {day(e.at)}:{' '}
                  {e.op === 'merge'
                    ? m.editMerge(e.identity, e.other)
                    : e.op === 'split'
                      ? m.editSplit(e.identity)
                      : m.editAlias(
                          e.identity,
                          [
                            e.handle !== null ? m.editAliasHandle(e.handle) : null,
                            e.name !== null ? m.editAliasName(e.name) : null,
                          ]
                            .filter((x) => x !== null)
                            .join(', '),
                        )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

function Correspondents(props: { person: Person; pairs: Pair[] }) {
  const { m, locale } = usePeopleMessages();
  const [all, setAll] = useState(false);
  const { person } = props;
  const list = correspondents(props.pairs, person.key);
  const shown = all ? list : list.slice(0, TOP_CORRESPONDENTS);
  const num = (n: number) => formatNumber(n, locale);
  const day = (iso: string | null) => (iso ? formatPeriod(iso, 'day', locale) : m.none);
  const name = personName(person);
  const rate = (d: Direction) => {
    if (d.bursts === 0) return <span class="muted">{m.noBursts}</span>;
    return m.rateText(num(d.answered), num(d.bursts), num(percent(d.replyRate) ?? 0));
  };
  const median = (d: Direction) =>
    d.latency ? durationWords(d.latency.median, m.units) : d.bursts > 0 ? m.neverAnswered : m.none;

  return (
    <>
      <section class="panel" aria-labelledby="pp-corr">
        <h2 id="pp-corr">
          {m.correspondentsTitle} <span class="count">{num(list.length)}</span>
        </h2>
        <p class="note">{m.correspondentsNote}</p>
        {list.length === 0 ? (
          <p class="muted">{m.noCorrespondents}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table pp-stack" data-testid="person-correspondents">
              <thead>
                <tr>
                  <th scope="col">{m.colCorrespondent}</th>
                  <th scope="col" class="num">
                    {m.colToThem}
                  </th>
                  <th scope="col" class="num">
                    {m.colFromThem}
                  </th>
                  <th scope="col" class="num">
                    {m.colTotal}
                  </th>
                  <th scope="col">{m.colFirstLast}</th>
                  <th scope="col">
                    <span class="visually-hidden">{m.openPair}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => {
                  const other = otherSide(p, person.key);
                  const { first, second } = directions(p, person.key);
                  const otherName = other.name ?? other.key;
                  return (
                    <tr key={other.key} data-testid="correspondent-row" data-key={other.key}>
                      <td>
                        <Link href={personHref(other.key)}>{otherName}</Link>
                      </td>
                      <td class="num" data-label={m.colToThem}>
                        {num(first.messages)}
                      </td>
                      <td class="num" data-label={m.colFromThem}>
                        {num(second.messages)}
                      </td>
                      <td class="num" data-label={m.colTotal}>
                        {num(first.messages + second.messages)}
                      </td>
                      <td class="pp-nowrap" data-label={m.colFirstLast}>
                        {m.dateRange(day(p.firstAt), day(p.lastAt))}
                      </td>
                      <td>
                        <Link
                          class="btn btn-small"
                          href={pairHref(person.key, other.key)}
                          aria-label={m.openPairLabel(name, otherName)}
                          data-testid="correspondent-pair"
                        >
                          {m.openPair}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {!all && list.length > TOP_CORRESPONDENTS && (
          <button type="button" class="link-button" onClick={() => setAll(true)}>
            {m.showAll(num(list.length))}
          </button>
        )}
      </section>
      {list.length > 0 && (
        <section class="panel" aria-labelledby="pp-reply">
          <h2 id="pp-reply">{m.replyTitle}</h2>
          <p class="note">{m.replyNote(name)}</p>
          <div class="table-scroll">
            <table class="data-table pp-stack" data-testid="person-replies">
              <thead>
                <tr>
                  <th scope="col">{m.colCorrespondent}</th>
                  <th scope="col">{m.colAnsweredBy(name)}</th>
                  <th scope="col">{m.colMedianOf(name)}</th>
                  <th scope="col">{m.colTheyAnswered}</th>
                  <th scope="col">{m.colTheirMedian}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => {
                  const other = otherSide(p, person.key);
                  // `first` is what this person sent: the other answered it; `second` this person answered.
                  const { first, second } = directions(p, person.key);
                  return (
                    <tr key={other.key} data-testid="reply-row" data-key={other.key}>
                      <td>
                        <Link href={pairHref(person.key, other.key)}>{other.name ?? other.key}</Link>
                      </td>
                      <td data-label={m.colAnsweredBy(name)}>{rate(second)}</td>
                      <td data-label={m.colMedianOf(name)}>{median(second)}</td>
                      <td data-label={m.colTheyAnswered}>{rate(first)}</td>
                      <td data-label={m.colTheirMedian}>{median(first)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
