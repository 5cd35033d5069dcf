/**
 * The query language parser: one line, Gmail/notmuch style, to the typed AST of ast.ts.
 *
 *   wikileaks "tax returns" from:wikileaks to:djtjr date:2016-10..2016-11 -subject:re has:link
 *
 * The reporter's own marks are fields too: `tag:story`, `is:starred`, `has:note`, `has:tag` (an
 * item's own or its conversation's; store/annotations.ts).
 *
 * Grammar (precedence NOT > AND > OR; adjacent operands are ANDed):
 *
 *   query   := or
 *   or      := and ('OR' and)*
 *   and     := unary (['AND'] unary)*
 *   unary   := ('NOT' | '-') unary | primary
 *   primary := '(' or ')' | field value | word | "phrase"
 *   value   := word | "phrase" | '(' or ')'      -- in a group the field applies to every leaf
 *
 * A word is a term; `word*` is a prefix search ('*' only at the end). Words and phrases
 * with no letter or digit (a pasted "–", "&", "|") are left out, as Gmail does, because the
 * full-text index has nothing to match them against; a group or negation left empty by
 * that disappears with them.
 *
 * Recursion follows the nesting of parentheses and negations only, and is capped by
 * MAX_QUERY_DEPTH; lists (a b c …, a OR b OR …) are loops.
 */
import type { ExactNode, FlagNode, QueryNode } from './ast.js';
import { folderPattern } from '../model/folders.js';
import { parseDateRange } from './date-range.js';
import { ATTACHMENT_TYPES, FLAG_FIELDS, KINDS, isDateField, isExactField, isTextField } from './fields.js';
import type { FieldName } from './fields.js';
import { lexQuery } from './lexer.js';
import type { Token } from './lexer.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './limits.js';
import { queryError } from './query-error.js';

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Language codes people type that Item.lang spells otherwise (bokmål and nynorsk are 'no'). */
const LANG_ALIASES: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };

/**
 * Parses a query. Returns null for a blank query (or one with nothing searchable in it).
 * Throws InnsynError('bad-query') with `column` (1-based, in code points) and a message that
 * says what was expected there; never throws anything else for any string.
 */
export function parseQuery(input: string): QueryNode | null {
  if (input.length > MAX_QUERY_LENGTH) {
    throw queryError(
      `the query is ${input.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
      MAX_QUERY_LENGTH + 1,
      { key: 'too-long', length: input.length, max: MAX_QUERY_LENGTH },
    );
  }
  return new Parser(lexQuery(input)).parseQuery();
}

/** The fields a leaf inherits from an enclosing `field:( … )` group. */
interface FieldContext {
  name: FieldName;
  col: number;
}

class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): QueryNode | null {
    if (this.peek().kind === 'end') return null;
    const node = this.parseOr(null);
    const rest = this.peek();
    if (rest.kind === 'rparen') {
      throw queryError(`')' without '(' at column ${rest.col}`, rest.col, { key: 'unmatched-close' });
    }
    if (rest.kind !== 'end') {
      throw queryError(`unexpected ${describe(rest)} at column ${rest.col}`, rest.col, {
        key: 'unexpected',
        token: rest.kind,
        text: rest.kind === 'word' || rest.kind === 'phrase' ? rest.text : null,
      });
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.tokens[this.i] as Token;
    if (t.kind !== 'end') this.i += 1;
    return t;
  }

  private enter(col: number): void {
    this.depth += 1;
    if (this.depth > MAX_QUERY_DEPTH) {
      throw queryError(
        `the query nests more than ${MAX_QUERY_DEPTH} levels of parentheses and negations (at column ${col})`,
        col,
        { key: 'too-deep', max: MAX_QUERY_DEPTH },
      );
    }
  }

  private leave(): void {
    this.depth -= 1;
  }

  private parseOr(ctx: FieldContext | null): QueryNode | null {
    const first = this.peek();
    if (first.kind === 'or' || first.kind === 'and') throw needsBothSides(first);
    const children: (QueryNode | null)[] = [this.parseAnd(ctx)];
    while (this.peek().kind === 'or') {
      const op = this.next();
      if (!startsOperand(this.peek())) throw needsBothSides(op);
      children.push(this.parseAnd(ctx));
    }
    return combine('or', children);
  }

  private parseAnd(ctx: FieldContext | null): QueryNode | null {
    const children: (QueryNode | null)[] = [this.parseUnary(ctx)];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'and') {
        this.next();
        if (!startsOperand(this.peek())) throw needsBothSides(t);
        children.push(this.parseUnary(ctx));
      } else if (startsOperand(t)) {
        children.push(this.parseUnary(ctx));
      } else {
        return combine('and', children);
      }
    }
  }

  private parseUnary(ctx: FieldContext | null): QueryNode | null {
    const t = this.peek();
    if (t.kind !== 'not' && t.kind !== 'neg') return this.parsePrimary(ctx);
    this.next();
    if (!startsOperand(this.peek())) {
      const what = t.kind === 'not' ? `'NOT' at column ${t.col}` : `'-' at column ${t.col}`;
      throw queryError(`${what} needs something to exclude after it`, t.col, {
        key: 'nothing-to-exclude',
        op: t.kind === 'not' ? 'NOT' : '-',
      });
    }
    this.enter(t.col);
    const child = this.parseUnary(ctx);
    this.leave();
    return child === null ? null : { type: 'not', child, pos: t.col };
  }

  private parsePrimary(ctx: FieldContext | null): QueryNode | null {
    const t = this.next();
    switch (t.kind) {
      case 'lparen':
        return this.parseGroup(t.col, ctx);
      case 'word':
      case 'phrase':
        return ctx === null ? this.leaf(null, t, t.col) : this.leaf(ctx, t, t.col);
      case 'field': {
        if (ctx !== null) {
          throw queryError(
            `'${t.name}:' at column ${t.col} cannot be used inside '${ctx.name}:( … )' (column ${ctx.col}); ` +
              `close the group first`,
            t.col,
            { key: 'field-in-group', field: t.name, group: ctx.name },
          );
        }
        const field: FieldContext = { name: t.name, col: t.col };
        const value = this.next();
        const node =
          value.kind === 'lparen' ? this.parseGroup(value.col, field) : this.leaf(field, value, t.col);
        if (node === null) {
          throw queryError(
            `'${t.name}:' at column ${t.col} needs a value with letters or digits in it`,
            t.col,
            { key: 'needs-letters', field: t.name },
          );
        }
        return node;
      }
      case 'rparen':
        throw queryError(`')' without '(' at column ${t.col}`, t.col, { key: 'unmatched-close' });
      case 'and':
      case 'or':
        throw needsBothSides(t);
      default:
        throw queryError(`expected a search term at column ${t.col}`, t.col, { key: 'expected-term' });
    }
  }

  /** After '(' at `col`: the group's content up to its ')'. */
  private parseGroup(col: number, ctx: FieldContext | null): QueryNode | null {
    this.enter(col);
    const first = this.peek();
    if (first.kind === 'rparen') {
      throw queryError(`nothing between '(' at column ${col} and ')'`, col, { key: 'empty-group' });
    }
    if (first.kind === 'end') {
      throw queryError(`'(' at column ${col} is never closed; expected ')'`, col, { key: 'unclosed-group' });
    }
    const node = this.parseOr(ctx);
    const close = this.next();
    if (close.kind !== 'rparen') {
      throw queryError(`'(' at column ${col} is never closed; expected ')' at column ${close.col}`, col, {
        key: 'unclosed-group',
      });
    }
    this.leave();
    return node;
  }

  /** One value: `t` is a word or phrase (the lexer guarantees it after a field), `pos` the node's column. */
  private leaf(field: FieldContext | null, t: Token, pos: number): QueryNode | null {
    if (t.kind !== 'word' && t.kind !== 'phrase') {
      throw queryError(`expected a value at column ${t.col}`, t.col, { key: 'expected-value' });
    }
    this.terms += 1;
    if (this.terms > MAX_QUERY_TERMS) {
      throw queryError(`the query has more than ${MAX_QUERY_TERMS} terms (column ${t.col})`, t.col, {
        key: 'too-many-terms',
        max: MAX_QUERY_TERMS,
      });
    }
    const name = field?.name ?? null;
    if (name === null || isTextField(name)) {
      if (t.kind === 'phrase') {
        return WORD_CHAR.test(t.text) ? { type: 'phrase', field: name, value: t.text, pos } : null;
      }
      const star = t.text.indexOf('*');
      const prefix = star >= 0;
      if (prefix && (star !== t.text.length - 1 || star === 0)) {
        const col = t.col + Array.from(t.text.slice(0, star)).length;
        const why = star === 0 ? 'needs letters before it' : 'is only allowed at the end of a word';
        throw queryError(
          `'*' at column ${col} ${why} (word* finds words starting with "word"; quote text to search for a '*')`,
          col,
          { key: star === 0 ? 'star-first' : 'star-inside' },
        );
      }
      const value = prefix ? t.text.slice(0, -1) : t.text;
      return WORD_CHAR.test(value) ? { type: 'term', field: name, value, prefix, pos } : null;
    }
    const value = t.text.trim();
    const valueCol = t.kind === 'phrase' ? t.col + 1 : t.col;
    if (value === '') {
      throw queryError(`nothing after '${name}:' at column ${pos}`, pos, { key: 'empty-field', field: name });
    }
    if (isDateField(name)) return { type: 'date', ...parseDateRange(name, value, valueCol), pos };
    if (name === 'is' || name === 'has') return flagLeaf(name, value, pos, valueCol);
    if (isExactField(name)) {
      if (
        t.kind === 'word' &&
        value.includes('*') &&
        !(name === 'folder' && value.indexOf('*') === value.length - 1)
      ) {
        throw queryError(
          `'${name}:' at column ${pos} takes an exact value; '*' prefix search works only in text fields`,
          valueCol + Array.from(value).indexOf('*'),
          { key: 'exact-star', field: name },
        );
      }
      return exactLeaf(name, value.toLowerCase(), pos, valueCol);
    }
    throw queryError(`unknown field '${String(name)}:' at column ${pos}`, pos, {
      key: 'unknown-field',
      field: String(name),
    });
  }
}

function flagLeaf(name: 'is' | 'has', value: string, pos: number, valueCol: number): FlagNode {
  const allowed = FLAG_FIELDS[name];
  const flag = allowed[value.toLowerCase()];
  if (flag === undefined) {
    const list = Object.keys(allowed)
      .map((v) => `${name}:${v}`)
      .join(', ');
    throw queryError(`'${name}:${value}' at column ${pos} is not known; use one of ${list}`, valueCol, {
      key: 'unknown-value',
      field: name,
      value,
      allowed: Object.keys(allowed).map((v) => `${name}:${v}`),
    });
  }
  return { type: 'flag', flag, pos };
}

function exactLeaf(name: ExactNode['field'], value: string, pos: number, valueCol: number): ExactNode {
  if (name === 'kind' && !KINDS.includes(value)) {
    throw queryError(
      `'kind:${value}' at column ${pos} is not a kind; use one of ${KINDS.join(', ')}`,
      valueCol,
      { key: 'unknown-value', field: name, value, allowed: [...KINDS] },
    );
  }
  if (name === 'type' && !ATTACHMENT_TYPES.includes(value)) {
    throw queryError(
      `'type:${value}' at column ${pos} is not an attachment type; use one of ${ATTACHMENT_TYPES.join(', ')}`,
      valueCol,
      { key: 'unknown-value', field: name, value, allowed: [...ATTACHMENT_TYPES] },
    );
  }
  if (name === 'folder' && folderPattern(value) === null) {
    throw queryError(
      `'folder:' at column ${pos} needs a word of the folder's name, such as folder:inbox`,
      valueCol,
      { key: 'folder-needs-word' },
    );
  }
  if (name === 'lang') {
    if (!/^[a-z]{2}$/.test(value)) {
      throw queryError(
        `'lang:${value}' at column ${pos} is not a language code; use a 2-letter ISO 639-1 code such as en or no`,
        valueCol,
        { key: 'bad-lang', value },
      );
    }
    return { type: 'exact', field: name, value: LANG_ALIASES[value] ?? value, pos };
  }
  return { type: 'exact', field: name, value, pos };
}

function startsOperand(t: Token): boolean {
  return (
    t.kind === 'word' ||
    t.kind === 'phrase' ||
    t.kind === 'field' ||
    t.kind === 'lparen' ||
    t.kind === 'neg' ||
    t.kind === 'not'
  );
}

function needsBothSides(t: Token): Error {
  const op = t.kind === 'or' ? 'OR' : 'AND';
  return queryError(`'${op}' at column ${t.col} needs something on both sides`, t.col, {
    key: 'needs-both-sides',
    op,
  });
}

function describe(t: Token): string {
  return t.kind === 'word' || t.kind === 'phrase' ? `'${t.text}'` : t.kind;
}

/** Joins operands of one AND or OR: leaves out dropped ones, flattens nested same-type nodes. */
function combine(type: 'and' | 'or', parts: (QueryNode | null)[]): QueryNode | null {
  const children: QueryNode[] = [];
  for (const p of parts) {
    if (p === null) continue;
    if (p.type === type) children.push(...p.children);
    else children.push(p);
  }
  if (children.length === 0) return null;
  if (children.length === 1) return children[0] as QueryNode;
  return { type, children, pos: (children[0] as QueryNode).pos };
}
