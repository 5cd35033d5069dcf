import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InnsynError } from '../../model/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION, sendError } from '../api-error.js';
import { schemaArrayOf, schemaObject, schemaRef, versioned } from '../api-schemas.js';

/** Results per page at most (the store allows 1,000). */
export const MAX_PEOPLE_PAGE = 500;
/** Longest key accepted: an identity key is a platform, a colon and an address (rarely over 300). */
const MAX_KEY_LENGTH = 1000;

const keySchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_KEY_LENGTH,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description:
    'A person or identity key (platform:address, e.g. x:16589206), a handle (@wikileaks), an address or a name.',
} as const;

/**
 * People (store/people.ts): list, show, and the hand edits. The edits change the case, so they
 * are POSTs with a JSON body: besides the guards every request passes (token, Host,
 * Sec-Fetch-Site; request-guards.ts), a body must be `application/json`, which no HTML form
 * can send and which another origin's script cannot send without a CORS preflight this server
 * never answers.
 */
export function registerPeopleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { q: string; offset: number; limit: number } }>(
    '/api/people',
    {
      config: { openapi: { summary: 'Persons, most items first; q filters by name, handle or address.' } },
      schema: {
        querystring: schemaObject({
          q: {
            type: 'string',
            maxLength: MAX_KEY_LENGTH,
            default: '',
            description: 'Part of a name, handle or address.',
          },
          offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PEOPLE_PAGE, default: 50 },
        }),
        response: {
          200: versioned({
            query: { type: 'string' },
            total: { type: 'integer' },
            offset: { type: 'integer' },
            limit: { type: 'integer' },
            people: schemaArrayOf(schemaRef('PersonListEntry')),
          }),
        },
      },
    },
    async (request, reply) => {
      const { q, offset, limit } = request.query;
      const list = await ctx.store.listPeople({ query: q, offset, limit });
      // The marks of every row in the same answer: a list is one request, not one a person.
      const people = await Promise.all(
        list.people.map(async (p) => ({
          ...p,
          annotations: await ctx.store.getAnnotations({ kind: 'person', key: p.key }),
        })),
      );
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, query: q, total: list.total, offset, limit, people };
    },
  );

  app.get<{ Params: { key: string } }>(
    '/api/people/:key',
    {
      config: {
        openapi: {
          summary:
            'One person: its identities with every name seen, counts and dates, why they are joined, the edits naming them.',
        },
      },
      schema: {
        params: schemaObject({ key: keySchema }),
        response: { 200: versioned({ person: schemaRef('Person') }) },
      },
    },
    async (request, reply) => {
      const person = await ctx.store.getPerson(request.params.key);
      if (!person) throw new InnsynError('not-found', `no person or identity '${request.params.key}'`);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, person };
    },
  );

  app.post<{ Body: { a: string; b: string } }>(
    '/api/people/merge',
    {
      config: {
        openapi: { summary: 'Join two persons (recorded as an edit; survives reindex and export).' },
      },
      preValidation: requireJson,
      schema: {
        body: schemaObject({ a: keySchema, b: keySchema }),
        response: { 200: versioned({ person: schemaRef('Person') }) },
      },
    },
    async (request, reply) => {
      const person = await ctx.store.mergePeople(request.body.a, request.body.b);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, person };
    },
  );

  app.post<{ Body: { identity: string } }>(
    '/api/people/split',
    {
      config: { openapi: { summary: 'Take one identity out of its person (recorded as an edit).' } },
      preValidation: requireJson,
      schema: {
        body: schemaObject({ identity: keySchema }),
        response: { 200: versioned({ identity: schemaRef('Person'), rest: schemaRef('Person') }) },
      },
    },
    async (request, reply) => {
      const result = await ctx.store.splitIdentity(request.body.identity);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, identity: result.identity, rest: result.rest };
    },
  );

  app.post<{ Body: { identity: string; handle?: string; name?: string } }>(
    '/api/people/alias',
    {
      config: {
        openapi: {
          summary:
            'Give an identity another handle (joins like a handle seen in an export) and/or name (recorded as an edit).',
        },
      },
      preValidation: requireJson,
      schema: {
        body: schemaObject(
          {
            identity: keySchema,
            handle: { type: 'string', minLength: 1, maxLength: 101 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
          },
          ['handle', 'name'],
        ),
        response: { 200: versioned({ person: schemaRef('Person') }) },
      },
    },
    async (request, reply) => {
      const { identity, handle, name } = request.body;
      const person = await ctx.store.aliasIdentity(identity, {
        ...(handle === undefined ? {} : { handle }),
        ...(name === undefined ? {} : { name }),
      });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, person };
    },
  );
}

/** 415 unless the body is declared JSON (Fastify would parse text/plain into a string). */
async function requireJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    await sendError(reply, 415, 'bad-request', 'send the body as application/json');
  }
}
