import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ThreadView } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { useHotkeys } from '../ui/hotkeys.js';
import { ChatBubble, ChatDivider } from './chat-bubble.js';
import {
  chatModel,
  chatRows,
  type ChatWindow,
  extendEarlier,
  extendLater,
  rightSideKey,
  windowAround,
} from './chat-model.js';
import { ChatParticipants } from './chat-participants.js';

/**
 * Nodes the server sends for one thread at most (src/store/sqlite: MAX_THREAD_NODES). A
 * conversation that fills it exactly was very likely cut, and the reader is told so.
 */
export const SERVER_MAX_THREAD_NODES = 10_000;

/** What to do with the scroll position once the next window is drawn. */
type Pending =
  | { kind: 'current' }
  | { kind: 'top' }
  | { kind: 'bottom' }
  /** Keep this message where it was on screen (rows were added above it). */
  | { kind: 'anchor'; id: string; offset: number }
  | null;

function bubbleOf(list: HTMLElement | null, id: string): HTMLElement | null {
  return list?.querySelector<HTMLElement>(`a.chat-bubble[data-item-id="${CSS.escape(id)}"]`) ?? null;
}

/**
 * A DM or chat conversation as a chat: bubbles in time order, the right side for `rightKey`'s
 * messages, day and session dividers, the current message marked and scrolled into view. Only a
 * window of the conversation is in the page (CHAT_WINDOW around the current message), with
 * "show earlier/later" and jumps to either end, so a conversation of any length draws at once.
 * Keyboard: the list is one tab stop; arrow keys, Home and End move between messages, Enter
 * opens one.
 */
export function ChatView(props: {
  thread: ThreadView;
  currentId: string | null;
  /** The current item's whole text: its bubble shows it, the others the API's snippet. */
  currentText?: string | null;
  /** Whose messages go on the right (chat-model identityKey); left out: chosen by rightSideKey. */
  rightKey?: string | null;
  /** 'pane': beside an item, with links to the whole conversation; 'page': the conversation's own page. */
  variant: 'pane' | 'page';
}) {
  const { t, locale } = useI18n();
  const { thread, currentId, variant } = props;
  const { messages, participants, indexOf, visibility } = chatModel(thread);
  const rightKey = props.rightKey !== undefined ? props.rightKey : rightSideKey(participants, messages, null);
  const count = messages.length;
  const currentIndex = currentId === null ? -1 : (indexOf.get(currentId) ?? -1);
  const group = participants.length > 2;
  const [win, setWin] = useState<ChatWindow>(() => windowAround(count, currentIndex));
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const pending = useRef<Pending>(currentIndex >= 0 ? { kind: 'current' } : null);
  /** A message to focus once drawn (the button that was focused went away). */
  const focusNext = useRef<string | null>(null);

  const rows = useMemo(() => chatRows(messages, win, { rightKey, group }), [messages, win, rightKey, group]);
  const currentShown = currentIndex >= win.start && currentIndex < win.end;
  const tabStop = currentShown ? currentId : (messages[win.start]?.summary.id ?? null);

  useLayoutEffect(() => {
    const box = scroller.current;
    const p = pending.current;
    pending.current = null;
    if (box && p) {
      if (p.kind === 'top') box.scrollTop = 0;
      else if (p.kind === 'bottom') box.scrollTop = box.scrollHeight;
      else if (p.kind === 'anchor') {
        const el = bubbleOf(list.current, p.id);
        if (el) box.scrollTop = el.offsetTop - p.offset;
      } else if (currentId !== null) {
        // Centred in the chat's own scroll box; scrollIntoView would scroll the page as well.
        const el = bubbleOf(list.current, currentId);
        if (el) box.scrollTop = el.offsetTop - box.clientHeight / 2 + el.offsetHeight / 2;
      }
    }
    if (focusNext.current !== null) {
      bubbleOf(list.current, focusNext.current)?.focus({ preventScroll: p?.kind === 'anchor' });
      focusNext.current = null;
    }
  }, [win, currentId]);

  const earlier = () => {
    const next = extendEarlier(win);
    const first = messages[win.start]?.summary.id;
    const el = first ? bubbleOf(list.current, first) : null;
    const box = scroller.current;
    if (first && el && box)
      pending.current = { kind: 'anchor', id: first, offset: el.offsetTop - box.scrollTop };
    // The button goes away once the start is reached: focus the message just above where it was.
    if (next.start === 0 && win.start > 0) focusNext.current = messages[win.start - 1]?.summary.id ?? null;
    setWin(next);
  };
  const later = () => {
    const next = extendLater(win, count);
    const last = messages[win.end - 1]?.summary.id;
    const el = last ? bubbleOf(list.current, last) : null;
    const box = scroller.current;
    // Rows are added below; when rows above are let go (MAX_RENDERED), keep the last one in place.
    if (last && el && box)
      pending.current = { kind: 'anchor', id: last, offset: el.offsetTop - box.scrollTop };
    if (next.end === count && win.end < count) focusNext.current = messages[win.end]?.summary.id ?? null;
    setWin(next);
  };
  const toStart = () => {
    pending.current = { kind: 'top' };
    focusNext.current = messages[0]?.summary.id ?? null;
    setWin(windowAround(count, -1));
  };
  const toEnd = () => {
    pending.current = { kind: 'bottom' };
    focusNext.current = messages[count - 1]?.summary.id ?? null;
    setWin(windowAround(count, count - 1));
  };
  const toCurrent = () => {
    pending.current = { kind: 'current' };
    focusNext.current = currentId;
    setWin(windowAround(count, currentIndex));
  };

  /** Moves the keyboard focus among the bubbles drawn, and the single tab stop with it. */
  const moveFocus = (how: 'next' | 'prev' | 'first' | 'last') => {
    const bubbles = list.current?.querySelectorAll<HTMLElement>('a.chat-bubble');
    if (!bubbles || bubbles.length === 0) return;
    const at = Array.prototype.indexOf.call(bubbles, document.activeElement) as number;
    const from =
      at >= 0
        ? at
        : Math.max(
            0,
            Array.prototype.findIndex.call(bubbles, (b: HTMLElement) => b.tabIndex === 0),
          );
    const to =
      how === 'first' ? 0 : how === 'last' ? bubbles.length - 1 : how === 'next' ? from + 1 : from - 1;
    const target = bubbles[Math.max(0, Math.min(bubbles.length - 1, to))];
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const how =
      e.key === 'ArrowDown'
        ? 'next'
        : e.key === 'ArrowUp'
          ? 'prev'
          : e.key === 'Home'
            ? 'first'
            : e.key === 'End'
              ? 'last'
              : null;
    if (!how) return;
    e.preventDefault();
    moveFocus(how);
  };
  /** Whichever bubble has the focus is the list's one tab stop (roving tabindex). */
  const onFocusIn = (e: FocusEvent) => {
    const target = e.target;
    if (!(target instanceof HTMLElement) || !target.classList.contains('chat-bubble')) return;
    list.current?.querySelectorAll<HTMLElement>('a.chat-bubble[tabindex="0"]').forEach((b) => {
      if (b !== target) b.tabIndex = -1;
    });
    target.tabIndex = 0;
  };
  // On the conversation's own page j and k walk the messages, as they walk results on the search page.
  useHotkeys(variant === 'page' ? { j: () => moveFocus('next'), k: () => moveFocus('prev') } : {});

  const first = messages[0]?.summary.sentAt ?? null;
  const last = messages[count - 1]?.summary.sentAt ?? null;
  const span =
    first && last ? `${formatDateTime(first, locale) ?? ''} – ${formatDateTime(last, locale) ?? ''}` : null;
  const n = (x: number) => formatNumber(x, locale);
  const hintId = `chat-keys-${variant}`;

  return (
    <section
      class={`chat chat-${variant}`}
      aria-labelledby={variant === 'pane' ? 'chat-title' : undefined}
      aria-label={variant === 'page' ? t.chatTitle : undefined}
      data-testid="chat-view"
      data-group={group ? 'true' : 'false'}
    >
      <header class="chat-head">
        {variant === 'pane' ? <h2 id="chat-title">{t.chatTitle}</h2> : null}
        <p class="chat-summary" data-testid="chat-summary">
          {t.chatMessages(n(count), count)} · {t.chatParticipants(participants.length)}
          {visibility === 'public' ? ` · ${t.public}` : null}
          {span ? <span class="chat-span"> · {span} UTC</span> : null}
        </p>
        <ChatParticipants participants={participants} rightKey={rightKey} />
        {variant === 'pane' ? (
          <p class="chat-links">
            <Link href={`/thread/${encodeURIComponent(thread.threadId)}`} data-testid="chat-open">
              {t.chatOpen} →
            </Link>
            <Link href={searchHref({ q: `conversation:${thread.threadId}`, sort: 'date-asc' })}>
              {t.chatSearch}
            </Link>
          </p>
        ) : null}
        {thread.nodes.length >= SERVER_MAX_THREAD_NODES ? <p class="notice">{t.chatTruncated}</p> : null}
      </header>
      <div class="chat-scroll" ref={scroller}>
        {/* Only when part of the conversation is drawn: then where the window is, and the way back. */}
        {win.end - win.start < count ? (
          <div class="chat-controls">
            <span class="chat-showing" aria-live="polite" data-testid="chat-showing">
              {t.chatShowing(n(win.start + 1), n(win.end), n(count))}
            </span>
            {currentIndex >= 0 && !currentShown ? (
              <button type="button" class="btn btn-small" onClick={toCurrent} data-testid="chat-current">
                {t.chatBackToCurrent}
              </button>
            ) : null}
          </div>
        ) : null}
        {win.start > 0 ? (
          <div class="chat-more">
            <button type="button" class="btn btn-small" onClick={earlier} data-testid="chat-earlier">
              ↑ {t.chatShowEarlier(n(win.start))}
            </button>
            <button type="button" class="btn btn-small" onClick={toStart} data-testid="chat-first">
              ⇤ {t.chatFirst}
            </button>
          </div>
        ) : null}
        <p id={hintId} class="visually-hidden">
          {t.chatKeysHint}
        </p>
        <ol
          class={`chat-log${group ? ' is-group' : ''}`}
          ref={list}
          aria-label={t.chatLabel}
          aria-describedby={hintId}
          onKeyDown={onKeyDown}
          onFocusIn={onFocusIn}
        >
          {rows.map((r) =>
            r.type === 'divider' ? (
              <ChatDivider key={r.key} day={r.day} gapMs={r.gapMs} />
            ) : (
              <ChatBubble
                key={r.key}
                message={r.message}
                replyTo={r.message.replyTo === null ? null : (messages[r.message.replyTo] ?? null)}
                side={r.side}
                showSender={r.showSender}
                current={r.message.summary.id === currentId}
                text={r.message.summary.id === currentId ? (props.currentText ?? null) : null}
                tabStop={r.message.summary.id === tabStop}
                markPublic={visibility === 'mixed'}
              />
            ),
          )}
        </ol>
        {win.end < count ? (
          <div class="chat-more">
            <button type="button" class="btn btn-small" onClick={later} data-testid="chat-later">
              ↓ {t.chatShowLater(n(count - win.end))}
            </button>
            <button type="button" class="btn btn-small" onClick={toEnd} data-testid="chat-last">
              ⇥ {t.chatLast}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
