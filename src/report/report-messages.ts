/**
 * Every word of the story timeline report, in English and Norwegian bokmål. `nb` must have exactly
 * the keys of `en` (the type checks it). Functions take values already formatted as text; the
 * renderer escapes everything it is given, labels included.
 */
import type { EchoEvidenceKind, EchoRelation } from '../analysis/echoes.js';
import type { DateSource, ItemKind } from '../model/index.js';

export type ReportLang = 'en' | 'nb';
export const REPORT_LANGS: readonly ReportLang[] = ['en', 'nb'];

/** BCP 47 tags for Intl: en-GB writes 12 October 2016 and a 24-hour clock, as a newsroom expects. */
export const REPORT_LOCALES: Record<ReportLang, string> = { en: 'en-GB', nb: 'nb-NO' };

type Unit = 'day' | 'hour' | 'minute' | 'second';

const en = {
  defaultTitle: 'Story timeline',
  madeWith: 'Made with innsyn from the case database. Every item is quoted in full, oldest first.',
  query: 'Query',
  queryAll: '(every item of the case)',
  created: 'Made',
  version: 'innsyn version',
  timeZone: 'Time zone',
  timeZoneNote: (tz: string) => `Times are shown in ${tz} and, beside them, in UTC.`,
  items: 'Items',
  itemCounts: (n: string, priv: string, pub: string) => `${n} (${priv} private, ${pub} public)`,
  period: 'Period',
  periodValue: (first: string, last: string) => `${first} to ${last}`,
  undatedCount: (n: string) => `${n} without a date`,
  echoes: 'Echoes',
  echoesValue: (n: string, window: string) =>
    `${n} between the items of this report and the rest of the case (a public item following a private one within ${window})`,
  permalinks: 'Permalinks',
  permalinksRelative:
    'Relative to the address innsyn serve prints (http://127.0.0.1:7070 by default): /item/<id>.',
  people: 'People',
  person: 'Person',
  handles: 'Handles and addresses',
  sent: 'Sent',
  received: 'Received',
  contents: 'The items at a glance',
  number: '#',
  time: 'Time',
  fromTo: 'From → to',
  kindCol: 'Kind',
  textCol: 'Text',
  day: 'Day',
  undated: 'Without a date',
  undatedNote: 'The source gave no usable date for these items.',
  from: 'From',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  nobody: '(nobody named)',
  unknownSender: '(unknown sender)',
  subject: 'Subject',
  noText: '(no text)',
  private: 'private',
  public: 'public',
  noDate: 'no date',
  asWritten: (time: string) => `as the source wrote it: ${time}`,
  details: 'Evidence details',
  permalink: 'Permalink',
  itemId: 'Item id',
  kind: 'Platform and kind',
  timeSource: 'Time taken from',
  dateSources: {
    header: 'the Date header of the message',
    received: 'a Received header of the message (no Date header)',
    export: "the platform's export",
    'file-mtime': 'the modification time of the file (the message gave none)',
    unknown: 'unknown',
  } satisfies Record<DateSource, string>,
  sha256: 'SHA-256 of the original bytes',
  bytes: (n: string) => `${n} bytes`,
  hashMismatch: (recorded: string) =>
    `WARNING: the stored bytes no longer hash to ${recorded}, the hash recorded when they were read. The database was changed or damaged; ingest the original file again.`,
  noRaw: 'The database holds no original bytes for this item.',
  exportFile: 'In an evidence export',
  provenance: 'Read from',
  member: 'member',
  offset: (offset: string, length: string) => `bytes ${offset} to ${length}`,
  copies: (n: string) => `Found in ${n} places`,
  attachments: 'Attachments',
  unnamed: '(unnamed)',
  flags: 'Reading notes',
  echoOf: 'Echo of',
  echoedBy: 'Echoed by',
  later: 'later',
  earlier: 'earlier',
  notInReport: 'not in this report',
  evidence: 'Evidence',
  quotes: ['“', '”'] as [string, string],
  evidenceKinds: {
    link: 'the same link',
    mention: "names the private message's sender",
    terms: 'shares rare words',
    quote: 'reproduces a passage',
    attachment: 'the same file',
  } satisfies Record<EchoEvidenceKind, string>,
  relations: {
    recipient: 'posted by a recipient of the private message',
    sender: 'posted by the sender of the private message',
    other: 'posted by someone else',
  } satisfies Record<EchoRelation, string>,
  kinds: {
    email: 'email',
    message: 'direct message',
    post: 'public post',
    event: 'calendar item',
    contact: 'contact',
    task: 'task',
  } satisfies Record<ItemKind, string>,
  problems: 'Items that could not be checked',
  problemCodes: {
    'no-raw': 'the database holds no original bytes for it',
    'raw-hash-mismatch': 'its stored bytes no longer hash to what was recorded when they were read',
    vanished: 'it was deleted from the case while the report was made',
  },
  verifyTitle: 'How to verify this report',
  verifyIntro:
    'Every item above carries the SHA-256 hash of the exact bytes innsyn read it from: the email as it was received, the JSON record of a platform export, the row of a list of posts. Anyone can check that an item was quoted from those bytes and that they were not changed:',
  /** `command` is shown as code. */
  verifySteps: [
    'Get the original bytes of the item: `innsyn show <id> --raw > item.bin` on the case database; or the file named under "In an evidence export" in an export made with `innsyn export QUERY --out export.zip` (`innsyn verify export.zip` checks the whole export); or cut them from the source file named under "Read from", at the byte offsets given (inside the archive member when one is named).',
    'Compute the SHA-256 of those bytes: `sha256sum item.bin` (Linux), `shasum -a 256 item.bin` (macOS), `certutil -hashfile item.bin SHA256` (Windows).',
    'The result must be exactly the hash printed for the item. One changed byte gives a completely different hash.',
  ],
  verifyNotes: [
    'Texts are reproduced in full, as plain text. Invisible direction and control characters, which can make text display in another order than it is written, are shown as [U+XXXX].',
    'Times come from the source named under "Time taken from"; they are shown in the chosen time zone, with its offset from UTC at that moment (summer time included), and in UTC.',
    'Echoes are found by innsyn: a public item that followed a private one and shares a link, a name, rare words, a passage or a file with it. They are leads to check, not proof by themselves.',
    '`innsyn report` prints the SHA-256 of this HTML file when it writes it (for a report downloaded from the browser, compute it as above right after the download): keep that value with the report to show the file was not changed.',
  ],
  footer: (version: string, created: string) => `innsyn ${version} · made ${created}`,
  units: {
    day: ['day', 'days'],
    hour: ['hour', 'hours'],
    minute: ['minute', 'minutes'],
    second: ['second', 'seconds'],
  } satisfies Record<Unit, [string, string]>,
  and: 'and',
  more: (n: string) => `and ${n} more`,
};

export type ReportMessages = typeof en;

const nb: ReportMessages = {
  defaultTitle: 'Tidslinje',
  madeWith: 'Laget med innsyn fra saksdatabasen. Hvert element er gjengitt i sin helhet, eldste først.',
  query: 'Søk',
  queryAll: '(alle elementene i saken)',
  created: 'Laget',
  version: 'innsyn-versjon',
  timeZone: 'Tidssone',
  timeZoneNote: (tz: string) => `Tidspunkter er vist i ${tz} og, ved siden av, i UTC.`,
  items: 'Elementer',
  itemCounts: (n: string, priv: string, pub: string) => `${n} (${priv} private, ${pub} offentlige)`,
  period: 'Periode',
  periodValue: (first: string, last: string) => `${first} til ${last}`,
  undatedCount: (n: string) => `${n} uten dato`,
  echoes: 'Ekko',
  echoesValue: (n: string, window: string) =>
    `${n} mellom elementene i denne rapporten og resten av saken (et offentlig element som følger et privat innen ${window})`,
  permalinks: 'Permanente lenker',
  permalinksRelative:
    'Relative til adressen innsyn serve skriver ut (http://127.0.0.1:7070 som standard): /item/<id>.',
  people: 'Personer',
  person: 'Person',
  handles: 'Brukernavn og adresser',
  sent: 'Sendt',
  received: 'Mottatt',
  contents: 'Oversikt over elementene',
  number: 'Nr.',
  time: 'Tid',
  fromTo: 'Fra → til',
  kindCol: 'Type',
  textCol: 'Tekst',
  day: 'Dag',
  undated: 'Uten dato',
  undatedNote: 'Kilden oppga ingen brukbar dato for disse elementene.',
  from: 'Fra',
  to: 'Til',
  cc: 'Kopi',
  bcc: 'Blindkopi',
  nobody: '(ingen oppgitt)',
  unknownSender: '(ukjent avsender)',
  subject: 'Emne',
  noText: '(ingen tekst)',
  private: 'privat',
  public: 'offentlig',
  noDate: 'ingen dato',
  asWritten: (time: string) => `slik kilden skrev det: ${time}`,
  details: 'Bevisdetaljer',
  permalink: 'Permanent lenke',
  itemId: 'Element-id',
  kind: 'Plattform og type',
  timeSource: 'Tidspunkt hentet fra',
  dateSources: {
    header: 'meldingens Date-felt',
    received: 'et Received-felt i meldingen (ingen Date)',
    export: 'plattformens eksport',
    'file-mtime': 'filens endringstidspunkt (meldingen oppga ingen)',
    unknown: 'ukjent',
  },
  sha256: 'SHA-256 av de opprinnelige bytene',
  bytes: (n: string) => `${n} byte`,
  hashMismatch: (recorded: string) =>
    `ADVARSEL: de lagrede bytene gir ikke lenger ${recorded}, hashen som ble registrert da de ble lest. Databasen er endret eller skadet; les inn originalfilen på nytt.`,
  noRaw: 'Databasen har ikke de opprinnelige bytene for dette elementet.',
  exportFile: 'I en bevis-eksport',
  provenance: 'Lest fra',
  member: 'arkivmedlem',
  offset: (offset: string, length: string) => `byte ${offset} til ${length}`,
  copies: (n: string) => `Funnet ${n} steder`,
  attachments: 'Vedlegg',
  unnamed: '(uten navn)',
  flags: 'Merknader fra innlesingen',
  echoOf: 'Ekko av',
  echoedBy: 'Ekko i',
  later: 'senere',
  earlier: 'tidligere',
  notInReport: 'ikke i denne rapporten',
  evidence: 'Belegg',
  quotes: ['«', '»'],
  evidenceKinds: {
    link: 'samme lenke',
    mention: 'nevner avsenderen av den private meldingen',
    terms: 'deler sjeldne ord',
    quote: 'gjengir et avsnitt',
    attachment: 'samme fil',
  },
  relations: {
    recipient: 'postet av en mottaker av den private meldingen',
    sender: 'postet av avsenderen av den private meldingen',
    other: 'postet av en annen',
  },
  kinds: {
    email: 'e-post',
    message: 'direktemelding',
    post: 'offentlig innlegg',
    event: 'kalenderoppføring',
    contact: 'kontakt',
    task: 'oppgave',
  },
  problems: 'Elementer som ikke kunne kontrolleres',
  problemCodes: {
    'no-raw': 'databasen har ikke de opprinnelige bytene',
    'raw-hash-mismatch': 'de lagrede bytene gir ikke lenger hashen som ble registrert da de ble lest',
    vanished: 'det ble slettet fra saken mens rapporten ble laget',
  },
  verifyTitle: 'Slik kontrollerer du denne rapporten',
  verifyIntro:
    'Hvert element over har SHA-256-hashen av nøyaktig de bytene innsyn leste det fra: e-posten slik den ble mottatt, JSON-posten i en plattformeksport, raden i en liste over innlegg. Hvem som helst kan kontrollere at et element er gjengitt fra disse bytene, og at de ikke er endret:',
  verifySteps: [
    'Hent elementets opprinnelige byte: `innsyn show <id> --raw > element.bin` på saksdatabasen; eller filen som står under «I en bevis-eksport» i en eksport laget med `innsyn export SØK --out eksport.zip` (`innsyn verify eksport.zip` kontrollerer hele eksporten); eller klipp dem ut av kildefilen under «Lest fra», ved de oppgitte byte-posisjonene (inne i arkivmedlemmet når det er oppgitt).',
    'Regn ut SHA-256 av bytene: `sha256sum element.bin` (Linux), `shasum -a 256 element.bin` (macOS), `certutil -hashfile element.bin SHA256` (Windows).',
    'Resultatet skal være nøyaktig hashen som står ved elementet. Én endret byte gir en helt annen hash.',
  ],
  verifyNotes: [
    'Tekstene er gjengitt i sin helhet, som ren tekst. Usynlige retnings- og kontrolltegn, som kan få tekst til å vises i en annen rekkefølge enn den er skrevet, er vist som [U+XXXX].',
    'Tidspunktene kommer fra kilden under «Tidspunkt hentet fra»; de er vist i den valgte tidssonen, med avviket fra UTC på det tidspunktet (sommertid medregnet), og i UTC.',
    'Ekko er funnet av innsyn: et offentlig element som fulgte et privat og deler en lenke, et navn, sjeldne ord, et avsnitt eller en fil med det. De er spor å undersøke, ikke bevis i seg selv.',
    '`innsyn report` skriver ut SHA-256 av denne HTML-filen når den lages (for en rapport lastet ned fra nettleseren: regn den ut som over rett etter nedlastingen): ta vare på verdien sammen med rapporten for å vise at filen ikke er endret.',
  ],
  footer: (version: string, created: string) => `innsyn ${version} · laget ${created}`,
  units: {
    day: ['døgn', 'døgn'],
    hour: ['time', 'timer'],
    minute: ['minutt', 'minutter'],
    second: ['sekund', 'sekunder'],
  },
  and: 'og',
  more: (n: string) => `og ${n} til`,
};

const MESSAGES: Record<ReportLang, ReportMessages> = { en, nb };

export function reportMessages(lang: ReportLang): ReportMessages {
  return MESSAGES[lang];
}

export function isReportLang(s: string): s is ReportLang {
  return (REPORT_LANGS as readonly string[]).includes(s);
}

/** Platforms by the name a reader knows them by; others as innsyn names them. */
export function platformName(platform: string, lang: ReportLang): string {
  const names: Record<string, string> = {
    x: 'X (Twitter)',
    email: lang === 'nb' ? 'E-post' : 'Email',
    telegram: 'Telegram',
    whatsapp: 'WhatsApp',
    slack: 'Slack',
    outlook: 'Outlook',
  };
  return names[platform] ?? platform;
}
