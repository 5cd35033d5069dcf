import type { FastifyInstance } from 'fastify';
import { MAX_QUERY_LENGTH, parseQuery } from '../../query/index.js';
import type { SearchOptions } from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { schemaArrayOf, schemaRef, versioned } from '../api-schemas.js';

/** Results per page at most: a page a browser shows. The store allows more (for exports). */
export const MAX_PAGE_LIMIT = 500;
/** Furthest offset: beyond every real case, and SQLite's OFFSET walks every row it skips. */
export const MAX_OFFSET = 10_000_000;
/** Buckets per facet in a search answer (the UI shows 6, and up to 200 unfolded). */
export const FACET_BUCKETS = 100;

interface SearchQuery {
  q: string;
  sort: SearchOptions['sort'];
  offset: number;
  limit: number;
  facets: 0 | 1;
  histogram: 0 | 1;
  interval: 'auto' | 'year' | 'month' | 'day';
}

const flag = (description: string) => ({ type: 'integer', enum: [0, 1], default: 0, description }) as const;

export function registerSearchRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: SearchQuery }>(
    '/api/search',
    {
      config: {
        openapi: {
          summary: 'Search with the query language; optionally facets and a date histogram over all matches.',
        },
      },
      schema: {
        querystring: {
          type: 'object',
          properties: {
            q: {
              type: 'string',
              maxLength: MAX_QUERY_LENGTH,
              default: '',
              description: 'The query (README "Query language"); empty lists everything.',
            },
            sort: { type: 'string', enum: ['relevance', 'date', 'date-asc'], default: 'relevance' },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 },
            facets: flag('1: add `facets`, counted over every match.'),
            histogram: flag('1: add `histogram` of every match by date.'),
            interval: {
              type: 'string',
              enum: ['auto', 'year', 'month', 'day'],
              default: 'auto',
              description: 'Histogram interval; auto keeps to about 200 buckets.',
            },
          },
          additionalProperties: false,
        },
        response: {
          200: versioned(
            {
              query: { type: 'string' },
              total: { type: 'integer' },
              offset: { type: 'integer' },
              limit: { type: 'integer' },
              items: schemaArrayOf(schemaRef('ItemSummary')),
              facets: schemaRef('Facets'),
              histogram: schemaRef('Histogram'),
            },
            ['facets', 'histogram'],
          ),
        },
      },
    },
    async (request, reply) => {
      const { q, sort, offset, limit, facets, histogram, interval } = request.query;
      const key = ctx.cache
        ? `search\n${await ctx.store.dataVersion()}\n${sort}\n${offset}\n${limit}\n${facets}\n${histogram}\n${interval}\n${q}`
        : '';
      const cached = ctx.cache?.get(key);
      reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
      if (cached !== undefined) return reply.send(cached);
      // A bad query throws InnsynError('bad-query') with the column: the error handler answers 400.
      const ast = parseQuery(q);
      // In the order that reads the matches once (SQLite): a search by relevance scores every
      // match and keeps them for the facets and histogram; a search by date stops at its page,
      // so the facets go first and it takes its total from the set they read.
      const search = () => ctx.store.search(ast, { limit, offset, sort });
      const ranked = sort === 'relevance' ? await search() : undefined;
      const facetsDoc = facets === 1 ? await ctx.store.facets(ast, { limit: FACET_BUCKETS }) : undefined;
      const histogramDoc = histogram === 1 ? await ctx.store.histogram(ast, { interval }) : undefined;
      const result = ranked ?? (await search());
      const doc: Record<string, unknown> = {
        version: API_VERSION,
        query: q,
        total: result.total,
        offset,
        limit,
        items: result.items,
      };
      if (facetsDoc) doc.facets = facetsDoc;
      if (histogramDoc) doc.histogram = histogramDoc;
      const body = reply.serialize(doc) as string;
      ctx.cache?.set(key, body);
      return reply.send(body);
    },
  );
}
