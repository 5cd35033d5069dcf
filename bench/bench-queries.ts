import { TOP_CORRESPONDENT } from '../src/demo/corpus/correspondents.js';

/** One benchmark query, written in each engine's own syntax. */
export interface BenchQuery {
  kind: string;
  innsyn: string;
  notmuch: string;
  mu: string;
}

const top = TOP_CORRESPONDENT.last.toLowerCase();

/**
 * The ten queries every engine runs. Each names words the generator is known to write
 * (bench/corpus/vocabulary.ts) so that no query is trivially empty:
 * - "meeting" is a frequent English word (in ~40 % of English mail);
 * - "whistleblower" is one of ~40 rare terms, each in ~0.2 % of mail;
 * - "invoice"/"faktura" are the English and Norwegian words for the same thing;
 * - "board meeting" is a stock phrase the body generator inserts whole;
 * - "regjer*" covers regjering/regjeringen (Norwegian only);
 * - the top correspondent (rank 0, most mail) has a unique surname.
 * Dates are UTC days; both peers are run with TZ=UTC so their day boundaries agree.
 */
export function benchQueries(): BenchQuery[] {
  return [
    { kind: 'common term', innsyn: 'meeting', notmuch: 'meeting', mu: 'meeting' },
    { kind: 'rare term', innsyn: 'whistleblower', notmuch: 'whistleblower', mu: 'whistleblower' },
    {
      kind: 'two-term AND',
      innsyn: 'budget deadline',
      notmuch: 'budget AND deadline',
      mu: 'budget AND deadline',
    },
    { kind: 'OR', innsyn: 'invoice OR faktura', notmuch: 'invoice OR faktura', mu: 'invoice OR faktura' },
    { kind: 'phrase', innsyn: '"board meeting"', notmuch: '"board meeting"', mu: '"board meeting"' },
    { kind: 'prefix', innsyn: 'regjer*', notmuch: 'regjer*', mu: 'regjer*' },
    { kind: 'from: field', innsyn: `from:${top}`, notmuch: `from:${top}`, mu: `from:${top}` },
    { kind: 'subject: field', innsyn: 'subject:invoice', notmuch: 'subject:invoice', mu: 'subject:invoice' },
    {
      kind: 'date range',
      innsyn: 'date:2022-03-01..2022-05-31',
      notmuch: 'date:2022-03-01..2022-05-31',
      mu: 'date:20220301..20220531',
    },
    {
      kind: 'field+date+term',
      innsyn: `from:${top} date:2022-01-01..2022-12-31 budget`,
      notmuch: `from:${top} AND date:2022-01-01..2022-12-31 AND budget`,
      mu: `from:${top} AND date:20220101..20221231 AND budget`,
    },
  ];
}
