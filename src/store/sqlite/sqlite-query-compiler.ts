import { InnsynError } from '../../model/index.js';
import type { DateNode, ExactNode, FlagNode, QueryNode } from '../../query/ast.js';
import { firstKeyAt, keyBoundBefore } from './sqlite-date-key.js';
import { textLeafExpression } from './sqlite-fts-expression.js';
import { foldTag } from '../annotations.js';
import { annotatedItemsSql } from './sqlite-annotations.js';

/**
 * Compiles the query AST to SQLite: the text leaves to one FTS5 MATCH expression where the
 * tree allows it (FTS5 has AND, OR, NOT and parentheses of its own), everything else to SQL
 * conditions on `items i`. Every value is a bound parameter; the only SQL text produced is
 * our own. Iterative (an explicit stack), so a deeply nested query cannot overflow the stack.
 */

/**
 * A query tree deeper or larger than this is refused. The query parser has stricter limits of
 * its own (query/limits.ts); these guard trees built any other way. Each level becomes one or
 * two levels of SQL parentheses (SQLite refuses more than 1,000), and a 50,000-part tree must
 * not compile to a statement that ties up the database.
 */
export const MAX_QUERY_DEPTH = 250;
export const MAX_QUERY_NODES = 5_000;

/**
 * Deepest nesting of parentheses put into one FTS5 expression. FTS5's parser has a fixed stack
 * and fails with "parser stack overflow" at about 35 levels of `a NOT (b NOT (...))` (measured
 * on SQLite 3.53); a deeper text subtree is split into separate MATCH subqueries instead.
 */
export const MAX_FTS_NESTING = 20;

/** `id:` prefixes shorter than this match too many items to mean one (git's rule of thumb). */
export const MIN_ID_PREFIX = 6;

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

export interface CompiledQuery {
  /** The FTS5 expression to MATCH (and rank by) for the whole query; null when there is none. */
  match: string | null;
  /** Conditions on `items i`, all of which must hold, with their parameters in order. */
  where: SqlFragment[];
  /** True when the query can match nothing (an empty OR): skip the database. */
  never: boolean;
  /**
   * Date keys every match lies within (sqlite-date-key.ts), from the date conditions that all
   * matches must meet: a bound the FTS5 rowid or `items.dk` can seek on. Looser than the exact
   * conditions in `where`, which still hold; null bounds are open.
   */
  keys: { from: number | null; to: number | null };
}

const OPEN_KEYS = { from: null, to: null } as const;

/** The compiled form of one subtree. */
type Part =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'fts'; expr: string; depth: number }
  | { k: 'notfts'; expr: string; depth: number }
  | { k: 'mixed'; expr: string; depth: number; sql: SqlFragment[] } // the FTS expression AND every condition
  | { k: 'sql'; sql: SqlFragment };

const TRUE: Part = { k: 'true' };
const FALSE: Part = { k: 'false' };

export function compileQuery(query: QueryNode | null): CompiledQuery {
  if (query === null) return { match: null, where: [], never: false, keys: OPEN_KEYS };
  const top = compileTree(query);
  const keys = keyBounds(query);
  switch (top.k) {
    case 'true':
      return { match: null, where: [], never: false, keys };
    case 'false':
      return { match: null, where: [], never: true, keys };
    case 'fts':
      return { match: top.expr, where: [], never: false, keys };
    case 'mixed':
      return { match: top.expr, where: top.sql, never: false, keys };
    case 'notfts':
    case 'sql':
      return { match: null, where: [toSql(top)], never: false, keys };
  }
}

/** Date-key bounds from the date conditions at the top of the query (itself, or its AND's children). */
function keyBounds(query: QueryNode): CompiledQuery['keys'] {
  const dates = query.type === 'date' ? [query] : query.type === 'and' ? query.children : [];
  let from: number | null = null;
  let to: number | null = null;
  for (const d of dates) {
    if (d.type !== 'date') continue;
    if (d.from !== null) {
      const k = firstKeyAt(instant(d.from, d.pos));
      from = from === null ? k : Math.max(from, k);
    }
    if (d.to !== null) {
      const k = keyBoundBefore(instant(d.to, d.pos));
      to = to === null ? k : Math.min(to, k);
    }
    // `date:` with neither bound means "has a date": every dated key is positive.
    if (d.from === null && d.to === null) from = Math.max(from ?? 0, 0);
  }
  return { from, to };
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
      const expr = textLeafExpression(node);
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

/** Text expressions joined by AND or OR, each in parentheses (one more level of nesting). */
function group(texts: Text[], op: 'AND' | 'OR'): Text {
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
    // FTS5's NOT is binary (`a NOT b`): the negated text joins the positive text in one MATCH.
    const p = group(pos, 'AND');
    const text = neg.length === 0 ? p : notText(p, group(neg, 'OR'));
    if (text.depth > MAX_FTS_NESTING)
      return { k: 'sql', sql: joinSql(parts.filter(notTrue).map(toSql), 'AND') };
    return sql.length === 0
      ? { k: 'fts', expr: text.expr, depth: text.depth }
      : { k: 'mixed', expr: text.expr, depth: text.depth, sql };
  }
  if (neg.length > 0) {
    const n = group(neg, 'OR');
    if (n.depth > MAX_FTS_NESTING) return { k: 'sql', sql: joinSql(parts.filter(notTrue).map(toSql), 'AND') };
    const notPart: Part = { k: 'notfts', expr: n.expr, depth: n.depth };
    if (sql.length === 0) return notPart;
    sql.push(toSql(notPart));
  }
  if (sql.length === 0) return TRUE;
  return { k: 'sql', sql: joinSql(sql, 'AND') };
}

function notText(p: Text, n: Text): Text {
  return { expr: `(${p.expr}) NOT (${n.expr})`, depth: 1 + Math.max(p.depth, n.depth) };
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
  const joined = text.length > 0 ? group(text, 'OR') : null;
  if (joined && joined.depth <= MAX_FTS_NESTING && text.length === kept.length) {
    return { k: 'fts', expr: joined.expr, depth: joined.depth };
  }
  // Mixed (or too deep): every branch becomes SQL, the pure-text branches together as one
  // MATCH subquery when that is shallow enough, else one subquery each.
  const sql: SqlFragment[] = [];
  if (joined && joined.depth <= MAX_FTS_NESTING)
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
      // ifnull: a condition on a missing value (no date, no language) is false, so its
      // negation is true: `-lang:en` includes items whose language is unknown.
      const inner = toSql(p);
      return { k: 'sql', sql: { sql: `NOT ifnull((${inner.sql}), 0)`, params: inner.params } };
    }
  }
}

function toSql(p: Part): SqlFragment {
  switch (p.k) {
    case 'true':
      return { sql: '1', params: [] };
    case 'false':
      return { sql: '0', params: [] };
    case 'fts':
      return { sql: 'i.dk IN (SELECT rowid FROM fts WHERE fts MATCH ?)', params: [p.expr] };
    case 'notfts':
      return { sql: 'i.dk NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)', params: [p.expr] };
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
      // The columns are COLLATE NOCASE: `=` compares without case and uses no index (none needed).
      return { k: 'sql', sql: { sql: `i.${node.field} = ?`, params: [value] } };
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
