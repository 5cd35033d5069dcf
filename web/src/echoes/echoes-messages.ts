/**
 * The strings of the echoes page and the item page's echo panel, English and Norwegian bokmål.
 * Picked with `echoMessages(useI18n().lang)`; `nb` must have exactly the keys of `en` (the
 * type checks it).
 */
import type { Lang } from '../i18n/i18n.js';
import type { EchoEvidenceKind, EchoRelation } from './echoes-types.js';

const en = {
  title: 'Echoes',
  intro:
    'Private messages followed by public posts that repeat something of them: the same link, the name of the sender, rare words, a quoted passage or a file. Strongest first; every time in UTC.',
  queryLabel: 'Private messages matching',
  queryPlaceholder: 'e.g. from:wikileaks (empty: every private message)',
  windowLabel: 'Posted within',
  windowCustom: (words: string) => `${words} (from the link)`,
  minScoreLabel: 'Lowest score',
  apply: 'Show',
  count: (shown: string, total: string, all: number) =>
    all === 1 ? '1 echo' : shown === total ? `${total} echoes` : `The strongest ${shown} of ${total} echoes`,
  more: 'Show more',
  loading: 'Looking for echoes… The first time after a change reads the whole case.',
  empty: 'No echoes found.',
  emptyHint: 'Try a longer window, a lower score, or an empty query.',
  itemOnly: 'The echoes of one item.',
  itemAll: 'Show every echo',
  privateSide: 'Private',
  publicSide: 'Public',
  from: 'From',
  to: 'To',
  postedBy: 'Posted by',
  moreRecipients: (n: number) => `and ${n} more`,
  openPrivate: 'Open the message',
  openPublic: 'Open the post',
  score: (s: string) => `score ${s}`,
  scoreNote:
    'The score adds up the evidence, weighed by how rare what is shared is in the case, how soon the post followed and who posted it.',
  evidence: 'Evidence',
  kinds: {
    link: 'Link',
    mention: 'Name',
    terms: 'Rare words',
    quote: 'Quote',
    attachment: 'File',
  } satisfies Record<EchoEvidenceKind, string>,
  evLink: (link: string) => `Both hold the link ${link}`,
  evMention: (name: string) => `The post names the sender of the message: “${name}”`,
  evMentionBare: 'The post names the sender of the message',
  evTerms: (words: string) => `Both use the rare words ${words}`,
  evQuote: (passage: string) => `The post reproduces a passage of the message: “${passage}”`,
  evQuoteBare: 'The post reproduces a passage of the message',
  evAttachment: 'Both carry the same file',
  relation: {
    recipient: 'posted by a recipient of the message',
    sender: 'posted by the sender of the message',
    other: 'posted by someone else',
  } satisfies Record<EchoRelation, string>,
  textCut: 'Part of the text; open the item for all of it.',
  focused: 'The echo you came from',
  // The item page's panel.
  echoedBy: 'Echoed by',
  echoedByNote: 'Public posts that followed this message and repeat something of it.',
  echoOf: 'Echo of',
  echoOfNote: 'Private messages that this post followed and repeats something of.',
  sideBySide: 'Side by side',
  allOfItem: 'All on the echoes page',
};

export type EchoMessages = typeof en;

const nb: EchoMessages = {
  title: 'Ekko',
  intro:
    'Private meldinger som blir fulgt av offentlige innlegg som gjentar noe fra dem: den samme lenken, navnet på avsenderen, sjeldne ord, et sitert avsnitt eller en fil. Sterkest først; alle tider i UTC.',
  queryLabel: 'Private meldinger som treffer',
  queryPlaceholder: 'f.eks. from:wikileaks (tomt: alle private meldinger)',
  windowLabel: 'Postet innen',
  windowCustom: (words: string) => `${words} (fra lenken)`,
  minScoreLabel: 'Laveste poengsum',
  apply: 'Vis',
  count: (shown: string, total: string, all: number) =>
    all === 1 ? '1 ekko' : shown === total ? `${total} ekko` : `De ${shown} sterkeste av ${total} ekko`,
  more: 'Vis flere',
  loading: 'Leter etter ekko … Første gang etter en endring leses hele saken.',
  empty: 'Fant ingen ekko.',
  emptyHint: 'Prøv et lengre tidsrom, en lavere poengsum eller et tomt søk.',
  itemOnly: 'Ekkoene til ett element.',
  itemAll: 'Vis alle ekko',
  privateSide: 'Privat',
  publicSide: 'Offentlig',
  from: 'Fra',
  to: 'Til',
  postedBy: 'Postet av',
  moreRecipients: (n: number) => `og ${n} til`,
  openPrivate: 'Åpne meldingen',
  openPublic: 'Åpne innlegget',
  score: (s: string) => `poengsum ${s}`,
  scoreNote:
    'Poengsummen legger sammen bevisene, vektet etter hvor sjeldent det delte er i saken, hvor raskt innlegget kom og hvem som postet det.',
  evidence: 'Bevis',
  kinds: {
    link: 'Lenke',
    mention: 'Navn',
    terms: 'Sjeldne ord',
    quote: 'Sitat',
    attachment: 'Fil',
  },
  evLink: (link: string) => `Begge har lenken ${link}`,
  evMention: (name: string) => `Innlegget nevner avsenderen av meldingen: «${name}»`,
  evMentionBare: 'Innlegget nevner avsenderen av meldingen',
  evTerms: (words: string) => `Begge bruker de sjeldne ordene ${words}`,
  evQuote: (passage: string) => `Innlegget gjengir et avsnitt fra meldingen: «${passage}»`,
  evQuoteBare: 'Innlegget gjengir et avsnitt fra meldingen',
  evAttachment: 'Begge har den samme filen',
  relation: {
    recipient: 'postet av en mottaker av meldingen',
    sender: 'postet av avsenderen av meldingen',
    other: 'postet av en annen',
  },
  textCut: 'En del av teksten; åpne elementet for hele.',
  focused: 'Ekkoet du kom fra',
  echoedBy: 'Ekko i',
  echoedByNote: 'Offentlige innlegg som kom etter denne meldingen og gjentar noe fra den.',
  echoOf: 'Ekko av',
  echoOfNote: 'Private meldinger som dette innlegget kom etter og gjentar noe fra.',
  sideBySide: 'Side om side',
  allOfItem: 'Alle på ekkosiden',
};

const MESSAGES: Record<Lang, EchoMessages> = { en, nb };

export function echoMessages(lang: Lang): EchoMessages {
  return MESSAGES[lang];
}
