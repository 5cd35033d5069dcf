import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getThread } from '../api/api-client.js';
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
import { rememberConversation } from './conversation-memory.js';

/**
 * Nodes the server sends for one thread at most (src/store/store.ts MAX_THREAD_NODES): a longer
 * conversation comes in parts of this many (`thread.part`), and the view loads the next part when
 * the reader goes past the one it has.
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

/** How a part of the conversation is first drawn: its window, the scroll and the focus. */
interface Start {
  win: ChatWindow;
  pending: Pending;
  /** The message to focus, if any. */
  focus: string | null;
  /** Or the button to focus (data-testid): the reader's own, drawn again with the new part. */
  button?: 'chat-earlier' | 'chat-later';
}

interface ChatViewProps {
  thread: ThreadView;
  currentId: string | null;
  /** The current item's whole text: its bubble shows it, the others the API's snippet. */
  currentText?: string | null;
  /** Whose messages go on the right (chat-model identityKey); left out: chosen by rightSideKey. */
  rightKey?: string | null;
  /** 'pane': beside an item, with links to the whole conversation; 'page': the conversation's own page. */
  variant: 'pane' | 'page';
}

function bubbleOf(list: HTMLElement | null, id: string): HTMLElement | null {
  return list?.querySelector<HTMLElement>(`a.chat-bubble[data-item-id="${CSS.escape(id)}"]`) ?? null;
}

/**
 * A DM or chat conversation as a chat: bubbles in time order, the right side for `rightKey`'s
 * messages, day and session dividers, the current message marked and scrolled into view. Only a
 * window of the conversation is in the page (CHAT_WINDOW around the current message), with
 * "show earlier/later" and jumps to either end, so a conversation of any length draws at once.
 * A conversation of more than SERVER_MAX_THREAD_NODES messages comes from the server in parts
 * (the one around the current message first); going past the part loads the next one.
 * Keyboard: the list is one tab stop; arrow keys, Home and End move between messages, Enter
 * opens one.
 */
export function ChatView(props: ChatViewProps) {
  const { t } = useI18n();
  // The part the reader moved to, while the conversation given is the same one; else that one.
  const [moved, setMoved] = useState<{ from: ThreadView; thread: ThreadView; start: Start } | null>(null);
  const [loading, setLoading] = useState<{ from: ThreadView; failed: boolean } | null>(null);
  const shown = moved && moved.from === props.thread ? moved : null;
  const thread = shown?.thread ?? props.thread;
  const busy = loading !== null && loading.from === props.thread && !loading.failed;
  const failed = loading !== null && loading.from === props.thread && loading.failed;

  /** Loads the part from `offset` (the server keeps it in range) and draws it as `start` says. */
  const loadPart = (offset: number, start: (part: ThreadView) => Start | null) => {
    const from = props.thread;
    if (busy) return;
    setLoading({ from, failed: false });
    getThread(thread.threadId, undefined, offset).then(
      (r) => {
        setLoading(null);
        // A click on one of its messages then draws the chat at once, as from the first part.
        rememberConversation(r.thread);
        const s = start(r.thread);
        if (s) setMoved({ from, thread: r.thread, start: s });
      },
      () => setLoading({ from, failed: true }),
    );
  };
  // Back to the part the conversation was given with (it holds the current message).
  const backToGiven = (start: Start) => setMoved({ from: props.thread, thread: props.thread, start });

  return (
    <>
      <ChatPart
        key={`${thread.threadId}\u0000${thread.part?.offset ?? 0}\u0000${shown ? 'moved' : 'given'}`}
        {...props}
        thread={thread}
        start={shown?.start ?? null}
        busy={busy}
        loadPart={loadPart}
        backToGiven={shown ? backToGiven : null}
        given={props.thread}
      />
      {failed ? (
        <p class="notice" role="alert" data-testid="chat-part-failed">
          {t.chatPartFailed}
        </p>
      ) : null}
    </>
  );
}

function ChatPart(
  props: ChatViewProps & {
    start: Start | null;
    busy: boolean;
    loadPart: (offset: number, start: (part: ThreadView) => Start | null) => void;
    /** Draws the part the conversation was given with again (null: that part is the one drawn). */
    backToGiven: ((start: Start) => void) | null;
    given: ThreadView;
  },
) {
  const { t, locale } = useI18n();
  const { thread, currentId, variant } = props;
  const { messages, participants, indexOf, visibility } = chatModel(thread);
  const rightKey = props.rightKey !== undefined ? props.rightKey : rightSideKey(participants, messages, null);
  const count = messages.length;
  const currentIndex = currentId === null ? -1 : (indexOf.get(currentId) ?? -1);
  const group = participants.length > 2;
  // Where this part starts in the whole conversation, and how long that is.
  const base = thread.part?.offset ?? 0;
  const total = thread.part?.total ?? count;
  const [win, setWin] = useState<ChatWindow>(() => props.start?.win ?? windowAround(count, currentIndex));
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const pending = useRef<Pending>(
    props.start ? props.start.pending : currentIndex >= 0 ? { kind: 'current' } : null,
  );
  /** A message to focus once drawn (the button that was focused went away). */
  const focusNext = useRef<string | null>(props.start?.focus ?? null);
  const focusButton = useRef<string | null>(props.start?.button ?? null);
  const { busy, loadPart } = props;
  /** Where message `id` is on screen now, to keep it there once more is drawn around it. */
  const anchorOf = (id: string | undefined): Pending => {
    const el = id ? bubbleOf(list.current, id) : null;
    const box = scroller.current;
    return id && el && box ? { kind: 'anchor', id, offset: el.offsetTop - box.scrollTop } : null;
  };
  /** The window `w` of this part (global positions base + index) as a window of `part`. */
  const moveWindow = (w: ChatWindow, part: ThreadView): ChatWindow => {
    const shift = base - (part.part?.offset ?? 0);
    const size = chatModel(part).messages.length;
    return {
      start: Math.max(0, Math.min(size, w.start + shift)),
      end: Math.max(0, Math.min(size, w.end + shift)),
    };
  };

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
    if (focusButton.current !== null) {
      box
        ?.querySelector<HTMLElement>(`[data-testid="${focusButton.current}"]`)
        ?.focus({ preventScroll: true });
      focusButton.current = null;
    }
  }, [win, currentId]);

  const earlier = () => {
    if (win.start === 0 && base > 0) {
      // The start of this part: load the part before, with what is drawn now near its end.
      const first = messages[0]?.summary.id;
      const anchor = anchorOf(first);
      loadPart(Math.max(0, base + win.end - SERVER_MAX_THREAD_NODES), (part) => {
        const next = extendEarlier(moveWindow(win, part));
        return { win: next, pending: anchor, focus: null, button: 'chat-earlier' };
      });
      return;
    }
    const next = extendEarlier(win);
    const first = messages[win.start]?.summary.id;
    pending.current = anchorOf(first);
    // The button goes away once the start is reached: focus the message just above where it was.
    if (next.start === 0 && win.start > 0 && base === 0)
      focusNext.current = messages[win.start - 1]?.summary.id ?? null;
    setWin(next);
  };
  const later = () => {
    if (win.end === count && base + count < total) {
      // The end of this part: load the part from what is drawn now on.
      const last = messages[count - 1]?.summary.id;
      const anchor = anchorOf(last);
      loadPart(base + win.start, (part) => {
        const size = chatModel(part).messages.length;
        const next = extendLater(moveWindow(win, part), size);
        return { win: next, pending: anchor, focus: null, button: 'chat-later' };
      });
      return;
    }
    const next = extendLater(win, count);
    const last = messages[win.end - 1]?.summary.id;
    // Rows are added below; when rows above are let go (MAX_RENDERED), keep the last one in place.
    pending.current = anchorOf(last);
    if (next.end === count && win.end < count && base + count === total)
      focusNext.current = messages[win.end]?.summary.id ?? null;
    setWin(next);
  };
  const toStart = () => {
    if (base > 0) {
      loadPart(0, (part) => ({
        win: windowAround(chatModel(part).messages.length, -1),
        pending: { kind: 'top' },
        focus: chatModel(part).messages[0]?.summary.id ?? null,
      }));
      return;
    }
    pending.current = { kind: 'top' };
    focusNext.current = messages[0]?.summary.id ?? null;
    setWin(windowAround(count, -1));
  };
  const toEnd = () => {
    if (base + count < total) {
      loadPart(total, (part) => {
        const all = chatModel(part).messages;
        return {
          win: windowAround(all.length, all.length - 1),
          pending: { kind: 'bottom' },
          focus: all.at(-1)?.summary.id ?? null,
        };
      });
      return;
    }
    pending.current = { kind: 'bottom' };
    focusNext.current = messages[count - 1]?.summary.id ?? null;
    setWin(windowAround(count, count - 1));
  };
  const toCurrent = () => {
    if (currentIndex < 0 && props.backToGiven) {
      // Another part is drawn: the current message is in the one the conversation came with.
      const at = currentId === null ? -1 : (chatModel(props.given).indexOf.get(currentId) ?? -1);
      props.backToGiven({
        win: windowAround(chatModel(props.given).messages.length, at),
        pending: { kind: 'current' },
        focus: currentId,
      });
      return;
    }
    pending.current = { kind: 'current' };
    focusNext.current = currentId;
    setWin(windowAround(count, currentIndex));
  };
  // The current message is in the conversation though not in this part (the reader went on).
  const currentElsewhere = currentIndex < 0 && props.backToGiven !== null && currentId !== null;

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
          {t.chatMessages(n(total), total)} · {t.chatParticipants(participants.length)}
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
        {thread.part ? (
          <p class="notice" data-testid="chat-part">
            {t.chatPart(n(base + 1), n(base + count), n(total))}
          </p>
        ) : null}
      </header>
      <div class="chat-scroll" ref={scroller}>
        {/* Only when part of the conversation is drawn: then where the window is, and the way back. */}
        {win.end - win.start < total ? (
          <div class="chat-controls">
            <span class="chat-showing" aria-live="polite" data-testid="chat-showing">
              {t.chatShowing(n(base + win.start + 1), n(base + win.end), n(total))}
            </span>
            {(currentIndex >= 0 && !currentShown) || currentElsewhere ? (
              <button type="button" class="btn btn-small" onClick={toCurrent} data-testid="chat-current">
                {t.chatBackToCurrent}
              </button>
            ) : null}
          </div>
        ) : null}
        {base + win.start > 0 ? (
          <div class="chat-more">
            <button
              type="button"
              class="btn btn-small"
              onClick={earlier}
              disabled={busy}
              data-testid="chat-earlier"
            >
              ↑ {t.chatShowEarlier(n(base + win.start))}
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={toStart}
              disabled={busy}
              data-testid="chat-first"
            >
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
        {base + win.end < total ? (
          <div class="chat-more">
            <button
              type="button"
              class="btn btn-small"
              onClick={later}
              disabled={busy}
              data-testid="chat-later"
            >
              ↓ {t.chatShowLater(n(total - base - win.end))}
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={toEnd}
              disabled={busy}
              data-testid="chat-last"
            >
              ⇥ {t.chatLast}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
