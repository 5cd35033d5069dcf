import { useEffect, useRef, useState } from 'preact/hooks';
import type { Annotations } from '../annotations/annotations-api.js';
import { rememberedMarks } from '../annotations/marks-cache.js';
import { RowMarks } from '../annotations/result-marks.js';
import { useApi } from '../api/use-api.js';
import { formatNumber, formatPeriod } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/router.js';
import { Pager } from '../search/pager.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { listPeople, type PersonSummary } from './people-api.js';
import { PEOPLE_PAGE_SIZE, peopleListHref, personHref, readPeopleListState } from './people-logic.js';
import { usePeopleMessages } from './use-people-messages.js';

/** Typing in the box filters after this pause, replacing the URL (Back does not step per letter). */
const TYPE_DELAY_MS = 250;
/** Identities listed in a row; the person page has them all. */
const ROW_IDENTITIES = 3;

/** /person without a key: every person, most items first, filtered by name, handle or address. */
export function PeopleList(props: { params: URLSearchParams }) {
  const { m, locale } = usePeopleMessages();
  const { q, page } = readPeopleListState(props.params);
  const [text, setText] = useState(q);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    document.title = `${m.peopleTitle} – innsyn`;
  }, [m]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const offset = (page - 1) * PEOPLE_PAGE_SIZE;
  const res = useApi(`people|${q}|${offset}`, (signal) =>
    listPeople({ q, offset, limit: PEOPLE_PAGE_SIZE }, signal),
  );
  const num = (n: number) => formatNumber(n, locale);
  const day = (iso: string | null) => (iso ? formatPeriod(iso, 'day', locale) : m.none);

  const onInput = (value: string) => {
    setText(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(
      () => navigate(peopleListHref({ q: value }), { replace: true }),
      TYPE_DELAY_MS,
    );
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (timer.current) clearTimeout(timer.current);
    navigate(peopleListHref({ q: text }));
  };

  const data = res.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PEOPLE_PAGE_SIZE)) : 1;
  return (
    <div class="pp-page" data-testid="people-list">
      <h1>{m.peopleTitle}</h1>
      <p class="muted pp-intro">{m.peopleIntro}</p>
      <form class="pp-form" role="search" onSubmit={onSubmit}>
        <label for="people-q">{m.findPerson}</label>
        <input
          id="people-q"
          class="pp-input"
          type="search"
          value={text}
          placeholder={m.findPersonPlaceholder}
          autoComplete="off"
          spellcheck={false}
          maxLength={1000}
          data-testid="people-q"
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        <button class="btn" type="submit">
          {m.findButton}
        </button>
      </form>
      {res.error && <ErrorNotice error={res.error} />}
      {!data && !res.error && <p class="muted">{m.loading}</p>}
      {data && (
        <>
          <p class={`pp-count${res.loading ? ' is-stale' : ''}`} data-testid="people-count">
            {m.peopleCount(num(data.total), data.total)}
          </p>
          {data.people.length === 0 ? (
            <p class="muted">{m.noPeople}</p>
          ) : (
            <div class="table-scroll">
              <table class={`data-table pp-table pp-stack${res.loading ? ' is-stale' : ''}`}>
                <thead>
                  <tr>
                    <th scope="col">{m.colPerson}</th>
                    <th scope="col">{m.colIdentities}</th>
                    <th scope="col" class="num">
                      {m.colItems}
                    </th>
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
                  {data.people.map((p) => (
                    <PersonRow
                      key={p.key}
                      p={p}
                      num={num}
                      day={day}
                      marks={rememberedMarks('person', p.key) ?? p.annotations}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={page} pages={pages} href={(n) => peopleListHref({ q, page: n })} />
        </>
      )}
    </div>
  );
}

function PersonRow(props: {
  p: PersonSummary;
  num: (n: number) => string;
  day: (iso: string | null) => string;
  marks: Annotations | undefined;
}) {
  const { m } = usePeopleMessages();
  const { p, num, day } = props;
  const more = p.identityCount - Math.min(p.identities.length, ROW_IDENTITIES);
  return (
    <tr data-testid="people-row" data-key={p.key}>
      <td>
        <Link href={personHref(p.key)} class="pp-name">
          {p.name ?? (p.handles[0] ? `@${p.handles[0]}` : p.key)}
        </Link>
        {p.handles.length > 0 && (
          <div class="muted pp-handles">{p.handles.map((h) => `@${h}`).join(' ')}</div>
        )}
        <RowMarks annotations={props.marks} />
      </td>
      <td class="mono wrap" data-label={m.colIdentities}>
        {p.identities.slice(0, ROW_IDENTITIES).join(' · ')}
        {more > 0 && <span class="muted"> {m.moreIdentities(num(more))}</span>}
      </td>
      <td class="num" data-label={m.colItems}>
        {num(p.items)}
      </td>
      <td class="num" data-label={m.colSent}>
        {num(p.sent)}
      </td>
      <td class="num" data-label={m.colReceived}>
        {num(p.received)}
      </td>
      <td class="pp-nowrap" data-label={m.colActive}>
        {m.dateRange(day(p.firstDate), day(p.lastDate))}
      </td>
    </tr>
  );
}
