/**
 * Renders a query error for a terminal: the message, the query and a caret under the column.
 * Long queries are shown as a window around the column so the caret stays on screen.
 */
import type { InnsynError } from '../model/errors.js';

/** Characters of the query shown on each side of the column. */
const WINDOW = 36;

export function formatQueryError(input: string, err: InnsynError): string {
  const column = err.column;
  if (column === undefined) return err.message;
  // Control characters and tabs would move the caret or the cursor: show them as spaces.
  const chars = Array.from(input, (c) => (/[\s\p{Cc}]/u.test(c) ? ' ' : c));
  const at = Math.min(Math.max(column - 1, 0), chars.length);
  const from = Math.max(0, at - WINDOW);
  const to = Math.min(chars.length, at + WINDOW);
  const head = from > 0 ? '…' : '';
  const tail = to < chars.length ? '…' : '';
  const line = head + chars.slice(from, to).join('') + tail;
  const caret = ' '.repeat(head.length + at - from) + '^';
  return `${err.message}\n  ${line}\n  ${caret}`;
}
