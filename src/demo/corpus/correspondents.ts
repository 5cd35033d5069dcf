import type { Prng } from './prng.js';
import {
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  NORWEGIAN_FIRST_NAMES,
  NORWEGIAN_LAST_NAMES,
  ORGANISATION_DOMAINS,
  PROVIDER_DOMAINS,
} from './vocabulary.js';

/** One person who sends and receives mail in the corpus. */
export interface Correspondent {
  /** Zipf rank: 0 writes the most. */
  rank: number;
  first: string;
  last: string;
  /** Display name as shown, e.g. "Bjørn Sæther" or "Smith, John". */
  name: string;
  address: string;
  domain: string;
  norwegian: boolean;
}

/**
 * The person at rank 0 has a fixed, unique surname so that the `from:` benchmark queries name
 * someone who certainly exists and sends the most mail.
 */
export const TOP_CORRESPONDENT = { first: 'Ingrid', last: 'Haugland', domain: 'havbris.no' } as const;

/** æ/ø/å and friends to ASCII for the local part of an address, as Norwegian mail admins do. */
function asciiLocal(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'aa')
    .replace(/[éè]/g, 'e')
    .replace(/ü/g, 'u')
    .replace(/[^a-z0-9.-]/g, '');
}

/**
 * `count` people, half Norwegian and half English-named, on a few dozen domains. Addresses are
 * made unique by a numeric suffix (real dumps have john.smith2@…), because two people with one
 * address would merge into one identity and skew the Zipf shape.
 */
export function makeCorrespondents(rng: Prng, count: number): Correspondent[] {
  const people: Correspondent[] = [];
  const used = new Set<string>();
  for (let rank = 0; rank < count; rank++) {
    const norwegian = rank === 0 || rng.chance(0.5);
    let first = rng.pick(norwegian ? NORWEGIAN_FIRST_NAMES : ENGLISH_FIRST_NAMES);
    let last = rng.pick(norwegian ? NORWEGIAN_LAST_NAMES : ENGLISH_LAST_NAMES);
    // Organisation addresses for a third; providers (gmail…) for the rest.
    let domain = rng.chance(0.35) ? rng.pick(ORGANISATION_DOMAINS) : rng.pick(PROVIDER_DOMAINS);
    if (rank === 0) ({ first, last, domain } = TOP_CORRESPONDENT);
    const style = rng.int(4);
    let local =
      style === 0
        ? `${asciiLocal(first)}.${asciiLocal(last)}`
        : style === 1
          ? `${asciiLocal(first).slice(0, 1)}${asciiLocal(last)}`
          : style === 2
            ? `${asciiLocal(first)}${asciiLocal(last).slice(0, 3)}`
            : `${asciiLocal(first)}_${asciiLocal(last)}`;
    let address = `${local}@${domain}`;
    for (let n = 2; used.has(address); n++) {
      local = `${local.replace(/\d+$/, '')}${n}`;
      address = `${local}@${domain}`;
    }
    used.add(address);
    // Some clients (Outlook in a directory) show "Last, First".
    const name = !norwegian && rng.chance(0.15) ? `${last}, ${first}` : `${first} ${last}`;
    people.push({ rank, first, last, name, address, domain, norwegian });
  }
  return people;
}
