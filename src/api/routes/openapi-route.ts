import type { FastifyInstance } from 'fastify';
import type { CollectedRoute } from '../openapi-document.js';
import { openApiDocument } from '../openapi-document.js';

export function registerOpenApiRoute(
  app: FastifyInstance,
  routes: readonly CollectedRoute[],
  cookie: string,
): void {
  let doc: string | null = null;
  app.get(
    '/api/openapi.json',
    {
      config: {
        openapi: {
          summary: 'This document.',
          responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
        },
      },
    },
    async (_request, reply) => {
      // Made once, after every route is registered.
      doc ??= JSON.stringify(openApiDocument(routes, cookie));
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(doc);
    },
  );
}
