import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { KindBadge } from '../ui/badges.js';
import { EchoPersonView } from './echo-person.js';
import { echoMessages, type EchoMessages } from './echoes-messages.js';
import { echoKey } from './echoes-state.js';
import type { EchoEvidence, EchoMark, EchoPerson, EchoRow } from './echoes-types.js';
import { latencyWords } from './latency-words.js';
import { MarkedText } from './marked-text-view.js';

/** Characters of a quoted passage or name shown in an evidence line (the texts below show all). */
const MAX_EVIDENCE_QUOTE = 160;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The text under the first mark of `kind` in a side, or null. */
function markedText(side: { text: string; marks: EchoMark[] }, kind: EchoMark['kind']): string | null {
  const mark = side.marks.find((x) => x.kind === kind);
  return mark ? side.text.slice(mark.start, mark.end) : null;
}

/** One evidence line in the reader's language; the server's English detail as its tooltip. */
function evidenceLine(e: EchoEvidence, echo: EchoRow, m: EchoMessages): ComponentChildren {
  switch (e.kind) {
    case 'link':
      return e.link ? m.evLink(e.link) : m.kinds.link;
    case 'mention': {
      const name = markedText(echo.public, 'mention');
      return name ? m.evMention(clip(name, MAX_EVIDENCE_QUOTE)) : m.evMentionBare;
    }
    case 'terms':
      return m.evTerms((e.terms ?? []).join(', '));
    case 'quote': {
      const passage = markedText(echo.public, 'quote');
      return passage ? m.evQuote(clip(passage, MAX_EVIDENCE_QUOTE)) : m.evQuoteBare;
    }
    case 'attachment':
      return m.evAttachment;
  }
}

function Time({ iso }: { iso: string | null }) {
  const { t, locale } = useI18n();
  const text = formatDateTime(iso, locale);
  return text ? (
    <time class="echo-time" dateTime={iso ?? undefined} data-testid="echo-time">
      {text} {t.utc}
    </time>
  ) : (
    <span class="muted">{t.noDate}</span>
  );
}

function SideText(props: { side: EchoRow['private'] | EchoRow['public']; m: EchoMessages }) {
  const { t } = useI18n();
  const { side, m } = props;
  const before = side.textOffset > 0;
  const after = side.textOffset + side.text.length < side.textLength;
  return (
    <>
      <p class="echo-text" data-testid="echo-text">
        {side.text.trim() === '' ? (
          <span class="muted">{t.emptyText}</span>
        ) : (
          <>
            {before ? '… ' : null}
            <MarkedText text={side.text} marks={side.marks} m={m} />
            {after ? ' …' : null}
          </>
        )}
      </p>
      {before || after ? <p class="note">{m.textCut}</p> : null}
    </>
  );
}

/**
 * One echo: the private message on the left, the public post on the right (stacked on a phone),
 * who wrote to whom, both times, the latency in words, the score and the evidence, marked in
 * both texts.
 */
export function EchoCard(props: { echo: EchoRow; people: Record<string, EchoPerson>; focused?: boolean }) {
  const { t, lang, locale } = useI18n();
  const m = echoMessages(lang);
  const { echo, people } = props;
  const p = echo.private;
  const q = echo.public;
  const key = echoKey(echo);
  const named = echo.evidence.some((e) => e.kind === 'mention');
  const sender = <EchoPersonView personKey={p.from} people={people} unknown={t.nobody} />;
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    echo.score,
  );
  return (
    <article
      class={`echo-card${props.focused ? ' is-focused' : ''}`}
      id={`echo-${key}`}
      data-testid="echo"
      data-private-id={echo.privateId}
      data-public-id={echo.publicId}
      aria-current={props.focused ? 'true' : undefined}
    >
      <header class="echo-head">
        <span class="echo-latency" data-testid="echo-latency">
          {latencyWords(echo.latencySeconds, lang)}
        </span>
        <span class="echo-relation">{m.relation[echo.relation]}</span>
        <span class="echo-score" title={m.scoreNote} data-testid="echo-score">
          {m.score(score)}
        </span>
        {props.focused ? <span class="badge badge-ok">{m.focused}</span> : null}
      </header>
      <ul class="echo-evidence" aria-label={m.evidence} data-testid="echo-evidence">
        {echo.evidence.map((e, i) => (
          <li key={i} title={e.detail} data-kind={e.kind}>
            <span class={`echo-kind is-${e.kind}`}>{m.kinds[e.kind]}</span>{' '}
            <span class="echo-evidence-text">{evidenceLine(e, echo, m)}</span>
          </li>
        ))}
      </ul>
      <div class="echo-pair">
        <section class="echo-side is-private" data-testid="echo-private" aria-label={m.privateSide}>
          <div class="echo-side-head">
            <span class="badge badge-private">{m.privateSide}</span>
            <KindBadge kind={p.kind} platform={p.platform} t={t} />
            <Time iso={p.sentAt} />
          </div>
          <dl class="echo-who">
            <dt>{m.from}</dt>
            <dd data-testid="echo-from">
              {named ? (
                <mark class="echo-mark is-mention" data-kind="mention" title={m.kinds.mention}>
                  {sender}
                </mark>
              ) : (
                sender
              )}
            </dd>
            <dt>{m.to}</dt>
            <dd data-testid="echo-to">
              {p.to.length === 0 ? <span class="muted">{t.nobody}</span> : null}
              {p.to.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ', ' : null}
                  <EchoPersonView personKey={k} people={people} unknown={t.nobody} />
                </span>
              ))}
              {p.toCount > p.to.length ? (
                <span class="muted"> {m.moreRecipients(p.toCount - p.to.length)}</span>
              ) : null}
            </dd>
          </dl>
          <SideText side={p} m={m} />
          <Link class="echo-open" href={`/item/${encodeURIComponent(p.id)}`} data-testid="echo-open-private">
            {m.openPrivate} →
          </Link>
        </section>
        <div class="echo-arrow" aria-hidden="true">
          →
        </div>
        <section class="echo-side is-public" data-testid="echo-public" aria-label={m.publicSide}>
          <div class="echo-side-head">
            <span class="badge badge-public">{m.publicSide}</span>
            <KindBadge kind={q.kind} platform={q.platform} t={t} />
            <Time iso={q.sentAt} />
          </div>
          <dl class="echo-who">
            <dt>{m.postedBy}</dt>
            <dd data-testid="echo-author">
              <EchoPersonView personKey={q.author} people={people} unknown={t.nobody} />
            </dd>
          </dl>
          <SideText side={q} m={m} />
          <Link class="echo-open" href={`/item/${encodeURIComponent(q.id)}`} data-testid="echo-open-public">
            {m.openPublic} →
          </Link>
        </section>
      </div>
    </article>
  );
}
