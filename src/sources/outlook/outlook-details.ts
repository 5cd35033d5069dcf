import type { ItemKind } from '../../model/index.js';
import type { OutlookDetail, OutlookItem } from './outlook-item.js';

/** Property sets of the named properties read here ([MS-OXPROPS] 1.3.2). */
export const PSETID_APPOINTMENT = '00062002-0000-0000-c000-000000000046';
export const PSETID_TASK = '00062003-0000-0000-c000-000000000046';
export const PSETID_ADDRESS = '00062004-0000-0000-c000-000000000046';
export const PSETID_COMMON = '00062008-0000-0000-c000-000000000046';

/**
 * How a reader looks up properties of one item: `tag` a property by its id (0x3a16
 * PidTagCompanyName), `named` a named property by property set and numeric id. Strings and
 * numbers as stored; times as ISO 8601 UTC strings; booleans as 1 or 0; null when absent.
 */
export interface PropertySource {
  tag(id: number): string | number | null;
  named(set: string, lid: number): string | number | null;
}

type Detail = { label: string } & (
  | { tag: number; time?: boolean }
  | { set: string; lid: number; time?: boolean; yes?: boolean; status?: boolean }
);

/** What the text of a contact shows, in Outlook's order. */
const CONTACT: readonly Detail[] = [
  { label: 'Name', tag: 0x3001 },
  { label: 'Company', tag: 0x3a16 },
  { label: 'Job title', tag: 0x3a17 },
  { label: 'Department', tag: 0x3a18 },
  { label: 'E-mail', set: PSETID_ADDRESS, lid: 0x8083 },
  { label: 'E-mail 2', set: PSETID_ADDRESS, lid: 0x8093 },
  { label: 'E-mail 3', set: PSETID_ADDRESS, lid: 0x80a3 },
  { label: 'Business phone', tag: 0x3a08 },
  { label: 'Home phone', tag: 0x3a09 },
  { label: 'Mobile phone', tag: 0x3a1c },
  { label: 'Business fax', tag: 0x3a24 },
  { label: 'Address', tag: 0x3a15 },
  { label: 'Business address', set: PSETID_ADDRESS, lid: 0x801b },
  { label: 'Home address', set: PSETID_ADDRESS, lid: 0x801a },
  { label: 'Web page', tag: 0x3a51 },
  { label: 'Birthday', tag: 0x3a42, time: true },
];

const EVENT: readonly Detail[] = [
  { label: 'Location', set: PSETID_APPOINTMENT, lid: 0x8208 },
  { label: 'All day', set: PSETID_APPOINTMENT, lid: 0x8215, yes: true },
  { label: 'Recurring', set: PSETID_APPOINTMENT, lid: 0x8223, yes: true },
];

const TASK: readonly Detail[] = [
  { label: 'Status', set: PSETID_TASK, lid: 0x8101, status: true },
  { label: 'Owner', set: PSETID_TASK, lid: 0x811f },
];

/** PidLidTaskStatus values. */
const TASK_STATUS = ['not started', 'in progress', 'complete', 'waiting on someone else', 'deferred'];

/** '2021-10-13T09:30:00.000Z' → '2021-10-13 09:30 UTC'. */
export function shortTime(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)} UTC`;
}

/**
 * The lines that head the text of a calendar item, contact or task (mail has none: its text is
 * its body, the same as in a copy of it read from a mailbox). The labels are part of the
 * searchable text, so they are fixed English words, like a mail client's printout.
 */
export function outlookDetails(kind: ItemKind, item: OutlookItem, src: PropertySource): OutlookDetail[] {
  const out: OutlookDetail[] = [];
  if (kind === 'event') {
    if (item.start) out.push(['Starts', shortTime(item.start)]);
    if (item.end) out.push(['Ends', shortTime(item.end)]);
  } else if (kind === 'task') {
    if (item.start) out.push(['Starts', shortTime(item.start)]);
    if (item.end) out.push(['Due', shortTime(item.end)]);
  }
  const list = kind === 'contact' ? CONTACT : kind === 'event' ? EVENT : kind === 'task' ? TASK : [];
  for (const d of list) {
    const v = 'tag' in d ? src.tag(d.tag) : src.named(d.set, d.lid);
    if (v === null || v === '') continue;
    let text: string;
    if ('yes' in d && d.yes) {
      if (v !== 1) continue;
      text = 'yes';
    } else if ('status' in d && d.status) {
      text = typeof v === 'number' ? (TASK_STATUS[v] ?? String(v)) : String(v);
    } else if (d.time) {
      if (typeof v !== 'string') continue;
      text = v.slice(0, 10);
    } else {
      text = String(v).replace(/\r\n?/g, '\n').trim();
    }
    if (text !== '') out.push([d.label, text]);
  }
  return out;
}
