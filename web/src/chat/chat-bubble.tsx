import { memo } from 'preact/compat';
import type { Identity } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import {
  formatDateTimeLong,
  formatDay,
  formatLocalDateTime,
  formatTime,
  localTimeZone,
} from '../i18n/format.js';
import { Link } from '../router/link.js';
import { PaperclipIcon } from '../ui/badges.js';
import { identityFull, identityLabel } from '../ui/identity.js';
import { Snippet } from '../ui/snippet.js';
import { type ChatMessage, gapParts } from './chat-model.js';

/**
 * Characters of the current message's own text shown in its bubble; the whole text is on the
 * item page beside it. Other bubbles show the API's snippet (about 200 characters).
 */
export const MAX_BUBBLE_CHARS = 2000;
/** Characters of the answered message quoted above a reply. */
const REPLY_QUOTE_CHARS = 90;

function SenderName({ identity }: { identity: Identity }) {
  const label = identityLabel(identity);
  return (
    <span class="chat-sender" title={identityFull(identity)} data-testid="chat-sender">
      <span class="chat-sender-name">{label}</span>
      {identity.handle && label !== `@${identity.handle}` ? (
        <span class="chat-sender-handle"> @{identity.handle}</span>
      ) : null}
    </span>
  );
}

/** "Friday 21 October 2016" where a UTC day begins; "New session after 3 h 12 min of silence" after a pause. */
export const ChatDivider = memo(function ChatDivider(props: { day: string | null; gapMs: number | null }) {
  const { t, locale } = useI18n();
  const day = formatDay(props.day, locale);
  const gap = props.gapMs === null ? null : gapParts(props.gapMs);
  return (
    <li class={`chat-divider${gap ? ' is-session' : ''}${day ? '' : ' no-day'}`} data-testid="chat-divider">
      {day ? (
        <time class="chat-day" dateTime={props.day?.slice(0, 10)} title={t.chatDayUtc}>
          {day}
        </time>
      ) : null}
      {gap ? (
        <span class="chat-session" data-testid="chat-session">
          {t.chatNewSession(t.chatGap(gap.days, gap.hours, gap.minutes))}
        </span>
      ) : null}
    </li>
  );
});

/**
 * One message: a link to its permalink, with its time in UTC (the reader's own clock in the
 * title) and, in groups, the sender above it. All of it text from the message: never markup.
 */
export const ChatBubble = memo(function ChatBubble(props: {
  message: ChatMessage;
  replyTo: ChatMessage | null;
  side: 'start' | 'end';
  showSender: boolean;
  current: boolean;
  /** The message's whole text (the current one); null: its snippet. */
  text: string | null;
  tabStop: boolean;
  /** Say "public" on a public message (a conversation that mixes public and private ones). */
  markPublic: boolean;
}) {
  const { t, locale } = useI18n();
  const s = props.message.summary;
  const from = s.from;
  const time = formatTime(s.sentAt, locale);
  const utc = formatDateTimeLong(s.sentAt, locale);
  const local = formatLocalDateTime(s.sentAt, locale);
  const title = utc && local ? `${utc} ${t.utc}\n${t.chatLocal(local, localTimeZone())}` : undefined;
  const reply = props.replyTo?.summary ?? null;
  const text =
    props.text === null
      ? null
      : props.text.length > MAX_BUBBLE_CHARS
        ? `${props.text.slice(0, MAX_BUBBLE_CHARS)}…`
        : props.text;
  const empty = text === null ? s.snippet.trim() === '' : text.trim() === '';
  return (
    <li
      class={`chat-row is-${props.side}${props.current ? ' is-current' : ''}`}
      data-testid="chat-row"
      data-side={props.side}
    >
      {props.showSender && from ? <SenderName identity={from} /> : null}
      <Link
        href={`/item/${encodeURIComponent(s.id)}`}
        class="chat-bubble"
        aria-current={props.current ? 'page' : undefined}
        tabIndex={props.tabStop ? 0 : -1}
        data-testid="chat-bubble"
        data-item-id={s.id}
      >
        {/* In a two-person chat the side says who wrote; a screen reader is told in words. */}
        {!props.showSender ? (
          <span class="visually-hidden">{from ? identityFull(from) : t.nobody}: </span>
        ) : null}
        {reply ? (
          <span class="chat-reply" data-testid="chat-reply">
            <span class="chat-reply-to">
              ↩ {t.chatReplyTo(reply.from ? identityLabel(reply.from) : t.nobody)}
            </span>
            <span class="chat-reply-text">
              {reply.snippet.length > REPLY_QUOTE_CHARS
                ? `${reply.snippet.slice(0, REPLY_QUOTE_CHARS).replace(/[\uE000\uE001]/g, '')}…`
                : reply.snippet.replace(/[\uE000\uE001]/g, '')}
            </span>
          </span>
        ) : null}
        <span class={`chat-text${empty ? ' muted' : ''}`}>
          {empty ? t.emptyText : text !== null ? text : <Snippet text={s.snippet} />}
        </span>
        <span class="chat-meta">
          {s.hasAttachments ? <PaperclipIcon label={t.hasAttachments} /> : null}
          {props.markPublic && s.visibility === 'public' ? <span class="chat-public">{t.public}</span> : null}
          <time dateTime={s.sentAt ?? undefined} title={title}>
            {time ?? t.noDate}
          </time>
        </span>
        {props.current ? <span class="visually-hidden"> ({t.threadCurrent})</span> : null}
      </Link>
    </li>
  );
});
