import type { ExactNode, FlagNode, QueryNode } from '../../query/ast.js';
import { folderPattern } from '../../model/folders.js';
import { foldTag } from '../annotations.js';
import {
  compileParts,
  idCondition,
  type CompiledParts,
  type Part,
  type QueryDialect,
} from '../query-parts.js';
import { annotatedItemsSql } from './pg-annotations.js';
import { FOLDER_ITEMS_SQL } from '../folder-rows.js';
import { textLeafQuery } from './pg-fts-expression.js';
import { asciiLower, pgText } from './pg-item-codec.js';

export { MAX_QUERY_DEPTH, MAX_QUERY_NODES, MIN_ID_PREFIX, type SqlFragment } from '../query-parts.js';

/**
 * Compiles the query AST to PostgreSQL, mirroring sqlite-query-compiler.ts field by field (the
 * walk and the algebra: ../query-parts.ts): the text leaves to one tsquery where the tree allows
 * it (tsquery has `&`, `|`, `!` and parentheses), matched against the item's tsvector (`fts f`)
 * and ranked by it; everything else to SQL conditions on `items i`. Parameters are `?` here,
 * numbered `$n` by `numbered`.
 */

/**
 * Deepest nesting of parentheses put into one tsquery. PostgreSQL parses and evaluates tsquery
 * recursively (guarded by max_stack_depth); deeper text subtrees become several `@@` conditions
 * joined in SQL instead, which the planner combines just as well.
 */
export const MAX_TSQUERY_NESTING = 100;

/** `match`: the tsquery every match satisfies (and that ranks them). */
export type CompiledQuery = CompiledParts;

const POSTGRES: QueryDialect = {
  textLeaf: textLeafQuery,
  textAnd: '&',
  textOr: '|',
  textNot: (p, n) => `(${p}) & !(${n})`,
  maxTextNesting: MAX_TSQUERY_NESTING,
  sqlTrue: 'true',
  sqlFalse: 'false',
  matchSql: (negated) => `i.n ${negated ? 'NOT IN' : 'IN'} (SELECT n FROM fts WHERE doc @@ ?::tsquery)`,
  notSql: (inner) => `NOT coalesce((${inner}), false)`,
  exact,
  flag,
};

export function compileQuery(query: QueryNode | null): CompiledQuery {
  return compileParts(query, POSTGRES);
}

/** `sql` with its `?` placeholders numbered `$start`, `$start+1`, ... (our SQL has no other `?`). */
export function numbered(sql: string, start: number): string {
  let n = start;
  return sql.replace(/\?/g, () => `$${n++}`);
}

function exact(node: ExactNode): Part {
  const value = node.value.trim().toLowerCase();
  switch (node.field) {
    case 'kind':
    case 'platform':
    case 'lang':
      // lower() of a COLLATE "C" column folds ASCII only, as SQLite's NOCASE does.
      return { k: 'sql', sql: { sql: `lower(i.${node.field}) = ?`, params: [pgText(value)] } };
    case 'id':
      return idCondition(node);
    case 'thread':
    case 'conversation':
      return {
        k: 'sql',
        sql: {
          sql: 'lower(coalesce(i.thread_id, i.conversation_id)) = ?',
          params: [asciiLower(pgText(node.value.trim()))],
        },
      };
    case 'tag': {
      // Its own tag or its conversation's (annotations.ts).
      const tag = pgText(foldTag(node.value));
      return {
        k: 'sql',
        sql: { sql: `i.n IN (${annotatedItemsSql('annotation_tags', true)})`, params: [tag, tag] },
      };
    }
    case 'type':
      // An attachment of that type (attachments.type, migration 0002; index attachments_type).
      return {
        k: 'sql',
        sql: { sql: 'i.n IN (SELECT item FROM attachments WHERE type = ?)', params: [value] },
      };
    case 'folder':
      // A copy in a folder or label of those words (migration 0003; the parser refuses a value without words).
      return {
        k: 'sql',
        sql: {
          sql: `i.n IN (${FOLDER_ITEMS_SQL})`,
          params: [folderPattern(node.value) ?? ''],
        },
      };
  }
}

function flag(node: FlagNode): Part {
  switch (node.flag) {
    case 'private':
    case 'public':
      return { k: 'sql', sql: { sql: 'i.visibility = ?', params: [node.flag] } };
    case 'attachment':
      return { k: 'sql', sql: { sql: 'i.has_attachments', params: [] } };
    case 'link':
      return { k: 'sql', sql: { sql: 'i.has_links', params: [] } };
    case 'starred':
      return {
        k: 'sql',
        sql: { sql: `i.n IN (${annotatedItemsSql('annotation_stars', false)})`, params: [] },
      };
    case 'note':
      return {
        k: 'sql',
        sql: { sql: `i.n IN (${annotatedItemsSql('annotation_notes', false)})`, params: [] },
      };
    case 'tag':
      return {
        k: 'sql',
        sql: { sql: `i.n IN (${annotatedItemsSql('annotation_tags', false)})`, params: [] },
      };
  }
}
