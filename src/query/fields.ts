/**
 * The `field:` names of the query language and what kind of value each takes.
 * See src/query/ast.ts for the node each kind produces.
 */
import type { ExactField, FlagNode, TextField } from './ast.js';
import { ATTACHMENT_TYPES as ATTACHMENT_TYPE_VALUES } from '../model/attachment-type.js';

export const TEXT_FIELDS: readonly TextField[] = [
  'from',
  'to',
  'cc',
  'bcc',
  'participant',
  'subject',
  'body',
  'filename',
  'link',
  'mention',
  'attachment',
];

export const EXACT_FIELDS: readonly ExactField[] = [
  'lang',
  'kind',
  'platform',
  'id',
  'thread',
  'conversation',
  'tag',
  'type',
  'folder',
];

/** `is:` and `has:` with the values each allows, and the flag each value means. */
export const FLAG_FIELDS: Readonly<Record<'is' | 'has', Readonly<Record<string, FlagNode['flag']>>>> = {
  is: { private: 'private', public: 'public', starred: 'starred' },
  has: { attachment: 'attachment', link: 'link', note: 'note', tag: 'tag' },
};

export type DateField = 'date' | 'after' | 'before';
export const DATE_FIELDS: readonly DateField[] = ['date', 'after', 'before'];

export type FieldName = TextField | ExactField | 'is' | 'has' | DateField;

/** Every field, in the order an error message lists them. */
export const FIELD_NAMES: readonly FieldName[] = [
  ...TEXT_FIELDS,
  ...EXACT_FIELDS,
  'is',
  'has',
  ...DATE_FIELDS,
];

/** Other names of a field: Gmail's `label:` is `folder:` (a Takeout mailbox's labels are folders). */
export const FIELD_ALIASES: Readonly<Record<string, FieldName>> = { label: 'folder' };

const FIELD_SET: ReadonlySet<string> = new Set(FIELD_NAMES);

export function isFieldName(name: string): name is FieldName {
  return FIELD_SET.has(name);
}

export function isTextField(name: FieldName): name is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(name);
}

export function isExactField(name: FieldName): name is ExactField {
  return (EXACT_FIELDS as readonly string[]).includes(name);
}

export function isDateField(name: FieldName): name is DateField {
  return (DATE_FIELDS as readonly string[]).includes(name);
}

/**
 * Words with a colon that are not fields: URL schemes. A reporter pastes
 * `http://wlsearch.tk` into the search box and means the link, not a field named "http".
 * Any `word://` is treated the same way (see lexer.ts).
 */
export const NOT_FIELD_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp', 'ftps', 'mailto']);

/** `type:` values: the type of an attachment the item holds (src/model/attachment-type.ts). */
export const ATTACHMENT_TYPES: readonly string[] = ATTACHMENT_TYPE_VALUES;

/** `kind:` values (ItemKind in src/model/item.ts). */
export const KINDS: readonly string[] = ['email', 'message', 'post', 'event', 'contact', 'task'];
