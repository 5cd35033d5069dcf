import type { FastifyInstance } from 'fastify';
import { InnsynError } from '../../model/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { schemaArrayOf, schemaObject, schemaRef, versioned } from '../api-schemas.js';

/** Longest thread id accepted: ours are 32 hex; an export's conversation ids are short too. */
const MAX_THREAD_ID = 256;
/** Highest part offset accepted: far past the longest chat anyone exports. */
const MAX_THREAD_OFFSET = 1_000_000_000;

/** Threads, statistics and the inputs of the case. */
export function registerCaseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { threadId: string }; Querystring: { offset?: number } }>(
    '/api/threads/:threadId',
    {
      config: { openapi: { summary: 'A thread or conversation by its id, in depth-first order.' } },
      schema: {
        params: schemaObject({
          threadId: {
            type: 'string',
            minLength: 1,
            maxLength: MAX_THREAD_ID,
            pattern: '^[^\\u0000-\\u001f\\u007f]+$',
            description: "A thread id (an item's conversationId).",
          },
        }),
        querystring: schemaObject(
          {
            offset: {
              type: 'integer',
              minimum: 0,
              maximum: MAX_THREAD_OFFSET,
              description:
                'For a thread longer than one view (`part` in the answer): the node its part starts at; ' +
                'past the end, the last part. Without it, the first part.',
            },
          },
          ['offset'],
        ),
        response: { 200: versioned({ thread: schemaRef('ThreadView') }) },
      },
    },
    async (request, reply) => {
      const { threadId } = request.params;
      const offset = request.query.offset ?? 0;
      // The store reads threads by member: find one member of the thread first.
      const member = await ctx.store.search(
        { type: 'exact', field: 'thread', value: threadId, pos: 1 },
        { limit: 1, offset: 0, sort: 'date-asc' },
      );
      // A lone item is a one-node thread named by its own id.
      const first = member.items[0]?.id ?? (/^[0-9a-f]{32}$/i.test(threadId) ? threadId.toLowerCase() : null);
      const thread = first === null ? null : await ctx.store.getThread(first, { offset });
      if (!thread || thread.threadId.toLowerCase() !== threadId.toLowerCase()) {
        throw new InnsynError('not-found', `no thread ${threadId}`);
      }
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, thread };
    },
  );

  app.get(
    '/api/stats',
    {
      config: {
        openapi: { summary: 'Counts of the case: items by kind and platform, threads, dates, size.' },
      },
      schema: { response: { 200: versioned({ stats: schemaRef('StoreStats') }) } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, stats: await ctx.store.stats() };
    },
  );

  app.get(
    '/api/sources',
    {
      config: {
        openapi: {
          summary: 'The input files read into the case, and every input put in quarantine with its reason.',
        },
      },
      schema: {
        response: {
          200: versioned({
            sources: schemaArrayOf(schemaRef('SourceRecord')),
            quarantine: schemaArrayOf(schemaRef('QuarantineEntry')),
          }),
        },
      },
    },
    async (_request, reply) => {
      const [sources, quarantine] = await Promise.all([ctx.store.listSources(), ctx.store.listQuarantine()]);
      reply.header('cache-control', 'no-store');
      return {
        version: API_VERSION,
        sources,
        quarantine: quarantine.map((q) => ({ ...q.location, reason: q.reason })),
      };
    },
  );
}
