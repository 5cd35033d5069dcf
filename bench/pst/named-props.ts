import { crc32 } from 'node:zlib';
import { type NodeContent } from './data-tree.js';
import { buildPropertyContext } from './property-context.js';
import {
  type Prop,
  PT_BOOLEAN,
  PT_DOUBLE,
  PT_LONG,
  PT_SYSTIME,
  PT_UNICODE,
  TAG,
  bin,
  long,
} from './props.js';

/** Property sets ([MS-OXPROPS] 1.3.2). */
export const PSETID_APPOINTMENT = '00062002-0000-0000-c000-000000000046';
export const PSETID_TASK = '00062003-0000-0000-c000-000000000046';
export const PSETID_ADDRESS = '00062004-0000-0000-c000-000000000046';

/** The named properties the writer uses, in the order they get property ids 0x8000, 0x8001, …. */
const NAMED = [
  { set: PSETID_APPOINTMENT, lid: 0x820d, type: PT_SYSTIME }, // AppointmentStartWhole
  { set: PSETID_APPOINTMENT, lid: 0x820e, type: PT_SYSTIME }, // AppointmentEndWhole
  { set: PSETID_APPOINTMENT, lid: 0x8208, type: PT_UNICODE }, // Location
  { set: PSETID_TASK, lid: 0x8104, type: PT_SYSTIME }, // TaskStartDate
  { set: PSETID_TASK, lid: 0x8105, type: PT_SYSTIME }, // TaskDueDate
  { set: PSETID_TASK, lid: 0x8101, type: PT_LONG }, // TaskStatus
  { set: PSETID_TASK, lid: 0x8102, type: PT_DOUBLE }, // PercentComplete
  { set: PSETID_TASK, lid: 0x811c, type: PT_BOOLEAN }, // TaskComplete
  { set: PSETID_ADDRESS, lid: 0x8083, type: PT_UNICODE }, // Email1EmailAddress
  { set: PSETID_ADDRESS, lid: 0x8080, type: PT_UNICODE }, // Email1DisplayName
  { set: PSETID_ADDRESS, lid: 0x8082, type: PT_UNICODE }, // Email1AddressType
] as const;

/** One string-named property in PS_PUBLIC_STRINGS, so the string stream is not empty. */
const STRING_NAME = 'innsyn-pst-writer';
const PS_PUBLIC_STRINGS = 2;
const BUCKETS = 251;

/** The tag of a named property of the writer's map. */
export function namedTag(set: string, lid: number): number {
  const i = NAMED.findIndex((n) => n.set === set && n.lid === lid);
  if (i < 0) throw new Error(`pst writer: named property ${set}/${lid.toString(16)} not mapped`);
  return (((0x8000 + i) << 16) | (NAMED[i] as (typeof NAMED)[number]).type) >>> 0;
}

function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(h.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(h.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(h.slice(12, 16), 16), 6);
  Buffer.from(h.slice(16), 'hex').copy(b, 8);
  return b;
}

/**
 * The name-to-id map (NID 0x61, [MS-PST] 2.4.7): the GUID stream, the entry stream (NAMEID
 * records: dwPropertyID, wGuid << 1 | N, wPropIdx), the string stream and the hash buckets.
 * The string entry goes last: pst-extractor 1.x stops its loop one entry early.
 */
export function nameToIdMap(): NodeContent {
  const sets: string[] = [];
  for (const n of NAMED) if (!sets.includes(n.set)) sets.push(n.set);
  const guids = Buffer.concat(sets.map(guidBytes));
  const name = Buffer.from(STRING_NAME, 'utf16le');
  const strings = Buffer.alloc(4 + name.length + ((4 - (name.length % 4)) % 4));
  strings.writeUInt32LE(name.length, 0);
  name.copy(strings, 4);
  const entries: Buffer[] = [];
  const buckets = new Map<number, Buffer[]>();
  const add = (id: number, wGuid: number, isString: boolean, idx: number, hashKey: number): void => {
    const e = Buffer.alloc(8);
    e.writeUInt32LE(id >>> 0, 0);
    e.writeUInt16LE((wGuid << 1) | (isString ? 1 : 0), 4);
    e.writeUInt16LE(idx, 6);
    entries.push(e);
    const bucket = ((hashKey ^ ((wGuid << 1) | (isString ? 1 : 0))) >>> 0) % BUCKETS;
    const h = Buffer.from(e);
    h.writeUInt32LE(hashKey >>> 0, 0);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), h]);
  };
  NAMED.forEach((n, i) => add(n.lid, 3 + sets.indexOf(n.set), false, i, n.lid));
  // [MS-PST] 2.4.7.4: a string name's hash is the standard CRC-32 of its UTF-16LE bytes.
  add(0, PS_PUBLIC_STRINGS, true, NAMED.length, crc32(name));
  const props: Prop[] = [
    long(TAG.NameidBucketCount, BUCKETS),
    bin(TAG.NameidStreamGuid, guids),
    bin(TAG.NameidStreamEntry, Buffer.concat(entries)),
    bin(TAG.NameidStreamString, strings),
  ];
  for (const [b, list] of [...buckets].sort((x, y) => x[0] - y[0])) {
    props.push(bin((((0x1000 + b) << 16) | 0x0102) >>> 0, Buffer.concat(list)));
  }
  return buildPropertyContext(props);
}
