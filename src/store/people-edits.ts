import { InnsynError } from '../model/index.js';
import type { PeopleEdit, PeopleEditsDocument } from './people.js';

/** Edits in one import: a hand-made file holds hundreds; a million is not a file of edits. */
export const MAX_IMPORTED_EDITS = 100_000;
/** Longest identity key, handle or name accepted in an edit (an address is rarely over 300). */
export const MAX_EDIT_FIELD_CHARS = 1000;
/** `format` of the edits file. */
export const PEOPLE_EDITS_FORMAT = 'innsyn-people-edits';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** The document `people export` writes. */
export function peopleEditsDocument(edits: PeopleEdit[]): PeopleEditsDocument {
  return { format: PEOPLE_EDITS_FORMAT, version: 1, edits };
}

/**
 * The edits of a `people export` file (parsed JSON), checked field by field. Hostile input: a
 * problem is InnsynError('usage') naming the edit's index and the field, and what to do.
 */
export function parsePeopleEditsDocument(doc: unknown): PeopleEdit[] {
  const o = doc as Partial<Record<string, unknown>> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o) || o.format !== PEOPLE_EDITS_FORMAT) {
    throw new InnsynError(
      'usage',
      `not an innsyn people edits file: it must be a JSON object with "format": "${PEOPLE_EDITS_FORMAT}" (made by innsyn people export)`,
    );
  }
  if (o.version !== 1) {
    throw new InnsynError(
      'usage',
      `people edits file version ${JSON.stringify(o.version)} is not one this innsyn reads (1): upgrade innsyn`,
    );
  }
  if (!Array.isArray(o.edits)) throw new InnsynError('usage', 'the people edits file has no "edits" array');
  return checkPeopleEdits(o.edits as unknown[]);
}

/** Checks edits given to the store (from a file or a caller); returns them normalised. */
export function checkPeopleEdits(edits: readonly unknown[]): PeopleEdit[] {
  if (edits.length > MAX_IMPORTED_EDITS) {
    throw new InnsynError(
      'limit-exceeded',
      `${edits.length} edits in one import: at most ${MAX_IMPORTED_EDITS} (split the file)`,
    );
  }
  return edits.map((e, i) => checkEdit(e, i));
}

function checkEdit(e: unknown, i: number): PeopleEdit {
  const where = `edit ${i}`;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) {
    throw new InnsynError('usage', `${where} is not an object`);
  }
  const o = e as Partial<Record<string, unknown>>;
  const at = o.at;
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) || Number.isNaN(Date.parse(at))) {
    throw new InnsynError(
      'usage',
      `${where}: "at" must be an ISO 8601 UTC time like 2024-05-01T12:00:00.000Z`,
    );
  }
  const identity = identityKeyField(o.identity, `${where}: "identity"`);
  switch (o.op) {
    case 'merge':
      return { op: 'merge', identity, other: identityKeyField(o.other, `${where}: "other"`), at };
    case 'split':
      return { op: 'split', identity, at };
    case 'alias': {
      const handle =
        o.handle === undefined || o.handle === null ? null : checkHandle(o.handle, `${where}: "handle"`);
      const name = o.name === undefined || o.name === null ? null : checkName(o.name, `${where}: "name"`);
      if (handle === null && name === null) {
        throw new InnsynError('usage', `${where}: an alias needs a "handle" or a "name"`);
      }
      return { op: 'alias', identity, handle, name, at };
    }
    default:
      throw new InnsynError('usage', `${where}: "op" must be "merge", "split" or "alias"`);
  }
}

/** `platform:address`: a platform of letters, digits, '-' or '_', a colon, a non-empty address. */
export function isIdentityKey(s: string): boolean {
  return /^[a-z0-9_-]+:./i.test(s) && s.length <= MAX_EDIT_FIELD_CHARS && !CONTROL.test(s);
}

function identityKeyField(v: unknown, what: string): string {
  if (typeof v !== 'string' || !isIdentityKey(v)) {
    throw new InnsynError('usage', `${what} must be an identity key like x:16589206 or email:a@b.org`);
  }
  const colon = v.indexOf(':');
  return `${v.slice(0, colon).toLowerCase()}${v.slice(colon)}`;
}

/** A handle as given: '@' dropped, lower-case; letters, digits and . _ - only. */
export function checkHandle(v: unknown, what = 'the handle'): string {
  const h = typeof v === 'string' ? v.trim().replace(/^@/, '').toLowerCase() : '';
  if (!/^[\p{L}\p{N}._-]{1,100}$/u.test(h)) {
    throw new InnsynError(
      'usage',
      `${what} must be 1 to 100 letters, digits, '.', '_' or '-' (an '@' in front is dropped)`,
    );
  }
  return h;
}

/** A display name as given: trimmed, no control characters. */
export function checkName(v: unknown, what = 'the name'): string {
  const n = typeof v === 'string' ? v.trim() : '';
  if (n === '' || n.length > 200 || CONTROL.test(n)) {
    throw new InnsynError('usage', `${what} must be 1 to 200 characters, with no control characters`);
  }
  return n;
}
