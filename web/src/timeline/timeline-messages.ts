/** The timeline page's words, English and Norwegian bokmål (nb must have the same keys: the type checks it). */
import type { Lang } from '../i18n/i18n.js';
import type { Bucket } from './timeline-time.js';

const plural = (n: number, one: string, many: string, shown: string) => (n === 1 ? one : `${shown} ${many}`);

export const en = {
  title: 'Timeline',
  intro: 'Every email, direct message, chat message and post on one time axis, one lane per sender.',
  queryLabel: 'Query for the timeline',
  queryPlaceholder: 'Everything; or a query: from:wikileaks, is:public, date:2016 …',
  apply: 'Show',
  openInSearch: 'Open in search',
  bucketLabel: 'Bars per',
  buckets: { hour: 'hour', day: 'day', week: 'week', month: 'month' } as Record<Bucket, string>,
  bucketAuto: 'Auto',
  bucketAutoIs: (b: string) => `Auto (${b})`,
  bucketCoarser: (wanted: string, shown: string) =>
    `Too many ${wanted} bars for this span: showing one bar per ${shown}. Zoom in for ${wanted}s.`,
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomFit: 'Show all',
  panEarlier: 'Earlier',
  panLater: 'Later',
  zoomHelp:
    'Drag across the lanes to select a span; click a bar for its items. Zoom: the buttons, Ctrl + wheel or pinch; Shift + wheel moves.',
  showing: (range: string) => `Showing ${range} (UTC)`,
  legendTitle: 'Legend',
  legendPrivate: 'Private: emails, DMs, chats (above the line)',
  legendPublic: 'Public posts (below the line)',
  legendEcho: 'Echo: private message → public post',
  scaleNote: (max: string, bucket: string) => `Full bar height: ${max} per ${bucket}`,
  ownScale: (max: string, bucket: string) => `own scale, full height ${max} per ${bucket}`,
  bandPrivate: 'private',
  bandPublic: 'public',
  laneOthers: 'Everyone else',
  laneOthersNote: (people: number) =>
    people === 0 ? 'items without a sender' : plural(people, '1 more sender', 'more senders', String(people)),
  laneCounts: (priv: string, pub: string) => `${priv} private · ${pub} public`,
  openPerson: 'Open the person',
  moreLanes: (n: number) => `Show ${n} more`,
  fewerLanes: 'Show fewer',
  lanesOf: (shown: number, total: number) => `Lanes for ${shown} of ${total} senders, most items first.`,
  items: (n: number, shown: string) => plural(n, '1 item', 'items', shown),
  readout: (lane: string, band: string, period: string, count: string) =>
    `${lane} · ${band} · ${period}: ${count}`,
  readoutIdle: 'Point at a bar, or use the arrow keys.',
  emptyWindow: 'Nothing in the window shown: zoom out, or Show all.',
  chartLabel: (lanes: number) =>
    `Timeline, ${lanes} lanes. Left and Right move between periods, Up and Down between lanes and halves, ` +
    'Shift with Left or Right selects a span, Enter opens the items, plus and minus zoom.',
  minimapLabel: 'Overview of the whole period. Drag or use Left and Right to move the view.',
  selected: (range: string, count: string) => `Selected: ${range} · ${count}`,
  searchSpan: 'Search this span',
  zoomToSpan: 'Zoom to the span',
  clearSpan: 'Clear',
  spanWholeDays: 'The search covers the whole days (UTC) of the span.',
  loading: 'Loading the timeline…',
  empty: 'Nothing with a date matches this query.',
  undated: (n: string) => `${n} without a date are not on the axis.`,
  total: (n: string, range: string) => `${n} · ${range}`,
  echoesLabel: 'Echo arrows',
  echoesNoneChoice: 'none',
  echoesTop: (n: number) => `top ${n}`,
  echoesTitle: 'Echoes: private messages followed by public posts',
  echoesLoading: 'Looking for echoes…',
  echoesNone: 'No echoes found for this query.',
  echoesOff: 'Echo arrows are off.',
  echoesError: 'The echoes could not be loaded.',
  echoesOutside: (n: number) =>
    plural(
      n,
      '1 echo lies outside the window shown (greyed).',
      'echoes lie outside the window shown (greyed).',
      String(n),
    ),
  echoLater: (latency: string) => `${latency} later`,
  echoTitle: (from: string, fromAt: string, to: string, toAt: string, latency: string, evidence: string) =>
    `Echo: ${from}, ${fromAt} → ${to}, ${toAt}: ${latency} later (${evidence}). Opens both in search.`,
  echoBoth: 'both in search',
  evidence: {
    link: 'same link',
    mention: 'names the sender',
    terms: 'shared rare terms',
    quote: 'quoted passage',
    attachment: 'same attachment',
  } as Record<string, string>,
  latency: (d: number, h: number, m: number) =>
    d === 0 && h === 0 && m === 0
      ? 'under a minute'
      : [d > 0 ? (d === 1 ? '1 day' : `${d} days`) : '', h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '']
          .filter(Boolean)
          .join(' '),
  unknownSender: 'unknown sender',
};

export type TimelineMessages = typeof en;

export const nb: TimelineMessages = {
  title: 'Tidslinje',
  intro: 'All e-post, alle direktemeldinger, chatmeldinger og innlegg på én tidsakse, ett felt per avsender.',
  queryLabel: 'Søk for tidslinjen',
  queryPlaceholder: 'Alt; eller et søk: from:wikileaks, is:public, date:2016 …',
  apply: 'Vis',
  openInSearch: 'Åpne i søket',
  bucketLabel: 'Søyler per',
  buckets: { hour: 'time', day: 'dag', week: 'uke', month: 'måned' },
  bucketAuto: 'Auto',
  bucketAutoIs: (b: string) => `Auto (${b})`,
  bucketCoarser: (wanted: string, shown: string) =>
    `For mange søyler per ${wanted} for dette tidsrommet: viser én søyle per ${shown}. Zoom inn for å se per ${wanted}.`,
  zoomIn: 'Zoom inn',
  zoomOut: 'Zoom ut',
  zoomFit: 'Vis alt',
  panEarlier: 'Tidligere',
  panLater: 'Senere',
  zoomHelp:
    'Dra over feltene for å velge et tidsrom; klikk på en søyle for å se meldingene. Zoom: knappene, Ctrl + hjul eller knip; Shift + hjul flytter.',
  showing: (range: string) => `Viser ${range} (UTC)`,
  legendTitle: 'Tegnforklaring',
  legendPrivate: 'Privat: e-post, DM-er, chat (over linjen)',
  legendPublic: 'Offentlige innlegg (under linjen)',
  legendEcho: 'Ekko: privat melding → offentlig innlegg',
  scaleNote: (max: string, bucket: string) => `Full søylehøyde: ${max} per ${bucket}`,
  ownScale: (max: string, bucket: string) => `egen skala, full høyde ${max} per ${bucket}`,
  bandPrivate: 'privat',
  bandPublic: 'offentlig',
  laneOthers: 'Alle andre',
  laneOthersNote: (people: number) =>
    people === 0
      ? 'elementer uten avsender'
      : plural(people, '1 avsender til', 'avsendere til', String(people)),
  laneCounts: (priv: string, pub: string) => `${priv} private · ${pub} offentlige`,
  openPerson: 'Åpne personen',
  moreLanes: (n: number) => `Vis ${n} flere`,
  fewerLanes: 'Vis færre',
  lanesOf: (shown: number, total: number) =>
    `Felt for ${shown} av ${total} avsendere, flest elementer først.`,
  items: (n: number, shown: string) => plural(n, '1 element', 'elementer', shown),
  readout: (lane: string, band: string, period: string, count: string) =>
    `${lane} · ${band} · ${period}: ${count}`,
  readoutIdle: 'Pek på en søyle, eller bruk piltastene.',
  emptyWindow: 'Ingenting i utsnittet som vises: zoom ut, eller Vis alt.',
  chartLabel: (lanes: number) =>
    `Tidslinje, ${lanes} felt. Venstre og høyre flytter mellom perioder, opp og ned mellom felt og halvdeler, ` +
    'Shift med venstre eller høyre velger et tidsrom, Enter åpner elementene, pluss og minus zoomer.',
  minimapLabel: 'Oversikt over hele perioden. Dra eller bruk venstre og høyre for å flytte utsnittet.',
  selected: (range: string, count: string) => `Valgt: ${range} · ${count}`,
  searchSpan: 'Søk i dette tidsrommet',
  zoomToSpan: 'Zoom inn på tidsrommet',
  clearSpan: 'Fjern valget',
  spanWholeDays: 'Søket tar med hele døgn (UTC) i tidsrommet.',
  loading: 'Henter tidslinjen …',
  empty: 'Ingenting med dato passer til dette søket.',
  undated: (n: string) => `${n} uten dato er ikke på aksen.`,
  total: (n: string, range: string) => `${n} · ${range}`,
  echoesLabel: 'Ekkopiler',
  echoesNoneChoice: 'ingen',
  echoesTop: (n: number) => `de ${n} sterkeste`,
  echoesTitle: 'Ekko: private meldinger fulgt av offentlige innlegg',
  echoesLoading: 'Leter etter ekko …',
  echoesNone: 'Ingen ekko funnet for dette søket.',
  echoesOff: 'Ekkopilene er slått av.',
  echoesError: 'Ekkoene kunne ikke hentes.',
  echoesOutside: (n: number) =>
    n === 1
      ? '1 ekko ligger utenfor utsnittet som vises (grått).'
      : `${n} ekko ligger utenfor utsnittet som vises (grått).`,
  echoLater: (latency: string) => `${latency} senere`,
  echoTitle: (from: string, fromAt: string, to: string, toAt: string, latency: string, evidence: string) =>
    `Ekko: ${from}, ${fromAt} → ${to}, ${toAt}: ${latency} senere (${evidence}). Åpner begge i søket.`,
  echoBoth: 'begge i søket',
  evidence: {
    link: 'samme lenke',
    mention: 'nevner avsenderen',
    terms: 'felles sjeldne ord',
    quote: 'sitert avsnitt',
    attachment: 'samme vedlegg',
  },
  latency: (d: number, h: number, m: number) =>
    d === 0 && h === 0 && m === 0
      ? 'under ett minutt'
      : [d > 0 ? `${d} døgn` : '', h > 0 ? `${h} t` : '', m > 0 ? `${m} min` : ''].filter(Boolean).join(' '),
  unknownSender: 'ukjent avsender',
};

const MESSAGES: Record<Lang, TimelineMessages> = { en, nb };

export function timelineMessages(lang: Lang): TimelineMessages {
  return MESSAGES[lang];
}
