import type { FastifyInstance } from 'fastify';
import { buildNetwork } from '../../analysis/network.js';
import { loadPairs } from '../../analysis/load-pairs.js';
import { timeline, type TimelineBucket } from '../../analysis/timeline.js';
import type { AnalysisItem, AnalysisPerson } from '../../model/index.js';
import { MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../../query/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { schemaObject, versioned } from '../api-schemas.js';

/** The answer's body is documented in docs/json.md (the CLI's --json of the same name). */
function documented(key: string, doc: string): object {
  return versioned({ [key]: { type: 'object', additionalProperties: true, description: doc } });
}

const q = {
  type: 'string',
  maxLength: MAX_QUERY_LENGTH,
  default: '',
  description: 'A query; empty: every item.',
};
const seconds = (what: string, dflt: number) => ({
  type: 'number',
  exclusiveMinimum: 0,
  default: dflt,
  description: what,
});

/** A bad query throws InnsynError('bad-query') with the column: the error handler answers 400. */
function parsed(query: string): QueryNode | null {
  return query.trim() === '' ? null : parseQuery(query);
}

async function load(
  ctx: ApiContext,
  query: string,
  text: boolean,
): Promise<{ items: AnalysisItem[]; persons: AnalysisPerson[] }> {
  const items = await ctx.store.analysisItems(parsed(query), { text });
  return { items, persons: await ctx.store.analysisPersons() };
}

/** Pairs, echoes, timeline and network of the matches of a query (issue 5 and 6; docs/json.md). */
export function registerPatternRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{
    Querystring: { q: string; person?: string; with?: string; unansweredAfter: number; limit: number };
  }>(
    '/api/pairs',
    {
      config: {
        openapi: {
          summary: 'Pairs of people: messages each way, reply rates and latencies, unanswered requests.',
        },
      },
      schema: {
        querystring: schemaObject(
          {
            q,
            person: {
              type: 'string',
              maxLength: 1000,
              description: 'Only the pairs of this person (any key people accepts).',
            },
            with: {
              type: 'string',
              maxLength: 1000,
              description: 'With `person`: only the pair of the two.',
            },
            unansweredAfter: seconds(
              'Seconds after which an unanswered burst counts as unanswered.',
              7 * 86_400,
            ),
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100_000,
              default: 50,
              description: 'The first this many pairs (most messages first); `total` counts all.',
            },
          },
          ['q', 'person', 'with', 'unansweredAfter', 'limit'],
        ),
        response: {
          200: versioned({
            total: { type: 'integer' },
            pairs: { type: 'array', items: { type: 'object', additionalProperties: true } },
          }),
        },
      },
    },
    async (request, reply) => {
      const key = async (v: string | undefined) =>
        v ? ((await ctx.store.getPerson(v))?.key ?? v) : undefined;
      const person = await key(request.query.person);
      const other = person === undefined ? undefined : await key(request.query.with);
      const { total, pairs } = await loadPairs(
        ctx.store,
        parsed(request.query.q),
        { person, with: other, unansweredAfterSeconds: request.query.unansweredAfter },
        request.query.limit,
      );
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, total, pairs };
    },
  );

  app.get<{ Querystring: { q: string; bucket: TimelineBucket } }>(
    '/api/timeline',
    {
      config: { openapi: { summary: 'Counts per period, private and public apart, per sender.' } },
      schema: {
        querystring: schemaObject(
          { q, bucket: { type: 'string', enum: ['hour', 'day', 'week', 'month'], default: 'day' } },
          ['q', 'bucket'],
        ),
        response: { 200: documented('timeline', 'See docs/json.md, `innsyn timeline --json`.') },
      },
    },
    async (request, reply) => {
      const items = await ctx.store.analysisItems(parsed(request.query.q), { text: false, only: 'senders' });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, timeline: timeline(items, { bucket: request.query.bucket }) };
    },
  );

  app.get<{ Querystring: { q: string } }>(
    '/api/network',
    {
      config: { openapi: { summary: 'People as nodes, messages as weighted directed edges.' } },
      schema: {
        querystring: schemaObject({ q }, ['q']),
        response: { 200: documented('network', 'See docs/json.md, `innsyn network --format json`.') },
      },
    },
    async (request, reply) => {
      const { items, persons } = await load(ctx, request.query.q, false);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, network: buildNetwork(items, persons) };
    },
  );
}
