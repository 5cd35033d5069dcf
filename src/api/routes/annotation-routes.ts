import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireJson } from '../require-json.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../../query/index.js';
import {
  annotationsDocument,
  MAX_NOTE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS_PER_CHANGE,
  type AnnotationChange,
  type AnnotationTarget,
  type AnnotationTargetKind,
} from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION, sendError } from '../api-error.js';
import {
  ITEM_ID_PATTERN,
  schemaArrayOf,
  schemaObject,
  schemaRef,
  schemaRefOrNull,
  versioned,
} from '../api-schemas.js';

/** Longest key in a path: an identity key is a platform, a colon and an address (rarely over 300). */
const MAX_KEY_LENGTH = 1000;
/**
 * Largest note body: MAX_NOTE_CHARS characters, each at most 6 bytes as a JSON escape (`\uXXXX`).
 * The app's default limit (8 KiB) is for the small bodies of every other route.
 */
const NOTE_BODY_LIMIT_BYTES = MAX_NOTE_CHARS * 6 + 1024;

const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]+$';
const tagSchema = { type: 'string', minLength: 1, maxLength: MAX_TAG_CHARS * 4 } as const;

/** The three kinds of target, as their URLs name them. */
const TARGETS: ReadonlyArray<{
  kind: AnnotationTargetKind;
  base: string;
  param: 'id' | 'key';
  schema: object;
  what: string;
}> = [
  {
    kind: 'item',
    base: '/api/items/:id',
    param: 'id',
    schema: { type: 'string', pattern: ITEM_ID_PATTERN, description: 'Item id: 32 hex characters.' },
    what: 'an item',
  },
  {
    kind: 'conversation',
    base: '/api/conversations/:id',
    param: 'id',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_KEY_LENGTH,
      pattern: NO_CONTROL,
      description: "A conversation id (an item's conversationId).",
    },
    what: 'a conversation',
  },
  {
    kind: 'person',
    base: '/api/people/:key',
    param: 'key',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_KEY_LENGTH,
      pattern: NO_CONTROL,
      description: 'A person or identity key (x:16589206), a handle (@wikileaks), an address or a name.',
    },
    what: 'a person',
  },
];

type TargetParams = Record<string, string>;

/**
 * Annotations (store/annotations.ts): the tags, star and note of items, conversations and
 * persons, and tagging every match of a query.
 *
 * The writes change the case. Besides the guards every request passes (token, Host,
 * Sec-Fetch-Site; request-guards.ts) they are PUT and DELETE, which no HTML form can send and
 * another origin's script cannot send without a CORS preflight this server never answers; the
 * two that take a body (the note, the bulk tag) want `application/json`, for the same reason.
 * Annotations are made by the reporter: `author` is null in single-user mode; in team mode it is the
 * name of the account that made it (ctx.authorOf, set by team-server.ts).
 */
export function registerAnnotationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const answer = versioned({ annotations: schemaRef('Annotations') });
  const done = (reply: FastifyReply, annotations: unknown) => {
    reply.header('cache-control', 'no-store');
    return { version: API_VERSION, annotations };
  };

  for (const t of TARGETS) {
    const params = schemaObject({ [t.param]: t.schema });
    const targetOf = (request: FastifyRequest): AnnotationTarget => {
      const key = (request.params as TargetParams)[t.param] as string;
      return { kind: t.kind, key: t.kind === 'item' ? key.toLowerCase() : key };
    };
    const change = async (request: FastifyRequest, reply: FastifyReply, c: AnnotationChange) =>
      done(
        reply,
        await ctx.store.annotate(targetOf(request), { ...c, author: ctx.authorOf?.(request) ?? null }),
      );

    app.get(
      `${t.base}/annotations`,
      {
        config: {
          openapi: {
            summary:
              t.kind === 'item'
                ? "The tags, star and note of an item, and those of its conversation (which the item's search results carry too)."
                : `The tags, star and note of ${t.what}.`,
          },
        },
        schema: {
          params,
          response: {
            200:
              t.kind === 'item'
                ? versioned({
                    annotations: schemaRef('Annotations'),
                    conversation: schemaRefOrNull('Annotations'),
                  })
                : answer,
          },
        },
      },
      async (request, reply) => {
        const target = targetOf(request);
        const annotations = await ctx.store.getAnnotations(target);
        if (t.kind !== 'item') return done(reply, annotations);
        const item = await ctx.store.getItem(target.key);
        const conversation = item?.conversationId
          ? await ctx.store.getAnnotations({ kind: 'conversation', key: item.conversationId })
          : null;
        return { ...done(reply, annotations), conversation };
      },
    );

    app.put(
      `${t.base}/tags/:tag`,
      {
        config: { openapi: { summary: `Tag ${t.what} (adding a tag it has changes nothing).` } },
        schema: { params: schemaObject({ [t.param]: t.schema, tag: tagSchema }), response: { 200: answer } },
      },
      async (request, reply) =>
        change(request, reply, { addTags: [(request.params as TargetParams).tag as string] }),
    );
    app.delete(
      `${t.base}/tags/:tag`,
      {
        config: { openapi: { summary: `Take a tag off ${t.what}.` } },
        schema: { params: schemaObject({ [t.param]: t.schema, tag: tagSchema }), response: { 200: answer } },
      },
      async (request, reply) =>
        change(request, reply, { removeTags: [(request.params as TargetParams).tag as string] }),
    );

    app.put(
      `${t.base}/star`,
      {
        config: { openapi: { summary: `Star ${t.what} (search: is:starred).` } },
        schema: { params, response: { 200: answer } },
      },
      async (request, reply) => change(request, reply, { star: true }),
    );
    app.delete(
      `${t.base}/star`,
      {
        config: { openapi: { summary: `Take the star off ${t.what}.` } },
        schema: { params, response: { 200: answer } },
      },
      async (request, reply) => change(request, reply, { star: false }),
    );

    app.put<{ Body: { text: string } }>(
      `${t.base}/note`,
      {
        config: { openapi: { summary: `Write the note on ${t.what} (replaces it; blank text deletes it).` } },
        bodyLimit: NOTE_BODY_LIMIT_BYTES,
        preValidation: requireJson,
        schema: {
          params,
          body: schemaObject({ text: { type: 'string', maxLength: MAX_NOTE_CHARS } }),
          response: { 200: answer },
        },
      },
      async (request, reply) => change(request, reply, { note: request.body.text }),
    );
    app.delete(
      `${t.base}/note`,
      {
        config: { openapi: { summary: `Delete the note on ${t.what}.` } },
        schema: { params, response: { 200: answer } },
      },
      async (request, reply) => change(request, reply, { note: null }),
    );
  }

  app.post<{ Body: { q: string; add?: string[]; remove?: string[] } }>(
    '/api/tags/bulk',
    {
      config: {
        openapi: {
          summary:
            'Add and remove tags on every match of a query (all of them, not a page), in one transaction.',
        },
      },
      preValidation: requireJson,
      schema: {
        body: schemaObject(
          {
            q: { type: 'string', maxLength: MAX_QUERY_LENGTH, description: 'The query; empty: every item.' },
            add: { ...schemaArrayOf(tagSchema), maxItems: MAX_TAGS_PER_CHANGE },
            remove: { ...schemaArrayOf(tagSchema), maxItems: MAX_TAGS_PER_CHANGE },
          },
          ['add', 'remove'],
        ),
        response: {
          200: versioned({
            query: { type: 'string' },
            matched: { type: 'integer', description: 'Items the query matched.' },
            added: { type: 'integer', description: 'Tags put on items that lacked them.' },
            removed: { type: 'integer', description: 'Tags taken off items that had them.' },
          }),
        },
      },
    },
    async (request, reply) => {
      const { q, add = [], remove = [] } = request.body;
      if (add.length === 0 && remove.length === 0) {
        return sendError(reply, 400, 'bad-request', 'give tags to add, to remove, or both');
      }
      // A bad query throws InnsynError('bad-query') with the column: the error handler answers 400.
      const r = await ctx.store.tagMatches(parseQuery(q), {
        add,
        remove,
        author: ctx.authorOf?.(request) ?? null,
      });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, query: q, ...r };
    },
  );

  app.get<{ Querystring: { q: string } }>(
    '/api/tags',
    {
      config: {
        openapi: {
          summary:
            'Every tag with the items that carry it (of the matches of q, when given), and the conversations and people tagged.',
        },
      },
      schema: {
        querystring: schemaObject({
          q: {
            type: 'string',
            maxLength: MAX_QUERY_LENGTH,
            default: '',
            description: 'A query; empty: every item.',
          },
        }),
        response: {
          200: versioned({
            query: { type: 'string' },
            tags: schemaArrayOf(
              schemaObject({
                tag: { type: 'string' },
                items: { type: 'integer' },
                conversations: { type: 'integer' },
                people: { type: 'integer' },
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const { q } = request.query;
      const tags = await ctx.store.listTags(parseQuery(q));
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, query: q, tags };
    },
  );

  app.get(
    '/api/annotations/export',
    {
      config: {
        openapi: {
          summary:
            'Every tag, star and note, as the file `innsyn tags export` writes (docs/json.md); a download.',
          responses: { 200: { description: 'The annotations file (JSON)', contentType: 'application/json' } },
        },
      },
    },
    async (_request, reply) => {
      const doc = annotationsDocument(await ctx.store.exportAnnotations());
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="innsyn-annotations.json"')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(doc, null, 2));
    },
  );
}
