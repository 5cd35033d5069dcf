import type { UnreadableInput } from '../../model/raw-record.js';
import { errorText, unreadable } from '../containers/unreadable.js';
import type { ExportTree } from '../export/export-tree.js';
import { JsonElements, parseJsonSlice } from '../export/json-elements.js';

/**
 * Deepest nesting inside one element. Real Slack messages nest about 8 levels (blocks of rich
 * text); this stops a "message" of a million '[' from costing a deep parse.
 */
export const MAX_ELEMENT_DEPTH = 256;

/** One parsed element of a JSON array file, with its exact bytes and place. */
export interface ArrayElement {
  type: 'element';
  index: number;
  /** Byte offset and length of the element in the member. */
  offset: number;
  length: number;
  bytes: Uint8Array;
  value: unknown;
  /** 'invalid-utf8' when bytes had to be replaced to decode the element. */
  flags: string[];
}

const OPEN_BRACKET = 0x5b;

/** "/x/export.zip, member general/2016-05-01.json, element 3 at byte 120". */
function place(tree: ExportTree, member: string, index: number | null, offset: number): string {
  return `${tree.path}, member ${member}${index === null ? '' : `, element ${index}`} at byte ${offset}`;
}

/**
 * Reads a member holding a JSON array and yields each element parsed (with its exact bytes), or
 * an UnreadableInput for each element that is not valid JSON and for whatever stops the scan
 * (the member cannot be read, is not an array, is cut off): the elements before and after a
 * bad one are still yielded. Elements are parsed one at a time, never the whole file at once.
 */
export async function* readJsonArrayMember(
  tree: ExportTree,
  member: string,
  what: string,
): AsyncGenerator<ArrayElement | UnreadableInput> {
  const where = { path: tree.path, member };
  let bytes: Uint8Array;
  try {
    bytes = await tree.read(member);
  } catch (e) {
    yield unreadable(
      where,
      0,
      tree.size(member) ?? 0,
      `${tree.path}, member ${member}: ${what} could not be read: ${errorText(e)}; the rest of the export was read`,
    );
    return;
  }
  const broken = (index: number, offset: number, at: number, problem: string): UnreadableInput => {
    const rest = bytes.subarray(offset);
    return unreadable(
      where,
      offset,
      rest.length,
      `${place(tree, member, null, at)}: ${what} is not a well-formed JSON array: ${problem}; ` +
        (index > 0 ? `its first ${index} elements were read, ` : '') +
        `the bytes from ${offset} to the end (${rest.length}) are kept here. Look at the file in a text ` +
        'editor; if it was cut off, export it again',
      rest,
    );
  };
  const json = new JsonElements(bytes, { maxDepth: MAX_ELEMENT_DEPTH });
  const open = json.start();
  if (bytes[open] !== OPEN_BRACKET) {
    const problem =
      open >= bytes.length
        ? 'the file is empty'
        : 'the file is not a JSON array (it does not start with "[")';
    yield broken(0, 0, open, problem);
    return;
  }
  let elements = 0;
  for (const ev of json.elements(open)) {
    if (ev.kind === 'broken') {
      yield broken(ev.index, ev.start, ev.at, ev.problem);
      return;
    }
    if (ev.kind === 'close') {
      const tail = json.skipSpace(ev.end);
      if (tail < bytes.length)
        yield broken(elements, tail, tail, 'there are bytes after the end of the array');
      return;
    }
    elements++;
    const length = ev.end - ev.start;
    const slice = bytes.subarray(ev.start, ev.end);
    const p = parseJsonSlice(bytes, ev.start, ev.end);
    if (!p.ok) {
      yield unreadable(
        where,
        ev.start,
        length,
        `${place(tree, member, ev.index, ev.start)}: element of ${what} is ${p.problem}; ` +
          'the other elements were read. Its bytes are kept here as found',
        slice,
      );
      continue;
    }
    yield {
      type: 'element',
      index: ev.index,
      offset: ev.start,
      length,
      bytes: new Uint8Array(slice),
      value: p.value,
      flags: p.utf8Repaired ? ['invalid-utf8'] : [],
    };
  }
}

/** The element's JSON object, or null when it is something else (an array, a string, null). */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Reason text for an element that parsed but is not what the file should hold. */
export function wrongElement(
  tree: ExportTree,
  member: string,
  el: ArrayElement,
  problem: string,
): UnreadableInput {
  return unreadable(
    { path: tree.path, member },
    el.offset,
    el.length,
    `${place(tree, member, el.index, el.offset)}: ${problem}; the other elements were read. Its bytes are kept here as found`,
    el.bytes,
  );
}
