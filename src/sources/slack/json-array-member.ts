import type { UnreadableInput } from '../../model/raw-record.js';
import { errorText, unreadable } from '../containers/unreadable.js';
import type { ExportTree } from '../export/export-tree.js';
import { scanJsonArray } from './json-array-slices.js';

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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

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
  for (const part of scanJsonArray(bytes)) {
    if (part.kind === 'broken') {
      const rest = bytes.subarray(part.offset);
      yield unreadable(
        where,
        part.offset,
        rest.length,
        `${place(tree, member, null, part.at)}: ${what} is not a well-formed JSON array: ${part.problem}; ` +
          (part.index > 0 ? `its first ${part.index} elements were read, ` : '') +
          `the bytes from ${part.offset} to the end (${rest.length}) are kept here. Look at the file in a text ` +
          'editor; if it was cut off, export it again',
        rest,
      );
      return;
    }
    const slice = bytes.subarray(part.offset, part.offset + part.length);
    const flags: string[] = [];
    let json: string;
    try {
      json = utf8.decode(slice);
    } catch {
      json = utf8Lenient.decode(slice);
      flags.push('invalid-utf8');
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      yield unreadable(
        where,
        part.offset,
        part.length,
        `${place(tree, member, part.index, part.offset)}: element of ${what} is not valid JSON (${errorText(e)}); ` +
          'the other elements were read. Its bytes are kept here as found',
        slice,
      );
      continue;
    }
    yield {
      type: 'element',
      index: part.index,
      offset: part.offset,
      length: part.length,
      bytes: new Uint8Array(slice),
      value,
      flags,
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
