/**
 * Cuts a query string into tokens. Columns are 1-based and count code points (what a person
 * sees as characters), so the caret of `formatQueryError` lands under the right one even after
 * an emoji or a letter outside the BMP.
 *
 * Rules (the user-facing grammar is in parser.ts):
 * - whitespace (and control characters) separates tokens; `(` `)` `"` always stand alone;
 * - `"…"` is a phrase; inside it `\"` is a quote and `\\` a backslash, any other `\` is kept;
 * - a `-` that starts a token and is directly followed by an operand is negation;
 * - `AND`, `OR`, `NOT` in upper case are operators; other words are terms;
 * - `name:` at the start of a word, where name is letters, is a field if it is a known field
 *   name (any case). The value must follow at once: the rest of the word (kept whole, colons
 *   and slashes included, no operators: `link:http://wlsearch.tk/`), a phrase or a `(`.
 *   `http:`, `https:`, `ftp:`, `mailto:` and any `name://` are not fields: the word is a term,
 *   so a pasted URL searches for the URL. Any other `name:` is an error naming the field.
 */
import { FIELD_ALIASES, FIELD_NAMES, NOT_FIELD_SCHEMES, isFieldName } from './fields.js';
import type { FieldName } from './fields.js';
import { queryError } from './query-error.js';

export type Token =
  /** A word: a term, or (`literal`) the value right after `field:`, never an operator. */
  | { kind: 'word'; text: string; col: number; literal: boolean }
  | { kind: 'phrase'; text: string; col: number }
  /** `name:`; the lexer guarantees the next token is its value: a word, a phrase or '('. */
  | { kind: 'field'; name: FieldName; col: number }
  | { kind: 'lparen' | 'rparen' | 'neg' | 'and' | 'or' | 'not' | 'end'; col: number };

const KEYWORDS: Readonly<Record<string, 'and' | 'or' | 'not'>> = { AND: 'and', OR: 'or', NOT: 'not' };

const SPACE = /^[\s\p{Cc}]$/u;
const FIELD_PREFIX = /^([A-Za-z]+):/;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

/** A character that ends a word. */
function endsWord(ch: string | undefined): boolean {
  return ch === undefined || ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
}

/**
 * Tokens of `input`, ending with an 'end' token. Throws InnsynError('bad-query') for an
 * unclosed quote, an unknown field or a field with nothing after it. Works in one pass over
 * the code points with no backtracking, so its time is linear in the input length.
 */
export function lexQuery(input: string): Token[] {
  const chars = Array.from(input);
  const tokens: Token[] = [];
  let i = 0;

  /** Reads a phrase whose opening quote is at chars[i]; returns the index after the closing quote. */
  const readPhrase = (start: number): number => {
    let text = '';
    let j = start + 1;
    for (;;) {
      const ch = chars[j];
      if (ch === undefined)
        throw queryError(`unclosed quote starting at column ${start + 1}`, start + 1, {
          key: 'unclosed-quote',
        });
      if (ch === '"') break;
      const next = chars[j + 1];
      if (ch === '\\' && (next === '"' || next === '\\')) {
        text += next;
        j += 2;
      } else {
        text += ch;
        j += 1;
      }
    }
    tokens.push({ kind: 'phrase', text, col: start + 1 });
    return j + 1;
  };

  while (i < chars.length) {
    const ch = chars[i] as string;
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(') {
      tokens.push({ kind: 'lparen', col: i + 1 });
      i += 1;
    } else if (ch === ')') {
      tokens.push({ kind: 'rparen', col: i + 1 });
      i += 1;
    } else if (ch === '"') {
      i = readPhrase(i);
    } else if (ch === '-' && !isSpace(chars[i + 1]) && chars[i + 1] !== ')' && chars[i + 1] !== undefined) {
      tokens.push({ kind: 'neg', col: i + 1 });
      i += 1;
    } else {
      let j = i;
      while (!endsWord(chars[j])) j += 1;
      const word = chars.slice(i, j).join('');
      const keyword = KEYWORDS[word];
      const field = FIELD_PREFIX.exec(word);
      if (keyword !== undefined) {
        tokens.push({ kind: keyword, col: i + 1 });
      } else if (field !== null && !isUrlScheme(field[1] as string, word)) {
        const raw = field[1] as string;
        const name = FIELD_ALIASES[raw.toLowerCase()] ?? raw.toLowerCase();
        if (!isFieldName(name)) {
          throw queryError(
            `unknown field '${raw}:' at column ${i + 1}; known fields: ${FIELD_NAMES.map((f) => `${f}:`).join(' ')}` +
              ` (to search for text with a colon, put it in quotes: "${word}")`,
            i + 1,
            { key: 'unknown-field', field: raw },
          );
        }
        tokens.push({ kind: 'field', name, col: i + 1 });
        const valueStart = i + raw.length + 1;
        if (valueStart < j) {
          tokens.push({
            kind: 'word',
            text: chars.slice(valueStart, j).join(''),
            col: valueStart + 1,
            literal: true,
          });
        } else if (chars[j] === '"') {
          j = readPhrase(j);
        } else if (chars[j] === '(') {
          tokens.push({ kind: 'lparen', col: j + 1 });
          j += 1;
        } else {
          throw queryError(
            `nothing after '${raw}:' at column ${i + 1}; expected a value such as ${name}:word`,
            i + 1,
            { key: 'empty-field', field: raw },
          );
        }
      } else {
        tokens.push({ kind: 'word', text: word, col: i + 1, literal: false });
      }
      i = j;
    }
  }
  tokens.push({ kind: 'end', col: chars.length + 1 });
  return tokens;
}

/** `http:…`, `mailto:…`, `anything://…`: a URL, not a field. */
function isUrlScheme(name: string, word: string): boolean {
  return NOT_FIELD_SCHEMES.has(name.toLowerCase()) || word.startsWith('//', name.length + 1);
}
