import type { OpenApiRouteDoc } from './openapi-document.js';

/** What innsyn's routes declare in Fastify's per-route `config`. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the token (the UI shell and its assets only; request-guards.ts). */
    public?: boolean;
    /** Summary and non-JSON responses for the OpenAPI document (openapi-document.ts). */
    openapi?: OpenApiRouteDoc;
  }
}
