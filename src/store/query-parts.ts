import { InnsynError } from '../model/index.js';
import type { DateNode, ExactNode, FlagNode, PhraseNode, QueryNode, TermNode } from '../query/ast.js';

/**
 * The dialect-free half of compiling a query AST (sqlite/sqlite-query-compiler.ts,
 * postgres/pg-query-compiler.ts): the walk of the tree and the algebra of its compiled parts.
 * The text leaves of a subtree join into one full-text expression (FTS5 MATCH, tsquery) while
 * the tree allows it; everything else becomes SQL conditions on `items i`. A dialect gives the
 * text syntax, the SQL of a text match, and the conditions of the other leaves. Every value is
 * a bound parameter (`?`); the only SQL text produced is our own. Iterative (an explicit
 * stack), so a deeply nested query cannot overflow the stack.
 */

/**
 * A query tree deeper or larger than this is refused. The query parser has stricter limits of
 * its own (query/limits.ts); these guard trees built any other way. Each level becomes one or
 * two levels of SQL parentheses (SQLite refuses more than 1,000), and a 50,000-part tree must
 * not compile to a statement that ties up the database.
 */
export const MAX_QUERY_DEPTH = 250;
export const MAX_QUERY_NODES = 5_000;

/** `id:` prefixes shorter than this match too many items to mean one (git's rule of thumb). */
export const MIN_ID_PREFIX = 6;

export interface SqlFragment {
  /** SQL with `?` for each parameter, in order. */
  sql: string;
  params: unknown[];
}

/** The compiled form of one subtree. */
export type Part =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'fts'; expr: string; depth: number }
  | { k: 'notfts'; expr: string; depth: number }
  | { k: 'mixed'; expr: string; depth: number; sql: SqlFragment[] } // the text expression AND every condition
  | { k: 'sql'; sql: SqlFragment };

export const TRUE: Part = { k: 'true' };
export const FALSE: Part = { k: 'false' };

/** What a database's query language adds to the walk. */
export interface QueryDialect {
  /** The full-text expression of a term or phrase; null when it has no words (matches all). */
  textLeaf(node: TermNode | PhraseNode): string | null;
  /** The text operators, and `p` without what `n` matches. */
  textAnd: string;
  textOr: string;
  textNot(p: string, n: string): string;
  /** Deepest nesting of parentheses put into one text expression; deeper becomes several matches. */
  maxTextNesting: number;
  /** SQL literals for true and false. */
  sqlTrue: string;
  sqlFalse: string;
  /** The condition that an item matches (or with `negated`, does not match) the text expression `?`. */
  matchSql(negated: boolean): string;
  /** The negation of a condition, true where the condition is null (a missing date or language). */
  notSql(inner: string): string;
  exact(node: ExactNode): Part;
  flag(node: FlagNode): Part;
}

/** The compiled top of a query: the text expression every match satisfies, and the conditions. */
export interface CompiledParts {
  /** The text expression to match (and rank by) for the whole query; null when there is none. */
  match: string | null;
  /** Conditions on `items i`, all of which must hold, with their parameters in order. */
  where: SqlFragment[];
  /** True when the query can match nothing (an empty OR): skip the database. */
  never: boolean;
  /**
   * When the query is nothing but dates (`date:2022-03`, `before:2020`, an AND of such): the
   * matches are the dated items sent in [from, to), ms since 1970, null bounds open, which a
   * store's facet index (facet-index.ts `sentAt`) finds without the database. Null for any
   * other query.
   */
  dates: { from: number | null; to: number | null } | null;
}

/**
 * What identifies a compiled query's set of matches (its text expression, its conditions with
 * their parameters, and whatever else the dialect compiled into it): a cache key.
 */
export function matchesKey(c: CompiledParts): string {
  return JSON.stringify(c);
}

export function compileParts(query: QueryNode | null, d: QueryDialect): CompiledParts {
  if (query === null) return { match: null, where: [], never: false, dates: null };
  const top = new Compiler(d).tree(query);
  switch (top.k) {
    case 'true':
      return { match: null, where: [], never: false, dates: null };
    case 'false':
      return { match: null, where: [], never: true, dates: null };
    case 'fts':
      return { match: top.expr, where: [], never: false, dates: null };
    case 'mixed':
      return { match: top.expr, where: top.sql, never: false, dates: null };
    case 'notfts':
    case 'sql':
      return { match: null, where: [partSql(top, d)], never: false, dates: datesAlone(query) };
  }
}

/** CompiledParts.dates: the bounds of a query of dates alone; else null. */
function datesAlone(query: QueryNode): CompiledParts['dates'] {
  const dates = query.type === 'date' ? [query] : query.type === 'and' ? query.children : [];
  if (dates.length === 0) return null;
  let from: number | null = null;
  let to: number | null = null;
  for (const node of dates) {
    if (node.type !== 'date') return null;
    if (node.from !== null) from = Math.max(from ?? -Infinity, queryInstant(node.from, node.pos));
    if (node.to !== null) to = Math.min(to ?? Infinity, queryInstant(node.to, node.pos));
  }
  return { from, to };
}

interface Text {
  expr: string;
  depth: number;
}

class Compiler {
  constructor(private readonly d: QueryDialect) {}

  tree(root: QueryNode): Part {
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
      done.set(node, this.node(node, done));
    }
    return done.get(root) as Part;
  }

  private node(node: QueryNode, done: Map<QueryNode, Part>): Part {
    const part = (n: QueryNode): Part => done.get(n) as Part;
    switch (node.type) {
      case 'and':
        return this.and(node.children.map(part));
      case 'or':
        return this.or(node.children.map(part));
      case 'not':
        return this.not(part(node.child));
      case 'term':
      case 'phrase': {
        const expr = this.d.textLeaf(node);
        return expr === null ? TRUE : { k: 'fts', expr, depth: 1 };
      }
      case 'exact':
        return this.d.exact(node);
      case 'flag':
        return this.d.flag(node);
      case 'date':
        return dateCondition(node);
    }
  }

  /** Text expressions joined by AND or OR, each in parentheses (one more level of nesting). */
  private group(texts: Text[], op: string): Text {
    if (texts.length === 1) return texts[0] as Text;
    return {
      expr: texts.map((t) => `(${t.expr})`).join(` ${op} `),
      depth: 1 + Math.max(...texts.map((t) => t.depth)),
    };
  }

  private and(parts: Part[]): Part {
    if (parts.some((p) => p.k === 'false')) return FALSE;
    const { d } = this;
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
    const asSql = (): Part => ({
      k: 'sql',
      sql: joinSql(
        parts.filter(notTrue).map((p) => partSql(p, d)),
        'AND',
      ),
    });
    if (pos.length > 0) {
      // The negated text joins the positive text in one expression (FTS5's NOT is binary: `a NOT b`).
      const p = this.group(pos, d.textAnd);
      const n = neg.length === 0 ? null : this.group(neg, d.textOr);
      const text =
        n === null ? p : { expr: d.textNot(p.expr, n.expr), depth: 1 + Math.max(p.depth, n.depth) };
      if (text.depth > d.maxTextNesting) return asSql();
      return sql.length === 0
        ? { k: 'fts', expr: text.expr, depth: text.depth }
        : { k: 'mixed', expr: text.expr, depth: text.depth, sql };
    }
    if (neg.length > 0) {
      const n = this.group(neg, d.textOr);
      if (n.depth > d.maxTextNesting) return asSql();
      const notPart: Part = { k: 'notfts', expr: n.expr, depth: n.depth };
      if (sql.length === 0) return notPart;
      sql.push(partSql(notPart, d));
    }
    if (sql.length === 0) return TRUE;
    return { k: 'sql', sql: joinSql(sql, 'AND') };
  }

  private or(parts: Part[]): Part {
    const { d } = this;
    const kept = parts.filter((p) => p.k !== 'false');
    if (kept.some((p) => p.k === 'true')) return TRUE;
    if (kept.length === 0) return FALSE;
    if (kept.length === 1) return kept[0] as Part;
    const text = kept.filter((p): p is Extract<Part, { k: 'fts' }> => p.k === 'fts');
    const joined = text.length > 0 ? this.group(text, d.textOr) : null;
    if (joined && joined.depth <= d.maxTextNesting && text.length === kept.length) {
      return { k: 'fts', expr: joined.expr, depth: joined.depth };
    }
    // Mixed (or too deep): every branch becomes SQL, the pure-text branches together as one
    // match when that is shallow enough, else one match each.
    const sql: SqlFragment[] = [];
    if (joined && joined.depth <= d.maxTextNesting)
      sql.push(partSql({ k: 'fts', expr: joined.expr, depth: joined.depth }, d));
    else for (const t of text) sql.push(partSql(t, d));
    for (const p of kept) if (p.k !== 'fts') sql.push(partSql(p, d));
    return { k: 'sql', sql: joinSql(sql, 'OR') };
  }

  private not(p: Part): Part {
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
        // A condition on a missing value (no date, no language) is null, so its negation is
        // true: `-lang:en` includes items whose language is unknown.
        const inner = partSql(p, this.d);
        return { k: 'sql', sql: { sql: this.d.notSql(inner.sql), params: inner.params } };
      }
    }
  }
}

function notTrue(p: Part): boolean {
  return p.k !== 'true';
}

/** A part as one SQL condition on `items i`. */
export function partSql(p: Part, d: QueryDialect): SqlFragment {
  switch (p.k) {
    case 'true':
      return { sql: d.sqlTrue, params: [] };
    case 'false':
      return { sql: d.sqlFalse, params: [] };
    case 'fts':
      return { sql: d.matchSql(false), params: [p.expr] };
    case 'notfts':
      return { sql: d.matchSql(true), params: [p.expr] };
    case 'mixed':
      return joinSql([partSql({ k: 'fts', expr: p.expr, depth: p.depth }, d), ...p.sql], 'AND');
    case 'sql':
      return p.sql;
  }
}

export function joinSql(parts: SqlFragment[], op: 'AND' | 'OR'): SqlFragment {
  if (parts.length === 1) return parts[0] as SqlFragment;
  return { sql: parts.map((p) => `(${p.sql})`).join(` ${op} `), params: parts.flatMap((p) => p.params) };
}

/** `id:` as a condition on `i.id`: the whole id, or every id starting with the prefix given. */
export function idCondition(node: ExactNode): Part {
  const value = node.value.trim().toLowerCase();
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

/** `date:` as conditions on `i.sent_at` (integer milliseconds in both dialects). */
export function dateCondition(node: DateNode): Part {
  const conditions: SqlFragment[] = [];
  if (node.from !== null)
    conditions.push({ sql: 'i.sent_at >= ?', params: [queryInstant(node.from, node.pos)] });
  if (node.to !== null) conditions.push({ sql: 'i.sent_at < ?', params: [queryInstant(node.to, node.pos)] });
  if (conditions.length === 0) return { k: 'sql', sql: { sql: 'i.sent_at IS NOT NULL', params: [] } };
  return { k: 'sql', sql: joinSql(conditions, 'AND') };
}

/** A date bound of the query in milliseconds; an error pointing at it when it is not a date. */
export function queryInstant(iso: string, pos: number): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new InnsynError('bad-query', `'${iso}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`, {
      column: pos,
    });
  }
  return ms;
}
