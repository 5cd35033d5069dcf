import type { Participant } from './chat-model.js';
import { useI18n } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/format.js';
import { IdentityView } from '../ui/identity.js';

/** Participants listed for a group at most: a channel can have thousands; the rest are counted. */
const MAX_LISTED = 200;

function ParticipantLine({ p, rightKey }: { p: Participant; rightKey: string | null }) {
  const { t, locale } = useI18n();
  const right = p.key === rightKey;
  return (
    <li class={`chat-person${right ? ' is-end' : ' is-start'}`} data-testid="chat-participant">
      <span class="chat-person-swatch" aria-hidden="true" />
      <IdentityView identity={p.identity} />
      <span class="chat-person-meta">
        {t.chatSent(formatNumber(p.sent, locale))}
        {rightKey !== null ? ` · ${right ? t.chatSideEnd : t.chatSideStart}` : ''}
      </span>
    </li>
  );
}

/**
 * Who took part. Two people: both, each with the side their bubbles are on. A group: the most
 * active first, the rest folded (a <details>, so it opens by keyboard without script).
 */
export function ChatParticipants(props: { participants: readonly Participant[]; rightKey: string | null }) {
  const { t } = useI18n();
  const { participants, rightKey } = props;
  if (participants.length <= 2) {
    return (
      <ul
        class="chat-people"
        aria-label={t.chatParticipants(participants.length)}
        data-testid="chat-participants"
      >
        {participants.map((p) => (
          <ParticipantLine key={p.key} p={p} rightKey={rightKey} />
        ))}
      </ul>
    );
  }
  const listed = participants.slice(0, MAX_LISTED);
  const rest = participants.length - listed.length;
  return (
    <details class="chat-people-group" data-testid="chat-participants">
      <summary>{t.chatParticipants(participants.length)}</summary>
      <ul class="chat-people">
        {listed.map((p) => (
          <ParticipantLine key={p.key} p={p} rightKey={rightKey} />
        ))}
      </ul>
      {rest > 0 ? <p class="note">{t.andMore(rest)}</p> : null}
    </details>
  );
}
