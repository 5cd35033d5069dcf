/**
 * The canonical printed form of a query AST: for every tree `parseQuery` returns,
 * `parseQuery(queryToString(x))` equals `x` apart from `pos`. Field groups are printed per
 * leaf (`from:(a OR b)` → `from:a OR from:b`), negation as `-`, dates as the shortest
 * `date:` form that gives the same interval (after:/before: become open ranges).
 */
import type { DateNode, QueryNode } from './ast.js';
import { MAX_QUERY_DEPTH } from './limits.js';
import { InnsynError } from '../model/errors.js';

/**
 * Deepest tree printed. A parsed tree is at most about three levels per parenthesis or
 * negation (not → or → and), so this never trips for parser output; it stops a hand-built
 * or corrupted tree from exhausting the stack.
 */
const MAX_PRINT_DEPTH = MAX_QUERY_DEPTH * 4;

export function queryToString(node: QueryNode): string {
  return print(node, 0);
}

function print(node: QueryNode, depth: number): string {
  if (depth > MAX_PRINT_DEPTH) {
    throw new InnsynError('limit-exceeded', `query tree deeper than ${MAX_PRINT_DEPTH} levels`);
  }
  const sub = (child: QueryNode): string =>
    child.type === 'and' || child.type === 'or' ? `(${print(child, depth + 1)})` : print(child, depth + 1);
  switch (node.type) {
    case 'and':
      return node.children.map(sub).join(' ');
    case 'or':
      return node.children.map(sub).join(' OR ');
    case 'not':
      return `-${sub(node.child)}`;
    case 'term':
      return `${node.field === null ? '' : `${node.field}:`}${node.value}${node.prefix ? '*' : ''}`;
    case 'phrase':
      return `${node.field === null ? '' : `${node.field}:`}${quote(node.value)}`;
    case 'exact':
      return `${node.field}:${NEEDS_QUOTES.test(node.value) ? quote(node.value) : node.value}`;
    case 'flag':
      return node.flag === 'private' || node.flag === 'public' || node.flag === 'starred'
        ? `is:${node.flag}`
        : `has:${node.flag}`;
    case 'date':
      return printDate(node);
  }
}

/** A value that would not read back as one word after `field:`. */
const NEEDS_QUOTES = /^$|[\s\p{Cc}()"*]/u;

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

const DAY_MS = 86_400_000;

/** The coarsest `YYYY[-MM[-DD]]` whose period starts at `iso`. */
function startForm(iso: string): string {
  const d = iso.slice(0, 10);
  if (d.endsWith('-01-01')) return d.slice(0, 4);
  if (d.endsWith('-01')) return d.slice(0, 7);
  return d;
}

/** The coarsest `YYYY[-MM[-DD]]` whose period ends (exclusive) at `iso`. */
function endForm(iso: string): string {
  const end = new Date(iso);
  const last = new Date(end.getTime() - DAY_MS).toISOString().slice(0, 10);
  const d = iso.slice(0, 10);
  if (d.endsWith('-01-01')) return last.slice(0, 4);
  if (d.endsWith('-01')) return last.slice(0, 7);
  return last;
}

/** The end (exclusive) of the period a `YYYY[-MM[-DD]]` form names, as an ISO instant. */
function endOf(form: string): string {
  const [y = 0, m, d] = form.split('-').map(Number);
  const ms =
    m === undefined ? Date.UTC(y + 1, 0, 1) : d === undefined ? Date.UTC(y, m, 1) : Date.UTC(y, m - 1, d + 1);
  return new Date(ms).toISOString();
}

function printDate(node: DateNode): string {
  const a = node.from === null ? '' : startForm(node.from);
  if (a !== '' && node.to !== null && endOf(a) === node.to) return `date:${a}`;
  const b = node.to === null ? '' : endForm(node.to);
  return `date:${a}..${b}`;
}
