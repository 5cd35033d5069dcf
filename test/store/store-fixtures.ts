import { createHash } from 'node:crypto';
import type { Identity, Item, Location } from '../../src/model/index.js';
import type { QueryNode, TextField } from '../../src/query/ast.js';

/** Small hand-made items and query nodes for the store's behaviour suite. */

export function hexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

export function person(address: string, name: string | null = null, platform = 'email'): Identity {
  return { platform, address, name };
}

export function location(path: string, offset: number, member: string | null = null): Location {
  return {
    path,
    member,
    offset,
    length: 100,
    sha256: createHash('sha256').update(`${path}:${offset}`).digest('hex'),
  };
}

let counter = 0;

/** An email with sensible defaults; `seed` makes the id (defaults to a fresh one). */
export function makeItem(fields: Partial<Item> & { seed?: string } = {}): Item {
  const { seed, ...rest } = fields;
  const n = ++counter;
  return {
    id: hexId(seed ?? `item-${n}`),
    kind: 'email',
    platform: 'email',
    visibility: 'private',
    sentAt: '2016-10-12T12:31:00.000Z',
    tzOffset: 0,
    dateSource: 'header',
    from: person('sender@example.com', 'Sender'),
    to: [person('recipient@example.com', 'Recipient')],
    cc: [],
    bcc: [],
    subject: 'A subject',
    text: 'Plain words.',
    html: null,
    lang: 'en',
    links: [],
    mentions: [],
    attachments: [],
    messageId: `${n}@example.com`,
    inReplyTo: null,
    references: [],
    conversationId: null,
    replyTo: null,
    flags: [],
    location: location('/cases/leak.mbox', n * 1000),
    ...rest,
  };
}

export function rawOf(item: Item): Uint8Array {
  return Buffer.from(`Subject: ${item.subject ?? ''}\r\n\r\n${item.text}`, 'utf8');
}

export const term = (value: string, field: TextField | null = null): QueryNode => ({
  type: 'term',
  field,
  value,
  prefix: false,
  pos: 1,
});
export const prefix = (value: string, field: TextField | null = null): QueryNode => ({
  type: 'term',
  field,
  value,
  prefix: true,
  pos: 1,
});
export const phrase = (value: string, field: TextField | null = null): QueryNode => ({
  type: 'phrase',
  field,
  value,
  pos: 1,
});
export const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children, pos: 1 });
export const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children, pos: 1 });
export const not = (child: QueryNode): QueryNode => ({ type: 'not', child, pos: 1 });
export const exact = (field: Extract<QueryNode, { type: 'exact' }>['field'], value: string): QueryNode => ({
  type: 'exact',
  field,
  value,
  pos: 1,
});
export const flag = (f: Extract<QueryNode, { type: 'flag' }>['flag']): QueryNode => ({
  type: 'flag',
  flag: f,
  pos: 1,
});
export const dateRange = (from: string | null, to: string | null): QueryNode => ({
  type: 'date',
  from,
  to,
  pos: 1,
});
