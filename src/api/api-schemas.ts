/**
 * The JSON schemas of the API: request validation (Fastify/Ajv), response serialisation
 * (fast-json-stringify: only declared properties are sent, a missing required one is a 500, so
 * the schema cannot drift from what the server sends without a test failing) and the OpenAPI
 * document (openapi-document.ts) all come from these. Shared shapes are registered once with
 * `$id` and referred to as `Name#`.
 */

import { ATTACHMENT_TYPES } from '../query/fields.js';

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const ref = (id: string) => ({ $ref: `${id}#` }) as const;
const refOrNull = (id: string) => ({ anyOf: [ref(id), { type: 'null' }] }) as const;
const arrayOf = (items: object) => ({ type: 'array', items }) as const;

function object(properties: Record<string, object>, optional: string[] = []) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  } as const;
}

/** 32 hex characters, either case (ids are stored lower-case; links may be typed upper-case). */
export const ITEM_ID_PATTERN = '^[0-9a-fA-F]{32}$';
export const SHA256_PATTERN = '^[0-9a-fA-F]{64}$';

/** The fields of a person in lists (PersonSummary, PersonListEntry). */
const PERSON_SUMMARY = {
  key: str,
  name: strOrNull,
  handles: arrayOf(str),
  identities: { ...arrayOf(str), description: 'Identity keys, smallest first (at most 50).' },
  identityCount: int,
  sent: int,
  received: int,
  items: int,
  firstDate: strOrNull,
  lastDate: strOrNull,
};

export const SHARED_SCHEMAS = [
  {
    $id: 'Identity',
    description: 'A sender or recipient on one platform (handle: without @, on platforms that have handles).',
    ...object({ platform: str, address: str, name: strOrNull, handle: strOrNull }, ['handle']),
  },
  {
    $id: 'Attachment',
    ...object({
      name: strOrNull,
      contentType: str,
      size: int,
      sha256: str,
      disposition: { type: 'string', enum: ['attachment', 'inline'] },
      contentId: strOrNull,
      text: strOrNull,
    }),
  },
  {
    $id: 'Location',
    description:
      'Where a copy of an item was found: enough to cut its bytes out of the input again; `labels` the folders ' +
      "the mailbox wrote into the copy (Gmail's labels, X-Folder), when it has any.",
    ...object(
      {
        path: str,
        member: strOrNull,
        offset: int,
        length: int,
        sha256: str,
        labels: { type: 'array', items: str },
      },
      ['labels'],
    ),
  },
  {
    $id: 'ItemSummary',
    ...object(
      {
        id: str,
        kind: { type: 'string', enum: ['email', 'message', 'post', 'event', 'contact', 'task'] },
        platform: str,
        visibility: { type: 'string', enum: ['private', 'public'] },
        sentAt: strOrNull,
        from: refOrNull('Identity'),
        to: arrayOf(ref('Identity')),
        subject: strOrNull,
        subjectMarked: {
          type: 'string',
          description:
            "The subject with the query's words in it marked as in `snippet`. Absent when none is.",
        },
        snippet: {
          type: 'string',
          description:
            'Plain text; each match between U+E000 and U+E001 (private-use characters, never in the text itself). Render as text only.',
        },
        conversationId: strOrNull,
        hasAttachments: { type: 'boolean' },
        tags: {
          ...arrayOf(str),
          description: "Its tags and its conversation's (store/annotations.ts), by name.",
        },
        starred: { type: 'boolean', description: 'It or its conversation is starred.' },
        hasNote: { type: 'boolean', description: 'It or its conversation has a note.' },
        attachmentHit: {
          ...object({ sha256: str, name: strOrNull, snippet: str }),
          description:
            "When the query's words are not in the item's own text but in a text read from one of its attachments: " +
            'that attachment and a passage of its text (markers as in `snippet`). Absent otherwise.',
        },
      },
      ['attachmentHit', 'subjectMarked'],
    ),
  },
  {
    $id: 'AttachmentExtraction',
    description:
      "What reading an attachment's text gave (docs/attachments.md), once per sha256: status text, empty, " +
      'ocr-needed, unsupported or failed; method text or ocr (null without text); flags and error.',
    ...object({
      status: { type: 'string', enum: ['text', 'empty', 'ocr-needed', 'unsupported', 'failed'] },
      kind: str,
      method: { ...strOrNull, description: 'text, ocr, or null without text.' },
      chars: int,
      pages: { type: ['integer', 'null'] },
      ocrPages: { type: ['integer', 'null'] },
      ocrConfidence: { type: ['number', 'null'] },
      ocr: { type: 'boolean', description: 'OCR was on when the file was read.' },
      lang: strOrNull,
      flags: arrayOf(str),
      error: strOrNull,
    }),
  },
  {
    $id: 'AttachmentInfo',
    description:
      "One attachment of an item, in the item's order: its bytes' sha256 (download: /attachment/{sha256}), " +
      'search type (`type:`) and what reading its text gave (null when it was not read).',
    ...object({
      seq: int,
      sha256: str,
      name: strOrNull,
      contentType: str,
      size: int,
      disposition: { type: 'string', enum: ['attachment', 'inline'] },
      type: { type: 'string', enum: [...ATTACHMENT_TYPES] },
      extraction: refOrNull('AttachmentExtraction'),
    }),
  },
  {
    $id: 'Annotations',
    description:
      "The reporter's tags, star and note on an item, a conversation or a person (author: null in single-user mode).",
    ...object({
      target: object({ kind: { type: 'string', enum: ['item', 'conversation', 'person'] }, key: str }),
      tags: arrayOf(object({ tag: str, author: strOrNull, createdAt: str })),
      star: { anyOf: [object({ author: strOrNull, createdAt: str }), { type: 'null' }] },
      note: {
        anyOf: [object({ text: str, author: strOrNull, createdAt: str, updatedAt: str }), { type: 'null' }],
      },
    }),
  },
  {
    $id: 'Item',
    description:
      'One message or post (src/model/item.ts). `html` is null when the item has none and left out ' +
      'when it has some: fetch it sanitised from /api/items/{id}/html.',
    ...object(
      {
        id: str,
        kind: { type: 'string', enum: ['email', 'message', 'post', 'event', 'contact', 'task'] },
        platform: str,
        visibility: { type: 'string', enum: ['private', 'public'] },
        sentAt: strOrNull,
        tzOffset: { type: ['integer', 'null'] },
        dateSource: { type: 'string', enum: ['header', 'received', 'export', 'file-mtime', 'unknown'] },
        from: refOrNull('Identity'),
        to: arrayOf(ref('Identity')),
        cc: arrayOf(ref('Identity')),
        bcc: arrayOf(ref('Identity')),
        subject: strOrNull,
        text: str,
        html: { type: 'null' },
        lang: strOrNull,
        links: arrayOf(str),
        mentions: arrayOf(str),
        attachments: arrayOf(ref('Attachment')),
        messageId: strOrNull,
        inReplyTo: strOrNull,
        references: arrayOf(str),
        conversationId: strOrNull,
        replyTo: strOrNull,
        flags: arrayOf(str),
        location: ref('Location'),
      },
      ['html'],
    ),
  },
  {
    $id: 'ThreadView',
    description: 'A thread or conversation in depth-first order; ghosts (missing parents) have itemId null.',
    ...object(
      {
        threadId: str,
        part: {
          description:
            'Only for a thread longer than one view (10,000 nodes): where `nodes` start in it and how many ' +
            'it has in all. A parentIndex is an index into `nodes`, null when the parent is in another part.',
          ...object({ offset: int, total: int }),
        },
        nodes: arrayOf(
          object({
            itemId: strOrNull,
            messageId: strOrNull,
            parentIndex: { type: ['integer', 'null'] },
            depth: int,
            summary: refOrNull('ItemSummary'),
          }),
        ),
      },
      ['part'],
    ),
  },
  {
    $id: 'FacetBucket',
    ...object({
      value: {
        type: 'string',
        description: "The query term that selects the bucket, e.g. 'from:a@b.org', 'date:2016-10'.",
      },
      label: str,
      count: int,
    }),
  },
  {
    $id: 'Facets',
    description: 'Counts over all matches of the query (not one page).',
    ...object(
      Object.fromEntries(
        ['from', 'to', 'year', 'month', 'kind', 'platform', 'lang', 'hasAttachment', 'type', 'folder'].map(
          (k) => [k, arrayOf(ref('FacetBucket'))],
        ),
      ),
    ),
  },
  {
    $id: 'Histogram',
    ...object({
      interval: { type: 'string', enum: ['year', 'month', 'day'] },
      buckets: arrayOf(object({ start: str, end: str, count: int })),
      undated: { type: 'integer', description: 'Matches without a date.' },
      clipped: { type: 'integer', description: 'Dated matches before the first bucket (span too long).' },
    }),
  },
  {
    $id: 'StoreStats',
    ...object({
      items: int,
      byKind: { type: 'object', additionalProperties: int },
      byPlatform: { type: 'object', additionalProperties: int },
      locations: int,
      quarantined: int,
      threads: int,
      sources: int,
      firstDate: strOrNull,
      lastDate: strOrNull,
      dbBytes: int,
    }),
  },
  {
    $id: 'SourceRecord',
    ...object({
      path: str,
      size: int,
      mtimeMs: { type: 'number' },
      state: { type: 'string', enum: ['started', 'complete'] },
      read: int,
      stored: int,
      duplicates: int,
      quarantined: int,
    }),
  },
  {
    $id: 'QuarantineEntry',
    ...object({ path: str, member: strOrNull, offset: int, length: int, sha256: str, reason: str }),
  },
  {
    $id: 'PersonSummary',
    description:
      'A person: identities joined automatically (the same handle or address on one platform) or by hand. ' +
      'The key is its smallest identity key (platform:address).',
    ...object(PERSON_SUMMARY),
  },
  {
    $id: 'PersonListEntry',
    description: "A person of a list (/api/people): its summary and the reporter's marks on it.",
    ...object({ ...PERSON_SUMMARY, annotations: ref('Annotations') }),
  },
  {
    $id: 'PersonIdentity',
    ...object({
      key: str,
      platform: str,
      address: str,
      handles: arrayOf(str),
      names: arrayOf(object({ name: str, count: int })),
      moreNames: int,
      aliases: object({ handles: arrayOf(str), names: arrayOf(str) }),
      sent: int,
      received: int,
      firstDate: strOrNull,
      lastDate: strOrNull,
    }),
  },
  {
    $id: 'PeopleEdit',
    description:
      'A hand edit, by identity keys: merge (identity, other), split (identity), alias (identity, handle, name).',
    ...object(
      {
        op: { type: 'string', enum: ['merge', 'split', 'alias'] },
        identity: str,
        other: str,
        handle: strOrNull,
        name: strOrNull,
        at: str,
      },
      ['other', 'handle', 'name'],
    ),
  },
  {
    $id: 'Person',
    ...object({
      key: str,
      name: strOrNull,
      handles: arrayOf(str),
      identityCount: int,
      sent: int,
      received: int,
      items: int,
      firstDate: strOrNull,
      lastDate: strOrNull,
      identities: arrayOf(ref('PersonIdentity')),
      links: arrayOf(
        object({
          a: str,
          b: str,
          rule: { type: 'string', enum: ['address', 'handle', 'merge'] },
          value: strOrNull,
        }),
      ),
      edits: arrayOf(ref('PeopleEdit')),
      notes: arrayOf(str),
    }),
  },
  {
    $id: 'ErrorDocument',
    ...object({
      version: { type: 'integer', const: 1 },
      error: object(
        {
          code: {
            type: 'string',
            enum: [
              'bad-query',
              'bad-request',
              'not-found',
              'unauthorized',
              'forbidden',
              'misdirected',
              'internal',
            ],
          },
          message: str,
          column: {
            type: 'integer',
            description: '1-based column of the query where it went wrong (bad-query).',
          },
          reason: {
            type: 'object',
            required: ['key'],
            properties: { key: str },
            additionalProperties: true,
            description:
              'The message as data, for a client that writes it in its own language (bad-query): `key` and the ' +
              'values it names (src/query/query-reason.ts).',
          },
        },
        ['column', 'reason'],
      ),
    }),
  },
] as const;

/** A versioned response document: `{version: 1, ...properties}`. */
export function versioned(properties: Record<string, object>, optional: string[] = []) {
  return object({ version: { type: 'integer', const: 1 }, ...properties }, optional);
}

export const schemaRef = ref;
export const schemaArrayOf = arrayOf;
export const schemaObject = object;
export const schemaRefOrNull = refOrNull;

export const itemIdParams = object({
  id: { type: 'string', pattern: ITEM_ID_PATTERN, description: 'Item id: 32 hex characters.' },
});
