import type { FastifyInstance } from 'fastify';
import { findEchoes } from '../../analysis/echoes.js';
import { buildNetwork } from '../../analysis/network.js';
import { computePairs } from '../../analysis/pairs.js';
import { timeline, type TimelineBucket } from '../../analysis/timeline.js';
import type { AnalysisItem, AnalysisPerson } from '../../model/index.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../../query/index.js';
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

async function load(
  ctx: ApiContext,
  query: string,
  text: boolean,
): Promise<{ items: AnalysisItem[]; persons: AnalysisPerson[] }> {
  // A bad query throws InnsynError('bad-query') with the column: the error handler answers 400.
  const ast = query.trim() === '' ? null : parseQuery(query);
  const items = await ctx.store.analysisItems(ast, { text });
  return { items, persons: await ctx.store.analysisPersons() };
}

/** Pairs, echoes, timeline and network of the matches of a query (issue 5 and 6; docs/json.md). */
export function registerPatternRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { q: string; person?: string; unansweredAfter: number } }>(
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
            unansweredAfter: seconds(
              'Seconds after which an unanswered burst counts as unanswered.',
              7 * 86_400,
            ),
          },
          ['q', 'person', 'unansweredAfter'],
        ),
        response: {
          200: versioned({ pairs: { type: 'array', items: { type: 'object', additionalProperties: true } } }),
        },
      },
    },
    async (request, reply) => {
      const { items, persons } = await load(ctx, request.query.q, true);
      const person = request.query.person
        ? ((await ctx.store.getPerson(request.query.person))?.key ?? request.query.person)
        : undefined;
      const { pairs } = computePairs(items, {
        persons,
        person,
        unansweredAfterSeconds: request.query.unansweredAfter,
      });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, pairs };
    },
  );

  app.get<{ Querystring: { q: string; window: number; minScore: number; limit: number } }>(
    '/api/echoes',
    {
      config: {
        openapi: {
          summary:
            'Private items followed by public items that echo them, strongest first, with the evidence.',
        },
      },
      schema: {
        querystring: schemaObject(
          {
            q,
            window: seconds(
              'How long after the private item a public one may echo it, in seconds.',
              7 * 86_400,
            ),
            minScore: { type: 'number', default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
          },
          ['q', 'window', 'minScore', 'limit'],
        ),
        response: {
          200: versioned({
            echoes: { type: 'array', items: { type: 'object', additionalProperties: true } },
          }),
        },
      },
    },
    async (request, reply) => {
      const { items, persons } = await load(ctx, request.query.q, true);
      const { window, minScore, limit } = request.query;
      const echoes = findEchoes(items, persons, { windowSeconds: window, minScore, limit });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, echoes };
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
      const { items } = await load(ctx, request.query.q, false);
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
