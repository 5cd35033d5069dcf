/**
 * The query language's errors in Norwegian, written from the reason the server sends with a
 * `bad-query` (src/query/query-reason.ts); the server's English message where a key is not
 * known here (a newer server). The column is shown beside it, and marked in the query.
 */
import type { QueryReason } from '../../../src/query/query-reason.js';

type Writers = { [K in QueryReason['key']]: (r: Extract<QueryReason, { key: K }>) => string };

const list = (values: readonly string[]): string => values.join(', ');

const NB: Writers = {
  'too-long': (r) => `søket er ${r.length} tegn langt; høyst ${r.max} er tillatt`,
  'unclosed-quote': () => 'anførselstegnet her lukkes aldri',
  'unknown-field': (r) =>
    `ukjent felt «${r.field}:» (for å søke etter tekst med kolon, sett den i anførselstegn)`,
  'empty-field': (r) => `ingenting etter «${r.field}:»; skriv en verdi, f.eks. ${r.field}:ord`,
  'unmatched-close': () => '«)» uten «(»',
  unexpected: (r) => (r.text === null ? `uventet «${r.token}»` : `uventet «${r.text}»`),
  'too-deep': (r) => `søket har mer enn ${r.max} nivåer av parenteser og negasjoner`,
  'nothing-to-exclude': (r) => `«${r.op}» må følges av noe å utelate`,
  'field-in-group': (r) => `«${r.field}:» kan ikke stå inne i «${r.group}:( … )»; lukk gruppen først`,
  'needs-letters': (r) => `«${r.field}:» trenger en verdi med bokstaver eller sifre`,
  'expected-term': () => 'her skulle det stått et søkeord',
  'empty-group': () => 'ingenting mellom «(» og «)»',
  'unclosed-group': () => '«(» lukkes aldri; det mangler en «)»',
  'expected-value': () => 'her skulle det stått en verdi',
  'too-many-terms': (r) => `søket har mer enn ${r.max} ledd`,
  'star-first': () => '«*» trenger bokstaver foran seg (ord* finner ord som begynner på «ord»)',
  'star-inside': () => '«*» er bare tillatt på slutten av et ord (ord* finner ord som begynner på «ord»)',
  'exact-star': (r) => `«${r.field}:» tar en eksakt verdi; «*» virker bare i tekstfelt`,
  'unknown-value': (r) => `«${r.field}:${r.value}» er ukjent; bruk en av ${list(r.allowed)}`,
  'folder-needs-word': () => '«folder:» trenger et ord fra mappens navn, f.eks. folder:innboks',
  'bad-lang': (r) => `«lang:${r.value}» er ingen språkkode; bruk en kode på to bokstaver, f.eks. no eller en`,
  'needs-both-sides': (r) => `«${r.op}» trenger noe på begge sider`,
  'not-a-date': (r) =>
    `«${r.text}» er ingen dato; skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD (f.eks. 2016, 2016-10, 2016-10-12)`,
  'year-range': (r) => `året ${r.year} er utenfor det tillatte (${r.min}–${r.max})`,
  'no-such-month': (r) => `måned ${r.month} finnes ikke (01–12)`,
  'no-such-day': (r) => `dag ${r.day} finnes ikke (den måneden har ${r.days} dager)`,
  'one-date': (r) => `«${r.field}:» tar én dato, ikke et tidsrom; bruk date:A..B for et tidsrom`,
  'two-ranges': () => 'et tidsrom har én «..», her står det en til',
  'empty-range': () => '«..» trenger en dato på minst én side (f.eks. date:2016-10..)',
  'range-backwards': (r) => `tidsrommet slutter (${r.to}) før det begynner (${r.from})`,
};

/** The reason in Norwegian, or null when it is not one this UI knows (the English message then stands). */
export function queryReasonNb(
  reason: ({ key: string } & Record<string, unknown>) | undefined,
): string | null {
  if (reason === undefined || !Object.hasOwn(NB, reason.key)) return null;
  const write = NB[reason.key as QueryReason['key']] as (r: QueryReason) => string;
  try {
    return write(reason as QueryReason);
  } catch {
    return null; // a reason missing a value it should have: the English message stands
  }
}

/**
 * A query error's message in the reader's language: Norwegian written from its reason where the
 * UI is in Norwegian and knows the reason, else the server's English message.
 */
export function queryErrorMessage(
  message: string,
  reason: ({ key: string } & Record<string, unknown>) | undefined,
  lang: string,
): string {
  return (lang === 'nb' ? queryReasonNb(reason) : null) ?? message;
}
