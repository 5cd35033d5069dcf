import type { ExactNode, FlagNode, QueryNode } from '../../query/ast.js';
import { firstKeyAt, keyBoundBefore } from './sqlite-date-key.js';
import { textLeafExpression } from './sqlite-fts-expression.js';
import { foldTag } from '../annotations.js';
import {
  compileParts,
  idCondition,
  queryInstant,
  type CompiledParts,
  type Part,
  type QueryDialect,
} from '../query-parts.js';
import { annotatedItemsSql } from './sqlite-annotations.js';
import { FOLDER_ITEMS_SQL } from '../folder-rows.js';
import { folderPattern } from '../../model/folders.js';

export { MAX_QUERY_DEPTH, MAX_QUERY_NODES, MIN_ID_PREFIX, type SqlFragment } from '../query-parts.js';

/**
 * Compiles the query AST to SQLite (the walk and the algebra: ../query-parts.ts): the text
 * leaves to one FTS5 MATCH expression where the tree allows it (FTS5 has AND, OR, NOT and
 * parentheses of its own), everything else to SQL conditions on `items i`.
 */

/**
 * Deepest nesting of parentheses put into one FTS5 expression. FTS5's parser has a fixed stack
 * and fails with "parser stack overflow" at about 35 levels of `a NOT (b NOT (...))` (measured
 * on SQLite 3.53); a deeper text subtree is split into separate MATCH subqueries instead.
 */
export const MAX_FTS_NESTING = 20;

export interface CompiledQuery extends CompiledParts {
  /**
   * Date keys every match lies within (sqlite-date-key.ts), from the date conditions that all
   * matches must meet: a bound the FTS5 rowid or `items.dk` can seek on. Looser than the exact
   * conditions in `where`, which still hold; null bounds are open.
   */
  keys: { from: number | null; to: number | null };
}

const OPEN_KEYS = { from: null, to: null } as const;

const SQLITE: QueryDialect = {
  textLeaf: textLeafExpression,
  textAnd: 'AND',
  textOr: 'OR',
  // FTS5's NOT is binary: `a NOT b`.
  textNot: (p, n) => `(${p}) NOT (${n})`,
  maxTextNesting: MAX_FTS_NESTING,
  sqlTrue: '1',
  sqlFalse: '0',
  matchSql: (negated) => `i.dk ${negated ? 'NOT IN' : 'IN'} (SELECT rowid FROM fts WHERE fts MATCH ?)`,
  notSql: (inner) => `NOT ifnull((${inner}), 0)`,
  exact,
  flag,
};

export function compileQuery(query: QueryNode | null): CompiledQuery {
  return { ...compileParts(query, SQLITE), keys: query === null ? OPEN_KEYS : keyBounds(query) };
}

/** Date-key bounds from the date conditions at the top of the query (itself, or its AND's children). */
function keyBounds(query: QueryNode): CompiledQuery['keys'] {
  const dates = query.type === 'date' ? [query] : query.type === 'and' ? query.children : [];
  let from: number | null = null;
  let to: number | null = null;
  for (const d of dates) {
    if (d.type !== 'date') continue;
    if (d.from !== null) {
      const k = firstKeyAt(queryInstant(d.from, d.pos));
      from = from === null ? k : Math.max(from, k);
    }
    if (d.to !== null) {
      const k = keyBoundBefore(queryInstant(d.to, d.pos));
      to = to === null ? k : Math.min(to, k);
    }
    // `date:` with neither bound means "has a date": every dated key is positive.
    if (d.from === null && d.to === null) from = Math.max(from ?? 0, 0);
  }
  return { from, to };
}

function exact(node: ExactNode): Part {
  const value = node.value.trim().toLowerCase();
  switch (node.field) {
    case 'kind':
    case 'platform':
    case 'lang':
      // The columns are COLLATE NOCASE: `=` compares without case and uses no index (none needed).
      return { k: 'sql', sql: { sql: `i.${node.field} = ?`, params: [value] } };
    case 'id':
      return idCondition(node);
    case 'thread':
    case 'conversation':
      return {
        k: 'sql',
        sql: {
          sql: 'coalesce(i.thread_id, i.conversation_id) = ? COLLATE NOCASE',
          params: [node.value.trim()],
        },
      };
    case 'tag': {
      // Its own tag or its conversation's (annotations.ts).
      const tag = foldTag(node.value);
      return annotated('annotation_tags', [tag, tag]);
    }
    case 'type':
      // An attachment of that type (attachments.type, migration 0008; index attachments_type).
      // The `+`, as for annotations: beside text, FTS5 narrows first and this is probed per match.
      return {
        k: 'sql',
        sql: { sql: '+i.n IN (SELECT item FROM attachments WHERE type = ?)', params: [value] },
      };
    case 'folder':
      // A copy in a folder or label of those words (sqlite-folders.ts; the parser refuses a value
      // without words). The `+` as for `type:`.
      return {
        k: 'sql',
        sql: { sql: `+i.n IN (${FOLDER_ITEMS_SQL})`, params: [folderPattern(node.value) ?? ''] },
      };
  }
}

function flag(node: FlagNode): Part {
  switch (node.flag) {
    case 'private':
    case 'public':
      return { k: 'sql', sql: { sql: 'i.visibility = ?', params: [node.flag] } };
    case 'attachment':
      return { k: 'sql', sql: { sql: 'i.has_attachments = 1', params: [] } };
    case 'link':
      return { k: 'sql', sql: { sql: 'i.has_links = 1', params: [] } };
    case 'starred':
      return annotated('annotation_stars', []);
    case 'note':
      return annotated('annotation_notes', []);
    case 'tag':
      return annotated('annotation_tags', []);
  }
}

/**
 * Items that carry an annotation of the table (with `tag`: that tag, given twice), their own or
 * their conversation's. The `+` keeps SQLite from using the list as rowid constraints of the
 * items lookup: beside text it would probe every tagged rowid for every full-text match
 * (`tag:all meeting` on 3,000 tagged items: 640 ms to count, 13 ms with it).
 */
function annotated(table: Parameters<typeof annotatedItemsSql>[0], tag: [string, string] | []): Part {
  return { k: 'sql', sql: { sql: `+i.n IN (${annotatedItemsSql(table, tag.length > 0)})`, params: tag } };
}
