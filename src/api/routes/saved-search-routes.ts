import type { FastifyInstance } from 'fastify';
import { requireJson } from '../require-json.js';
import { InnsynError } from '../../model/index.js';
import { MAX_QUERY_LENGTH } from '../../query/index.js';
import {
  MAX_BATCH_TERM_CHARS,
  MAX_BATCH_TERMS,
  MAX_SAVED_SEARCH_NAME_CHARS,
  runBatchSearch,
} from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { schemaArrayOf, schemaObject, versioned } from '../api-schemas.js';

/**
 * Largest batch body: MAX_BATCH_TERMS terms of MAX_BATCH_TERM_CHARS characters, each character at
 * most 6 bytes as a JSON escape, would be 12 MB; a list of names is a few kilobytes. 2 MiB holds
 * the longest list of ordinary names and keeps what a client can push at us bounded.
 */
const BATCH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const savedSearch = schemaObject({
  name: { type: 'string' },
  query: { type: 'string' },
  author: { type: ['string', 'null'] },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
});
const nameParams = schemaObject({
  name: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_SAVED_SEARCH_NAME_CHARS * 4,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'The name of a saved search (compared without case).',
  },
});

/**
 * Saved searches (store/saved-searches.ts) and batch search (store/batch-search.ts). The writes
 * are PUT and DELETE, and the batch a POST of JSON: what no HTML form can send (see
 * annotation-routes.ts); every request guard applies.
 */
export function registerSavedSearchRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/saved-searches',
    {
      config: { openapi: { summary: 'The saved searches of the case, by name.' } },
      schema: { response: { 200: versioned({ searches: schemaArrayOf(savedSearch) }) } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, searches: await ctx.store.listSavedSearches() };
    },
  );

  app.put<{ Params: { name: string }; Body: { query: string } }>(
    '/api/saved-searches/:name',
    {
      config: {
        openapi: {
          summary:
            'Save a query under a name (replaces the query saved under it); 400 when it does not parse.',
        },
      },
      preValidation: requireJson,
      schema: {
        params: nameParams,
        body: schemaObject({ query: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH } }),
        response: { 200: versioned({ search: savedSearch }) },
      },
    },
    async (request, reply) => {
      const search = await ctx.store.saveSearch(request.params.name, request.body.query, {
        author: ctx.authorOf?.(request) ?? null,
      });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, search };
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/saved-searches/:name',
    {
      config: { openapi: { summary: 'Delete a saved search; 404 when there is none of that name.' } },
      schema: { params: nameParams, response: { 200: versioned({ deleted: { type: 'string' } }) } },
    },
    async (request, reply) => {
      const { name } = request.params;
      if (!(await ctx.store.deleteSavedSearch(name)))
        throw new InnsynError('not-found', `no saved search '${name}'`);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, deleted: name };
    },
  );

  app.post<{ Body: { terms: string[]; filter?: string; exact?: boolean } }>(
    '/api/batch-search',
    {
      config: {
        openapi: {
          summary:
            'Search a list of names or terms at once, each with the same filter: hits, first and last date per term.',
        },
      },
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      preValidation: requireJson,
      schema: {
        body: schemaObject(
          {
            terms: {
              ...schemaArrayOf({ type: 'string', maxLength: MAX_BATCH_TERM_CHARS }),
              minItems: 1,
              maxItems: MAX_BATCH_TERMS,
              description:
                'Each a query of its own (or, with exact, an exact phrase); blank and repeated ones are left out.',
            },
            filter: {
              type: 'string',
              maxLength: MAX_QUERY_LENGTH,
              description: 'A query every term is ANDed with.',
            },
            exact: { type: 'boolean', description: 'Each term an exact phrase.' },
          },
          ['filter', 'exact'],
        ),
        response: {
          200: versioned({
            filter: { type: 'string' },
            exact: { type: 'boolean' },
            rows: schemaArrayOf(
              schemaObject({
                term: { type: 'string' },
                query: { type: 'string' },
                hits: { type: ['integer', 'null'] },
                first: { type: ['string', 'null'] },
                last: { type: ['string', 'null'] },
                error: { type: ['string', 'null'] },
                reason: {
                  type: ['object', 'null'],
                  additionalProperties: true,
                  description:
                    "The error as data (key and values): a query error's reason, as in a 400 bad-query, or no-words / too-long-with-filter.",
                },
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const { terms, filter = '', exact = false } = request.body;
      // A filter that does not parse is 400 bad-query (the error handler), its column in the filter.
      const result = await runBatchSearch(ctx.store, terms, { filter, exact });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, ...result };
    },
  );
}
