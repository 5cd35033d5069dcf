/**
 * People: identities (`platform:address`) joined into persons (DESIGN.md "The record").
 *
 * Automatic joins are exact: the same address on one platform in another letter case, and the
 * same handle on one platform (`x:realdonaldtrump` from a post list and `x:25073877` whose
 * handle the X archive resolved to `realdonaldtrump`). Everything else is done by hand through
 * edits (merge, split, alias), which are human data: kept by identity key, never by rowid, so
 * they survive a reindex, a re-ingest into a new database and an export/import.
 *
 * A person's key is the smallest identity key among its identities (in code-unit order), so a
 * person of one identity is keyed by that identity and every person key is an identity key.
 */

/** One hand edit. `identity` and `other` are identity keys (`platform:address`). */
export type PeopleEdit =
  | {
      op: 'merge';
      /** Joined with `other`, and so are both their persons. */
      identity: string;
      other: string;
      /** ISO 8601 UTC, when the edit was made. */
      at: string;
    }
  | {
      op: 'split';
      /** Taken out of its person: it stands alone, joined by no automatic rule and no earlier merge. */
      identity: string;
      at: string;
    }
  | {
      op: 'alias';
      /** Given another handle (joins like a handle seen in an export) and/or another name. */
      identity: string;
      handle: string | null;
      name: string | null;
      at: string;
    };

/** The file of `people export` / `people import` (versioned; docs/json.md). */
export interface PeopleEditsDocument {
  format: 'innsyn-people-edits';
  version: 1;
  edits: PeopleEdit[];
}

/** Why two identities are one person. */
export interface PersonLink {
  a: string;
  b: string;
  /** 'address': the same address in another case; 'handle': the same handle; 'merge': by hand. */
  rule: 'address' | 'handle' | 'merge';
  /** The handle or address they share (null for a merge). */
  value: string | null;
}

export interface PersonSummary {
  key: string;
  /** The display name seen most often (or given by an alias), else null. */
  name: string | null;
  /** Every handle seen or given, lower-case, without '@'. */
  handles: string[];
  /** Identity keys, smallest first (at most MAX_LISTED_IDENTITIES; `identityCount` has them all). */
  identities: string[];
  identityCount: number;
  /** Items sent by any of its identities. */
  sent: number;
  /** Items with any of its identities among the recipients (to, cc, bcc). */
  received: number;
  /** Items with any of its identities as sender or recipient (an item counts once). */
  items: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface PersonIdentity {
  key: string;
  platform: string;
  address: string;
  /** Handles seen on its items and given by aliases, lower-case. */
  handles: string[];
  /** Every display name seen on its items, most often first (at most MAX_SHOWN_NAMES). */
  names: Array<{ name: string; count: number }>;
  /** Names seen beyond MAX_SHOWN_NAMES. */
  moreNames: number;
  /** What aliases added to it. */
  aliases: { handles: string[]; names: string[] };
  sent: number;
  received: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface Person extends Omit<PersonSummary, 'identities'> {
  identities: PersonIdentity[];
  /** Why its identities are one person: a spanning tree of the joins, automatic ones first. */
  links: PersonLink[];
  /** Hand edits that name any of its identities, oldest first. */
  edits: PeopleEdit[];
  /** Things a reporter should know: handles not joined because other accounts claim them too. */
  notes: string[];
}

export interface ListPeopleOptions {
  /** Part of a name, handle or address (case and diacritics ignored); empty or absent: everyone. */
  query?: string;
  limit: number;
  offset: number;
}

export interface PeopleList {
  total: number;
  /** Most items first, then by key. */
  people: PersonSummary[];
}

export interface PeopleRebuild {
  people: number;
  identities: number;
  /** Items whose full-text sender/recipient words changed (and were re-indexed). */
  refreshed: number;
}

export interface SplitResult {
  /** The identity's own person now. */
  identity: Person;
  /** The person the rest of its identities form. */
  rest: Person;
}

export interface PeopleImport {
  /** Edits added. */
  added: number;
  /** Edits already present (the same edit at the same time): importing a file twice adds nothing. */
  duplicates: number;
  /** Added edits that name an identity this case does not hold: kept, and applied once it appears. */
  unknownIdentities: number;
}
