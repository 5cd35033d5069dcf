import type { Visibility } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { EchoPersonView } from './echo-person.js';
import { getEchoes } from './echoes-api.js';
import { echoMessages } from './echoes-messages.js';
import { echoesHref, echoKey, echoPairHref } from './echoes-state.js';
import type { EchoEvidenceKind } from './echoes-types.js';
import { latencyWords } from './latency-words.js';

/** Echoes listed on one item page; more are on the echoes page. */
const MAX_ITEM_ECHOES = 50;
/** Characters of the other item's text shown in a row. */
const SNIPPET_CHARS = 160;

/**
 * On an item page: for a private item the public posts that echo it ("Echoed by"), for a
 * public item the private messages it echoes ("Echo of"), each with the latency, the kinds of
 * evidence and a link to the pair side by side. Nothing is drawn when there is none.
 */
export function ItemEchoes(props: { item: { id: string; visibility: Visibility } }) {
  const { t, lang, locale } = useI18n();
  const m = echoMessages(lang);
  const { id } = props.item;
  const res = useApi(`echoes-of:${id}`, (signal) => getEchoes({ item: id, limit: MAX_ITEM_ECHOES }, signal));
  const data = res.data;
  // The answer for the item shown before may still be there while this one loads.
  if (!data || data.echoes.some((e) => e.privateId !== id && e.publicId !== id)) return null;
  if (data.echoes.length === 0) return null;
  const isPrivate = props.item.visibility === 'private';
  return (
    <section class="panel item-echoes" aria-labelledby="item-echoes-title" data-testid="item-echoes">
      <h2 id="item-echoes-title">
        {isPrivate ? m.echoedBy : m.echoOf} <span class="count">{data.total}</span>
      </h2>
      <p class="note">{isPrivate ? m.echoedByNote : m.echoOfNote}</p>
      <ul class="item-echo-list">
        {data.echoes.map((e) => {
          const mine = e.privateId === id;
          const other = mine ? e.public : e.private;
          const who = mine ? e.public.author : e.private.from;
          const kinds = [...new Set(e.evidence.map((x) => x.kind))] as EchoEvidenceKind[];
          const when = formatDateTime(other.sentAt, locale);
          const snippet =
            other.text.length > SNIPPET_CHARS ? `${other.text.slice(0, SNIPPET_CHARS)}…` : other.text;
          return (
            <li key={echoKey(e)} class="item-echo" data-testid="item-echo" data-item-id={other.id}>
              <div class="item-echo-head">
                <span class="item-echo-latency" data-testid="item-echo-latency">
                  {latencyWords(e.latencySeconds, lang, mine ? 'later' : 'earlier')}
                </span>
                <EchoPersonView personKey={who} people={data.people} unknown={t.nobody} />
                {when ? (
                  <time class="muted" dateTime={other.sentAt ?? undefined}>
                    {when} {t.utc}
                  </time>
                ) : null}
              </div>
              <Link href={`/item/${encodeURIComponent(other.id)}`} class="item-echo-text">
                {snippet.trim() === '' ? t.emptyText : snippet}
              </Link>
              <div class="item-echo-foot">
                <span class="echo-kinds" data-testid="item-echo-kinds">
                  {kinds.map((k) => (
                    <span
                      key={k}
                      class={`echo-kind is-${k}`}
                      title={e.evidence.find((x) => x.kind === k)?.detail}
                    >
                      {m.kinds[k]}
                    </span>
                  ))}
                </span>
                <Link href={echoPairHref(id, e)} data-testid="item-echo-pair">
                  {m.sideBySide} →
                </Link>
              </div>
            </li>
          );
        })}
      </ul>
      {data.total > 1 ? (
        <p class="note">
          <Link href={echoesHref({ item: id })}>{m.allOfItem} →</Link>
        </p>
      ) : null}
    </section>
  );
}
