/**
 * What the rows of an item's envelope are called for the kinds Outlook keeps besides mail
 * (src/sources/outlook/outlook-to-parsed.ts): a calendar item's sender is its organiser and its
 * recipients its attendees (MAPI's recipient types: to = required, cc = optional, bcc = a
 * resource such as a room); a contact has no sender, its recipients are its own addresses; and
 * the date of each is what the flags say it is (the start, the due date, the day it was made).
 * Mail, chats and posts keep the plain labels. English and bokmål, like i18n/en.ts and nb.ts.
 */
import type { ApiItem } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';
import type { Lang } from '../i18n/lang-from-navigator.js';

const en = {
  organiser: 'Organiser',
  attendees: 'Attendees',
  optional: 'Optional',
  resources: 'Resources',
  addresses: 'E-mail',
  starts: 'Starts',
  startOrDue: 'Start or due',
  created: 'Created',
};

type OutlookLabels = typeof en;

const nb: OutlookLabels = {
  organiser: 'Arrangør',
  attendees: 'Deltakere',
  optional: 'Valgfrie',
  resources: 'Ressurser',
  addresses: 'E-post',
  starts: 'Starter',
  startOrDue: 'Start eller frist',
  created: 'Opprettet',
};

const LABELS: Record<Lang, OutlookLabels> = { en, nb };

export interface EnvelopeLabels {
  /** null: the row is left out when empty (a contact has no sender). */
  from: string | null;
  to: string;
  cc: string;
  bcc: string;
  date: string;
}

/** The labels of `item`'s envelope rows in `lang`. */
export function envelopeLabels(
  item: Pick<ApiItem, 'kind' | 'flags'>,
  t: Messages,
  lang: Lang,
): EnvelopeLabels {
  const l = LABELS[lang];
  const flags = new Set(item.flags);
  const date = flags.has('date-is-event-start')
    ? l.starts
    : flags.has('date-is-task-start-or-due')
      ? l.startOrDue
      : flags.has('date-is-created')
        ? l.created
        : t.hdrDate;
  if (item.kind === 'event')
    return { from: l.organiser, to: l.attendees, cc: l.optional, bcc: l.resources, date };
  if (item.kind === 'contact') return { from: null, to: l.addresses, cc: t.hdrCc, bcc: t.hdrBcc, date };
  return { from: t.hdrFrom, to: t.hdrTo, cc: t.hdrCc, bcc: t.hdrBcc, date };
}
