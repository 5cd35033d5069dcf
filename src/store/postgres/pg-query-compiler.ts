import { InnsynError } from '../../model/index.js';
import type { DateNode, ExactNode, FlagNode, QueryNode } from '../../query/ast.js';
import { foldTag } from '../annotations.js';
import { annotatedItemsSql } from './pg-annotations.js';
import { textLeafQuery } from './pg-fts-expression.js';
import { asciiLower, pgText } from './pg-item-codec.js';

/**
 * Compiles the query AST to PostgreSQL, mirroring sqlite-query-compiler.ts field by field: the
 * text leaves to one tsquery where the tree allows it (tsquery has `&`, `|`, `!` and
 * parentheses), matched against the item's tsvector (`fts f`) and ranked by it; everything else
 * to SQL conditions on `items i`. Every value is a bound parameter (`?` here, numbered `$n` by
 * `numbered`); the only SQL text produced is our own. Iterative (an explicit stack), so a
 * deeply nested query cannot overflow the stack.
 */

/** A query tree deeper or larger than this is refused (as in SQLite: the parser's limits are stricter). */
export const MAX_QUERY_DEPTH = 250;
export const MAX_QUERY_NODES = 5_000;

/**
 * Deepest nesting of parentheses put into one tsquery. PostgreSQL parses and evaluates tsquery
 * recursively (guarded by max_stack_depth); deeper text subtrees become several `@@` conditions
 * joined in SQL instead, which the planner combines just as well.
 */
export const MAX_TSQUERY_NESTING = 100;

/** `id:` prefixes shorter than this match too many items to mean one (git's rule of thumb). */
export const MIN_ID_PREFIX = 6;

export interface SqlFragment {
  /** SQL with `?` for each parameter, in order. */
  sql: string;
  params: unknown[];
}

export interface CompiledQuery {
  /** The tsquery every match satisfies (and that ranks them); null when there is none. */
  match: string | null;
  /** Conditions on `items i`, all of which must hold, with their parameters in order. */
  where: SqlFragment[];
  /** True when the query can match nothing (an empty OR): skip the database. */
  never: boolean;
}

/** The compiled form of one subtree. */
type Part =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'fts'; expr: string; depth: number }
  | { k: 'notfts'; expr: string; depth: number }
  | { k: 'mixed'; expr: string; depth: number; sql: SqlFragment[] } // the tsquery AND every condition
  | { k: 'sql'; sql: SqlFragment };

const TRUE: Part = { k: 'true' };
const FALSE: Part = { k: 'false' };

export function compileQuery(query: QueryNode | null): CompiledQuery {
  if (query === null) return { match: null, where: [], never: false };
  const top = compileTree(query);
  switch (top.k) {
    case 'true':
      return { match: null, where: [], never: false };
    case 'false':
      return { match: null, where: [], never: true };
    case 'fts':
      return { match: top.expr, where: [], never: false };
    case 'mixed':
      return { match: top.expr, where: top.sql, never: false };
    case 'notfts':
    case 'sql':
      return { match: null, where: [toSql(top)], never: false };
  }
}

/** `sql` with its `?` placeholders numbered `$start`, `$start+1`, ... (our SQL has no other `?`). */
export function numbered(sql: string, start: number): string {
  let n = start;
  return sql.replace(/\?/g, () => `$${n++}`);
}

function compileTree(root: QueryNode): Part {
  const done = new Map<QueryNode, Part>();
  const stack: Array<{ node: QueryNode; depth: number; expanded: boolean }> = [
    { node: root, depth: 1, expanded: false },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const { node } = top;
    if (!top.expanded) {
      top.expanded = true;
      nodes++;
      if (top.depth > MAX_QUERY_DEPTH || nodes > MAX_QUERY_NODES) {
        throw new InnsynError(
          'bad-query',
          `the query is too complex (more than ${MAX_QUERY_DEPTH} levels of nesting or ${MAX_QUERY_NODES} parts): simplify it`,
          { column: node.pos },
        );
      }
      const children =
        node.type === 'and' || node.type === 'or' ? node.children : node.type === 'not' ? [node.child] : [];
      for (const child of children) stack.push({ node: child, depth: top.depth + 1, expanded: false });
      continue;
    }
    stack.pop();
    done.set(node, compileNode(node, done));
  }
  return done.get(root) as Part;
}

function compileNode(node: QueryNode, done: Map<QueryNode, Part>): Part {
  const part = (n: QueryNode): Part => done.get(n) as Part;
  switch (node.type) {
    case 'and':
      return and(node.children.map(part));
    case 'or':
      return or(node.children.map(part));
    case 'not':
      return not(part(node.child));
    case 'term':
    case 'phrase': {
      const expr = textLeafQuery(node);
      return expr === null ? TRUE : { k: 'fts', expr, depth: 1 };
    }
    case 'exact':
      return exact(node);
    case 'flag':
      return flag(node);
    case 'date':
      return date(node);
  }
}

interface Text {
  expr: string;
  depth: number;
}

/** tsquery expressions joined by `&` or `|`, each in parentheses (one more level of nesting). */
function group(texts: Text[], op: '&' | '|'): Text {
  if (texts.length === 1) return texts[0] as Text;
  return {
    expr: texts.map((t) => `(${t.expr})`).join(` ${op} `),
    depth: 1 + Math.max(...texts.map((t) => t.depth)),
  };
}

function and(parts: Part[]): Part {
  if (parts.some((p) => p.k === 'false')) return FALSE;
  const pos: Text[] = [];
  const neg: Text[] = [];
  const sql: SqlFragment[] = [];
  for (const p of parts) {
    if (p.k === 'fts') pos.push(p);
    else if (p.k === 'notfts') neg.push(p);
    else if (p.k === 'mixed') {
      pos.push(p);
      sql.push(...p.sql);
    } else if (p.k === 'sql') sql.push(p.sql);
  }
  if (pos.length > 0) {
    // Negated text joins the positive text in one tsquery: `(a) & !(b | c)`.
    const p = group(pos, '&');
    const text = neg.length === 0 ? p : notText(p, group(neg, '|'));
    if (text.depth > MAX_TSQUERY_NESTING)
      return { k: 'sql', sql: joinSql(parts.filter(notTrue).map(toSql), 'AND') };
    return sql.length === 0
      ? { k: 'fts', expr: text.expr, depth: text.depth }
      : { k: 'mixed', expr: text.expr, depth: text.depth, sql };
  }
  if (neg.length > 0) {
    const n = group(neg, '|');
    if (n.depth > MAX_TSQUERY_NESTING)
      return { k: 'sql', sql: joinSql(parts.filter(notTrue).map(toSql), 'AND') };
    const notPart: Part = { k: 'notfts', expr: n.expr, depth: n.depth };
    if (sql.length === 0) return notPart;
    sql.push(toSql(notPart));
  }
  if (sql.length === 0) return TRUE;
  return { k: 'sql', sql: joinSql(sql, 'AND') };
}

function notText(p: Text, n: Text): Text {
  return { expr: `(${p.expr}) & !(${n.expr})`, depth: 1 + Math.max(p.depth, n.depth) };
}

function notTrue(p: Part): boolean {
  return p.k !== 'true';
}

function or(parts: Part[]): Part {
  const kept = parts.filter((p) => p.k !== 'false');
  if (kept.some((p) => p.k === 'true')) return TRUE;
  if (kept.length === 0) return FALSE;
  if (kept.length === 1) return kept[0] as Part;
  const text = kept.filter((p): p is Extract<Part, { k: 'fts' }> => p.k === 'fts');
  const joined = text.length > 0 ? group(text, '|') : null;
  if (joined && joined.depth <= MAX_TSQUERY_NESTING && text.length === kept.length) {
    return { k: 'fts', expr: joined.expr, depth: joined.depth };
  }
  // Mixed (or too deep): every branch becomes SQL, the pure-text branches together as one
  // `@@` when that is shallow enough, else one each.
  const sql: SqlFragment[] = [];
  if (joined && joined.depth <= MAX_TSQUERY_NESTING)
    sql.push(toSql({ k: 'fts', expr: joined.expr, depth: joined.depth }));
  else for (const t of text) sql.push(toSql(t));
  for (const p of kept) if (p.k !== 'fts') sql.push(toSql(p));
  return { k: 'sql', sql: joinSql(sql, 'OR') };
}

function not(p: Part): Part {
  switch (p.k) {
    case 'true':
      return FALSE;
    case 'false':
      return TRUE;
    case 'fts':
      return { k: 'notfts', expr: p.expr, depth: p.depth };
    case 'notfts':
      return { k: 'fts', expr: p.expr, depth: p.depth };
    default: {
      // coalesce: a condition on a missing value (no date, no language) is false, so its
      // negation is true: `-lang:en` includes items whose language is unknown (as in SQLite).
      const inner = toSql(p);
      return { k: 'sql', sql: { sql: `NOT coalesce((${inner.sql}), false)`, params: inner.params } };
    }
  }
}

function toSql(p: Part): SqlFragment {
  switch (p.k) {
    case 'true':
      return { sql: 'true', params: [] };
    case 'false':
      return { sql: 'false', params: [] };
    case 'fts':
      return { sql: 'i.n IN (SELECT n FROM fts WHERE doc @@ ?::tsquery)', params: [p.expr] };
    case 'notfts':
      return { sql: 'i.n NOT IN (SELECT n FROM fts WHERE doc @@ ?::tsquery)', params: [p.expr] };
    case 'mixed':
      return joinSql([toSql({ k: 'fts', expr: p.expr, depth: p.depth }), ...p.sql], 'AND');
    case 'sql':
      return p.sql;
  }
}

function joinSql(parts: SqlFragment[], op: 'AND' | 'OR'): SqlFragment {
  if (parts.length === 1) return parts[0] as SqlFragment;
  return { sql: parts.map((p) => `(${p.sql})`).join(` ${op} `), params: parts.flatMap((p) => p.params) };
}

function exact(node: ExactNode): Part {
  const value = node.value.trim().toLowerCase();
  switch (node.field) {
    case 'kind':
    case 'platform':
    case 'lang':
      // lower() of a COLLATE "C" column folds ASCII only, as SQLite's NOCASE does.
      return { k: 'sql', sql: { sql: `lower(i.${node.field}) = ?`, params: [pgText(value)] } };
    case 'id': {
      if (!/^[0-9a-f]+$/.test(value) || value.length < MIN_ID_PREFIX || value.length > 32) {
        throw new InnsynError(
          'bad-query',
          `id: takes an item id: 32 hex characters, or the first ${MIN_ID_PREFIX} or more of them`,
          { column: node.pos },
        );
      }
      if (value.length === 32) return { k: 'sql', sql: { sql: 'i.id = ?', params: [value] } };
      // Every id with this prefix sorts in [prefix, prefix + 'g'): 'g' follows every hex digit.
      return { k: 'sql', sql: { sql: 'i.id >= ? AND i.id < ?', params: [value, `${value}g`] } };
    }
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

function date(node: DateNode): Part {
  const conditions: SqlFragment[] = [];
  if (node.from !== null) conditions.push({ sql: 'i.sent_at >= ?', params: [instant(node.from, node.pos)] });
  if (node.to !== null) conditions.push({ sql: 'i.sent_at < ?', params: [instant(node.to, node.pos)] });
  if (conditions.length === 0) return { k: 'sql', sql: { sql: 'i.sent_at IS NOT NULL', params: [] } };
  return { k: 'sql', sql: joinSql(conditions, 'AND') };
}

function instant(iso: string, pos: number): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new InnsynError('bad-query', `'${iso}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`, {
      column: pos,
    });
  }
  return ms;
}
