/**
 * The typed syntax tree of the query language (see README "Query language").
 * The parser produces it; each store dialect compiles it to its own SQL. It knows no SQL.
 *
 * `pos` is the 1-based column of the node's first character in the query string, so that
 * later validation errors can point at it too.
 */

/** Fields whose value is matched as text (tokenised, folded; terms, phrases, prefixes). */
export type TextField =
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'participant' // from, to, cc or bcc
  | 'subject'
  | 'body'
  | 'filename'
  | 'link'
  | 'mention'
  | 'attachment'; // the texts read from attachments

/** Fields whose value is matched exactly (after lower-casing). */
export type ExactField =
  | 'kind'
  | 'platform'
  | 'lang'
  | 'id'
  | 'thread'
  | 'conversation'
  | 'tag'
  | 'type' // an attachment's type (ATTACHMENT_TYPES in fields.ts)
  | 'folder'; // words of a folder or label name, in order; the value may end in '*' (model/folders.ts)

export type QueryNode = AndNode | OrNode | NotNode | TermNode | PhraseNode | ExactNode | FlagNode | DateNode;

export interface AndNode {
  type: 'and';
  children: QueryNode[];
  pos: number;
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
  pos: number;
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
  pos: number;
}

/** A single word, in any text field (`field: null`) or in one; `prefix` for `word*`. */
export interface TermNode {
  type: 'term';
  field: TextField | null;
  value: string;
  prefix: boolean;
  pos: number;
}

/** A quoted phrase: matches the words exactly, in order, unstemmed. */
export interface PhraseNode {
  type: 'phrase';
  field: TextField | null;
  value: string;
  pos: number;
}

export interface ExactNode {
  type: 'exact';
  field: ExactField;
  value: string;
  pos: number;
}

/**
 * `is:private`, `is:public`, `has:attachment`, `has:link`; and the reporter's annotations
 * (store/annotations.ts), the item's own or its conversation's: `is:starred`, `has:note`, `has:tag`.
 */
export interface FlagNode {
  type: 'flag';
  flag: 'private' | 'public' | 'attachment' | 'link' | 'starred' | 'note' | 'tag';
  pos: number;
}

/**
 * `date:`, `after:`, `before:`. Bounds are ISO 8601 UTC instants: `from` inclusive,
 * `to` exclusive; either may be null for an open range.
 * `date:2016-10` → from 2016-10-01T00:00:00.000Z to 2016-11-01T00:00:00.000Z.
 * `after:2016-10-12` → from 2016-10-13 (after the whole day); `before:2016-10-12` → to 2016-10-12.
 */
export interface DateNode {
  type: 'date';
  from: string | null;
  to: string | null;
  pos: number;
}
