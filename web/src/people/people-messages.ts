/**
 * The words of the people list, person, pair and network pages, in English and bokmål. Kept
 * apart from i18n/en.ts and nb.ts (the pages of issue 5 are built beside others); `nb` must
 * have exactly the keys of `en` (the type checks it). Numbers come in already formatted for the
 * locale, with the raw count beside them where a plural depends on it.
 */
import type { Lang } from '../i18n/lang-from-navigator.js';
import type { DurationUnits } from './people-logic.js';

const enUnits: DurationUnits = {
  day: ['day', 'days'],
  hour: ['hour', 'hours'],
  minute: ['minute', 'minutes'],
  second: ['second', 'seconds'],
};

const nbUnits: DurationUnits = {
  day: ['dag', 'dager'],
  hour: ['time', 'timer'],
  minute: ['minutt', 'minutter'],
  second: ['sekund', 'sekunder'],
};

export const en = {
  units: enUnits,
  loading: 'Loading…',
  none: '—',

  // The people list
  peopleTitle: 'People',
  peopleIntro:
    'Everyone who sent or received something, most items first. An email address and an X account of one person are one row once joined (innsyn people merge).',
  findPerson: 'Find a person',
  findPersonPlaceholder: 'Name, handle or address',
  findButton: 'Find',
  peopleCount: (n: string, count: number) => (count === 1 ? '1 person' : `${n} persons`),
  noPeople: 'Nobody matches.',
  colPerson: 'Person',
  colIdentities: 'Identities',
  colItems: 'Items',
  colSent: 'Sent',
  colReceived: 'Received',
  colActive: 'Active',
  dateRange: (a: string, b: string) => (a === b ? a : `${a} – ${b}`),
  moreIdentities: (n: string) => `and ${n} more`,

  // The person page
  personCounts: (items: string, sent: string, received: string) =>
    `${items} items: ${sent} sent, ${received} received`,
  searchTheirMessages: 'Search their messages',
  searchSentMessages: 'Messages they sent',
  networkAround: 'Network around them',
  allPeople: 'All people',
  identitiesTitle: 'Identities',
  colPlatform: 'Platform',
  colHandleAddress: 'Handle or address',
  colNamesSeen: 'Names seen',
  namesMore: (n: string) => `and ${n} more`,
  aliasAdded: 'added by hand',
  whyJoinedTitle: 'Why these are one person',
  joinedAlone: 'One identity: nothing is joined.',
  joinAddress: (value: string) => `the same address (${value}) in another letter case`,
  joinHandle: (value: string) => `the same handle @${value}`,
  joinMerge: 'merged by hand',
  notesTitle: 'Notes',
  editsTitle: 'Edits by hand',
  editMerge: (a: string, b: string) => `merged ${a} with ${b}`,
  editSplit: (a: string) => `took ${a} out of its person`,
  editAlias: (a: string, what: string) => `gave ${a} ${what}`,
  editAliasHandle: (h: string) => `the handle @${h}`,
  editAliasName: (n: string) => `the name ${n}`,
  volumeTitle: 'Messages over time',
  seriesSent: 'Sent',
  seriesReceived: 'Received',
  correspondentsTitle: 'Top correspondents',
  correspondentsNote: 'Private messages only; public posts never count.',
  noCorrespondents: 'No private messages with anyone.',
  colCorrespondent: 'Correspondent',
  colToThem: 'To them',
  colFromThem: 'From them',
  colTotal: 'Total',
  colFirstLast: 'First – last',
  openPair: 'Pair',
  openPairLabel: (a: string, b: string) => `The pair ${a} and ${b}`,
  showAll: (n: string) => `Show all ${n}`,
  replyTitle: 'Reply behaviour',
  replyNote: (name: string) =>
    `Answered: how many of one side's bursts (messages in a row) the other answered, and how fast (median). ${name} is the first pair of columns.`,
  colAnsweredBy: (name: string) => `${name} answered`,
  colMedianOf: (name: string) => `Median, ${name}`,
  colTheyAnswered: 'They answered',
  colTheirMedian: 'Median, them',
  rateText: (answered: string, bursts: string, pct: string) => `${answered} of ${bursts} (${pct} %)`,
  noBursts: 'nothing to answer',

  // The pair page
  pairNeedsKeys: 'Open a pair from a person page or from the network: /pair?a=KEY&b=KEY.',
  pairNone: 'These two exchanged no private messages.',
  pairTitle: (a: string, b: string) => `${a} and ${b}`,
  pairSummary: (sessions: string, count: number) =>
    count === 1 ? '1 session' : `${sessions} sessions (a new one after 30 minutes of silence)`,
  firstContact: 'First contact',
  lastContact: 'Last contact',
  searchConversation: 'Search their conversation',
  withinQuery: (q: string) => `Only the messages that match ${q}.`,
  wholeCase: 'The whole case',
  directionHead: (from: string, to: string) => `${from} → ${to}`,
  directionsTitle: 'Both directions',
  rowMessages: 'Messages',
  rowStarted: 'Sessions started',
  rowBursts: 'Bursts (messages in a row)',
  rowAnswered: 'Answered by the other',
  rowMedian: 'Median answer time',
  rowP90: '90 % answered within',
  rowFastest: 'Fastest answer',
  neverAnswered: 'never answered',
  repliesTitle: (to: string, from: string) => `How ${to} answered ${from}`,
  replyLine: (words: string) => `after ${words}`,
  replyTo: 'the message',
  replyFrom: 'the answer',
  noReplies: 'No answers.',
  overTimeTitle: 'Messages over time',
  latencyTitle: 'How fast the answers came',
  latencyNote: 'Each answer counted by the time between the last message of a burst and the answer.',
  latencyBuckets: [
    '< 1 min',
    '< 10 min',
    '< 1 h',
    '< 6 h',
    '< 1 day',
    '< 1 week',
    'more',
  ] as readonly string[],
  seriesAnswering: (name: string) => `${name} answering`,
  unansweredTitle: 'Unanswered requests',
  unansweredNote:
    'Bursts the other side never answered before the sender wrote again, or within a week; requests ask for something (a question or a request phrase).',
  noUnanswered: 'No unanswered requests.',
  showNonRequests: (n: string) => `Also show ${n} unanswered messages that ask for nothing`,
  requestBadge: 'request',
  notRequestBadge: 'no request',
  whyRequest: (why: string) => `Why: ${why}`,
  inBurst: (n: string) => `one of ${n} messages in a row`,
  burstStart: 'first of them',
  openItem: 'Open',
  undatedNote: (n: string) => `${n} undated messages are counted above but not drawn.`,

  // Charts
  chartTable: 'As a table',
  colPeriod: 'Period',
  colBucket: 'Answered within',
  weekOf: (day: string) => `week of ${day}`,
  chartLabel: (title: string, from: string, to: string) => `${title}, ${from} – ${to}`,
  barTitle: (period: string, series: string, n: string) => `${period}, ${series}: ${n}`,

  // The network page
  networkTitle: 'Network',
  networkIntro:
    'People as circles, messages as lines from sender to recipient (mentions in public posts too).',
  networkQuery: 'Only the matches of',
  networkQueryPlaceholder: 'a query, e.g. date:2016 or participant:wikileaks',
  networkApply: 'Show',
  minWeight: 'Lines of at least',
  minWeightValue: (n: string, count: number) => (count === 1 ? '1 message' : `${n} messages`),
  shownCounts: (nodes: string, allNodes: string, edges: string, allEdges: string) =>
    `${nodes} of ${allNodes} people, ${edges} of ${allEdges} lines`,
  viewGraph: 'Graph',
  viewTable: 'Table',
  viewLabel: 'View',
  graphHelp:
    'Circle size: messages sent and received. Line width: messages from one to the other. Click a line for the pair, a circle for the person; drag to move, scroll to zoom.',
  graphLabel: (nodes: string, edges: string) =>
    `Graph of ${nodes} people and ${edges} lines. The table view holds the same.`,
  graphLoading: 'Drawing the graph…',
  graphFailed: 'The graph could not be drawn here; the table view shows the same.',
  edgeInfo: (from: string, to: string, n: string) => `${from} → ${to}: ${n}`,
  edgeParts: (priv: string, pub: string, mentions: string) =>
    `${priv} private, ${pub} public, ${mentions} mentions`,
  nodeInfo: (name: string, n: string, sent: string, received: string) =>
    `${name}: ${n} messages (${sent} sent, ${received} received)`,
  edgesTitle: 'Who writes to whom',
  nodesTitle: 'People in the graph',
  colFrom: 'From',
  colTo: 'To',
  colMessages: 'Messages',
  colPrivate: 'Private',
  colPublic: 'Public',
  colMentions: 'Mentions',
  tableCut: (n: string, total: string) => `The first ${n} of ${total}, heaviest first.`,
  emptyNetwork: 'Nobody in these matches.',
  focusOn: (name: string) => `Centred on ${name}`,
};

export type PeopleMessages = typeof en;

export const nb: PeopleMessages = {
  units: nbUnits,
  loading: 'Laster …',
  none: '—',

  peopleTitle: 'Personer',
  peopleIntro:
    'Alle som har sendt eller mottatt noe, flest elementer først. En e-postadresse og en X-konto som er slått sammen til én person, er én rad (innsyn people merge).',
  findPerson: 'Finn en person',
  findPersonPlaceholder: 'Navn, brukernavn eller adresse',
  findButton: 'Finn',
  peopleCount: (n: string, count: number) => (count === 1 ? '1 person' : `${n} personer`),
  noPeople: 'Ingen treff.',
  colPerson: 'Person',
  colIdentities: 'Identiteter',
  colItems: 'Elementer',
  colSent: 'Sendt',
  colReceived: 'Mottatt',
  colActive: 'Aktiv',
  dateRange: (a: string, b: string) => (a === b ? a : `${a} – ${b}`),
  moreIdentities: (n: string) => `og ${n} til`,

  personCounts: (items: string, sent: string, received: string) =>
    `${items} elementer: ${sent} sendt, ${received} mottatt`,
  searchTheirMessages: 'Søk i meldingene',
  searchSentMessages: 'Meldinger personen sendte',
  networkAround: 'Nettverket rundt personen',
  allPeople: 'Alle personer',
  identitiesTitle: 'Identiteter',
  colPlatform: 'Plattform',
  colHandleAddress: 'Brukernavn eller adresse',
  colNamesSeen: 'Navn brukt',
  namesMore: (n: string) => `og ${n} til`,
  aliasAdded: 'lagt til for hånd',
  whyJoinedTitle: 'Hvorfor dette er én person',
  joinedAlone: 'Én identitet: ingenting er slått sammen.',
  joinAddress: (value: string) => `samme adresse (${value}) med andre store og små bokstaver`,
  joinHandle: (value: string) => `samme brukernavn @${value}`,
  joinMerge: 'slått sammen for hånd',
  notesTitle: 'Merknader',
  editsTitle: 'Endringer for hånd',
  editMerge: (a: string, b: string) => `slo sammen ${a} og ${b}`,
  editSplit: (a: string) => `tok ${a} ut av personen`,
  editAlias: (a: string, what: string) => `ga ${a} ${what}`,
  editAliasHandle: (h: string) => `brukernavnet @${h}`,
  editAliasName: (n: string) => `navnet ${n}`,
  volumeTitle: 'Meldinger over tid',
  seriesSent: 'Sendt',
  seriesReceived: 'Mottatt',
  correspondentsTitle: 'Skriver mest med',
  correspondentsNote: 'Bare private meldinger; offentlige innlegg teller aldri.',
  noCorrespondents: 'Ingen private meldinger med noen.',
  colCorrespondent: 'Person',
  colToThem: 'Til dem',
  colFromThem: 'Fra dem',
  colTotal: 'Totalt',
  colFirstLast: 'Første – siste',
  openPair: 'Par',
  openPairLabel: (a: string, b: string) => `Paret ${a} og ${b}`,
  showAll: (n: string) => `Vis alle ${n}`,
  replyTitle: 'Svarmønster',
  replyNote: (name: string) =>
    `Besvart: hvor mange av den ene sidens utbrudd (meldinger på rad) den andre svarte på, og hvor raskt (median). ${name} står i de to første kolonnene.`,
  colAnsweredBy: (name: string) => `${name} svarte`,
  colMedianOf: (name: string) => `Median, ${name}`,
  colTheyAnswered: 'De svarte',
  colTheirMedian: 'Median, de',
  rateText: (answered: string, bursts: string, pct: string) => `${answered} av ${bursts} (${pct} %)`,
  noBursts: 'ingenting å svare på',

  pairNeedsKeys: 'Åpne et par fra en personside eller fra nettverket: /pair?a=NØKKEL&b=NØKKEL.',
  pairNone: 'Disse to har ikke utvekslet private meldinger.',
  pairTitle: (a: string, b: string) => `${a} og ${b}`,
  pairSummary: (sessions: string, count: number) =>
    count === 1 ? '1 økt' : `${sessions} økter (en ny etter 30 minutter stillhet)`,
  firstContact: 'Første kontakt',
  lastContact: 'Siste kontakt',
  searchConversation: 'Søk i samtalen deres',
  withinQuery: (q: string) => `Bare meldingene som passer med ${q}.`,
  wholeCase: 'Hele saken',
  directionHead: (from: string, to: string) => `${from} → ${to}`,
  directionsTitle: 'Begge retninger',
  rowMessages: 'Meldinger',
  rowStarted: 'Økter startet',
  rowBursts: 'Utbrudd (meldinger på rad)',
  rowAnswered: 'Besvart av den andre',
  rowMedian: 'Median svartid',
  rowP90: '90 % besvart innen',
  rowFastest: 'Raskeste svar',
  neverAnswered: 'aldri besvart',
  repliesTitle: (to: string, from: string) => `Slik svarte ${to} ${from}`,
  replyLine: (words: string) => `etter ${words}`,
  replyTo: 'meldingen',
  replyFrom: 'svaret',
  noReplies: 'Ingen svar.',
  overTimeTitle: 'Meldinger over tid',
  latencyTitle: 'Hvor raskt svarene kom',
  latencyNote: 'Hvert svar telt etter tiden fra siste melding i et utbrudd til svaret.',
  latencyBuckets: ['< 1 min', '< 10 min', '< 1 t', '< 6 t', '< 1 dag', '< 1 uke', 'mer'] as readonly string[],
  seriesAnswering: (name: string) => `${name} svarer`,
  unansweredTitle: 'Ubesvarte forespørsler',
  unansweredNote:
    'Utbrudd den andre siden aldri svarte på før avsenderen skrev igjen, eller innen en uke; forespørsler ber om noe (et spørsmål eller en bønn).',
  noUnanswered: 'Ingen ubesvarte forespørsler.',
  showNonRequests: (n: string) => `Vis også ${n} ubesvarte meldinger som ikke ber om noe`,
  requestBadge: 'forespørsel',
  notRequestBadge: 'ingen forespørsel',
  whyRequest: (why: string) => `Hvorfor: ${whyNb(why)}`,
  inBurst: (n: string) => `én av ${n} meldinger på rad`,
  burstStart: 'den første av dem',
  openItem: 'Åpne',
  undatedNote: (n: string) => `${n} meldinger uten dato er telt over, men ikke tegnet.`,

  chartTable: 'Som tabell',
  colPeriod: 'Periode',
  colBucket: 'Besvart innen',
  weekOf: (day: string) => `uken fra ${day}`,
  chartLabel: (title: string, from: string, to: string) => `${title}, ${from} – ${to}`,
  barTitle: (period: string, series: string, n: string) => `${period}, ${series}: ${n}`,

  networkTitle: 'Nettverk',
  networkIntro:
    'Personer som sirkler, meldinger som linjer fra avsender til mottaker (også omtaler i offentlige innlegg).',
  networkQuery: 'Bare treffene for',
  networkQueryPlaceholder: 'et søk, f.eks. date:2016 eller participant:wikileaks',
  networkApply: 'Vis',
  minWeight: 'Linjer med minst',
  minWeightValue: (n: string, count: number) => (count === 1 ? '1 melding' : `${n} meldinger`),
  shownCounts: (nodes: string, allNodes: string, edges: string, allEdges: string) =>
    `${nodes} av ${allNodes} personer, ${edges} av ${allEdges} linjer`,
  viewGraph: 'Graf',
  viewTable: 'Tabell',
  viewLabel: 'Visning',
  graphHelp:
    'Sirkelstørrelse: meldinger sendt og mottatt. Linjetykkelse: meldinger fra den ene til den andre. Klikk en linje for paret, en sirkel for personen; dra for å flytte, rull for å zoome.',
  graphLabel: (nodes: string, edges: string) =>
    `Graf med ${nodes} personer og ${edges} linjer. Tabellvisningen har det samme.`,
  graphLoading: 'Tegner grafen …',
  graphFailed: 'Grafen kunne ikke tegnes her; tabellvisningen viser det samme.',
  edgeInfo: (from: string, to: string, n: string) => `${from} → ${to}: ${n}`,
  edgeParts: (priv: string, pub: string, mentions: string) =>
    `${priv} private, ${pub} offentlige, ${mentions} omtaler`,
  nodeInfo: (name: string, n: string, sent: string, received: string) =>
    `${name}: ${n} meldinger (${sent} sendt, ${received} mottatt)`,
  edgesTitle: 'Hvem skriver til hvem',
  nodesTitle: 'Personer i grafen',
  colFrom: 'Fra',
  colTo: 'Til',
  colMessages: 'Meldinger',
  colPrivate: 'Private',
  colPublic: 'Offentlige',
  colMentions: 'Omtaler',
  tableCut: (n: string, total: string) => `De første ${n} av ${total}, tyngste først.`,
  emptyNetwork: 'Ingen personer i disse treffene.',
  focusOn: (name: string) => `Sentrert om ${name}`,
};

export const PEOPLE_MESSAGES: Record<Lang, PeopleMessages> = { en, nb };

const LANGUAGE_NB: Record<string, string> = { en: 'engelsk', no: 'norsk' };

/**
 * The server's reason a message counts as a request (src/extract/requests.ts `why`, stored in
 * English when the message was judged) in Norwegian; as it came when it has another shape.
 */
export function whyNb(why: string): string {
  const lang = (code: string) => LANGUAGE_NB[code] ?? code;
  let m = /^request phrase "(.*)" \((\w+)\)$/.exec(why);
  if (m) return `uttrykket «${m[1]}» (${lang(m[2] as string)})`;
  m = /^imperative "(.*)" opening a sentence \((\w+)\)$/.exec(why);
  if (m) return `bydeform «${m[1]}» først i en setning (${lang(m[2] as string)})`;
  m = /^question: "(.*)"$/s.exec(why);
  if (m) return `spørsmål: «${m[1]}»`;
  return why;
}
