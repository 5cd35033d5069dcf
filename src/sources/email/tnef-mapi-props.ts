import { decodeCodePage } from './windows-code-pages.js';

/**
 * MAPI property lists as TNEF encodes them (attMAPIProps, attAttachment, the rows of
 * attRecipTable): [MS-OXTNEF] 2.1.3.4. Every read is checked against the end of the data; a
 * list that runs past it, or holds a type whose size we cannot know, ends there, flagged
 * `tnef-props-truncated` (the properties read before it are kept).
 */

/** Property types ([MS-OXCDATA] 2.11.1). */
export const PT_SHORT = 0x0002;
export const PT_LONG = 0x0003;
export const PT_BOOLEAN = 0x000b;
export const PT_OBJECT = 0x000d;
export const PT_STRING8 = 0x001e;
export const PT_UNICODE = 0x001f;
export const PT_SYSTIME = 0x0040;
export const PT_BINARY = 0x0102;
const MV_FLAG = 0x1000;

/** Sizes of the fixed-size types, before padding to 4 bytes. */
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [0x0001, 0], // PT_NULL
  [PT_SHORT, 2],
  [PT_LONG, 4],
  [0x0004, 4], // PT_FLOAT
  [0x0005, 8], // PT_DOUBLE
  [0x0006, 8], // PT_CURRENCY
  [0x0007, 8], // PT_APPTIME
  [0x000a, 4], // PT_ERROR
  [PT_BOOLEAN, 2],
  [0x0014, 8], // PT_I8
  [PT_SYSTIME, 8],
  [0x0048, 16], // PT_CLSID
]);

/**
 * Most properties read from one list, and most values of one multi-valued property: a count
 * field is four attacker-chosen bytes, and each entry costs an object.
 */
export const MAX_TNEF_PROPERTIES = 65_536;
export const MAX_TNEF_VALUES = 65_536;

export type MapiValue = number | boolean | string | Uint8Array | null;

export interface MapiProperty {
  /** Property id (0x0037 PidTagSubject); named properties (0x8000 and up) keep their local id. */
  id: number;
  type: number;
  /** A named property's name: its property set GUID and numeric id or string name. */
  name: { guid: string; lid: number | null; text: string | null } | null;
  /** One value, or several for a multi-valued type. Strings are decoded, times are ISO 8601 UTC. */
  values: MapiValue[];
}

/** Windows FILETIME (100 ns since 1601) to ISO 8601 UTC; null when out of range. */
export function fileTimeToIso(low: number, high: number): string | null {
  const ms = (high * 4294967296 + low) / 10000 - 11644473600000;
  if (!Number.isFinite(ms) || ms < -8.64e15 || ms > 8.64e15) return null;
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function guidString(b: Uint8Array): string {
  const h = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(b.subarray(from, to));
    if (reverse) part.reverse();
    return part.map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`;
}

class Cursor {
  pos: number;
  constructor(
    private readonly data: Uint8Array,
    private readonly view: DataView,
    start: number,
  ) {
    this.pos = start;
  }
  has(n: number): boolean {
    return n >= 0 && this.pos + n <= this.data.length;
  }
  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    const v = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  pad(n: number): void {
    this.pos += (4 - (n % 4)) % 4;
  }
}

/** Thrown inside the reader when the data ends early; caught at the list level. */
class Truncated extends Error {}

/**
 * Reads one property list starting at `start`; returns the properties and where the list ended.
 * `codePage` decodes PT_STRING8 values (the TNEF stream's attOemCodepage).
 */
export function readMapiProperties(
  data: Uint8Array,
  start: number,
  codePage: number | null,
  flags: Set<string>,
): { properties: MapiProperty[]; end: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const c = new Cursor(data, view, start);
  const out: MapiProperty[] = [];
  const need = (n: number): void => {
    if (!c.has(n)) throw new Truncated();
  };
  try {
    need(4);
    const count = c.u32();
    if (count > MAX_TNEF_PROPERTIES) {
      flags.add('limit:tnef-properties');
      return { properties: out, end: data.length };
    }
    for (let k = 0; k < count; k++) {
      need(4);
      const type = c.u16();
      const id = c.u16();
      let name: MapiProperty['name'] = null;
      if (id >= 0x8000) {
        need(20);
        const guid = guidString(c.bytes(16));
        const kind = c.u32();
        if (kind === 0) {
          need(4);
          name = { guid, lid: c.u32(), text: null };
        } else {
          need(4);
          const len = c.u32();
          need(len);
          const text = Buffer.from(c.bytes(len)).toString('utf16le').replace(/\0+$/, '');
          c.pad(len);
          name = { guid, lid: null, text };
        }
      }
      const base = type & ~MV_FLAG;
      const multi = (type & MV_FLAG) !== 0;
      const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
      let valueCount = 1;
      if (multi || variable) {
        need(4);
        valueCount = c.u32();
        if (valueCount > MAX_TNEF_VALUES) {
          flags.add('limit:tnef-values');
          break;
        }
      }
      const values: MapiValue[] = [];
      for (let v = 0; v < valueCount; v++) {
        if (variable) {
          need(4);
          const len = c.u32();
          need(len);
          const raw = c.bytes(len);
          c.pad(len);
          if (base === PT_UNICODE) values.push(Buffer.from(raw).toString('utf16le').replace(/\0+$/, ''));
          else if (base === PT_STRING8) values.push(decodeCodePage(stripNul(raw), codePage, flags));
          else values.push(raw);
          continue;
        }
        const size = FIXED_SIZES.get(base);
        if (size === undefined) {
          // A type of unknown size: nothing after it can be found.
          flags.add('tnef-props-truncated');
          return { properties: out, end: data.length };
        }
        need(size);
        const at = c.pos;
        if (base === PT_SHORT) values.push(view.getInt16(at, true));
        else if (base === PT_LONG || base === 0x000a) values.push(view.getInt32(at, true));
        else if (base === PT_BOOLEAN) values.push(view.getUint16(at, true) !== 0);
        else if (base === PT_SYSTIME)
          values.push(fileTimeToIso(view.getUint32(at, true), view.getUint32(at + 4, true)));
        else values.push(data.subarray(at, at + size));
        c.pos += size;
        c.pad(size);
      }
      out.push({ id, type, name, values });
    }
  } catch (e) {
    if (!(e instanceof Truncated) && !(e instanceof RangeError)) throw e;
    flags.add('tnef-props-truncated');
    return { properties: out, end: data.length };
  }
  return { properties: out, end: c.pos };
}

/** PT_STRING8 values end with a NUL (and writers leave garbage after it). */
function stripNul(b: Uint8Array): Uint8Array {
  const z = b.indexOf(0);
  return z < 0 ? b : b.subarray(0, z);
}

/** The first value of property `id` in a list, or undefined. */
export function propValue(props: MapiProperty[], id: number): MapiValue | undefined {
  for (const p of props) if (p.id === id && p.name === null) return p.values[0];
  return undefined;
}

export function propString(props: MapiProperty[], id: number): string | null {
  const v = propValue(props, id);
  return typeof v === 'string' && v !== '' ? v : null;
}

export function propNumber(props: MapiProperty[], id: number): number | null {
  const v = propValue(props, id);
  return typeof v === 'number' ? v : null;
}

export function propBytes(props: MapiProperty[], id: number): Uint8Array | null {
  const v = propValue(props, id);
  return v instanceof Uint8Array ? v : null;
}
