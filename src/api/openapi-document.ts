import type { FastifySchema } from 'fastify';
import { API_VERSION } from './api-error.js';
import { SHARED_SCHEMAS } from './api-schemas.js';

/** What a route adds to the OpenAPI document besides its Fastify schema (config.openapi). */
export interface OpenApiRouteDoc {
  summary: string;
  /** Responses that are not the JSON of `schema.response` (HTML, raw bytes, files). */
  responses?: Record<number, { description: string; contentType: string }>;
}

/** A route as Fastify's onRoute hook reports it: the part the document is made from. */
export interface CollectedRoute {
  method: string | string[];
  url: string;
  schema?: FastifySchema;
  config?: { public?: boolean; openapi?: OpenApiRouteDoc };
}

type Json = Record<string, unknown>;

/** What team mode (team-server.ts) changes in the document; single-user mode gives none. */
export interface OpenApiOptions {
  /** `info.description` in place of single-user mode's. */
  description?: string;
  /**
   * The header a cookie request that changes something must carry (team mode's CSRF token):
   * added as the security scheme `csrf`, required with the cookie on every such operation.
   */
  csrfHeader?: string;
  /** Parameters an operation takes besides its schema's (team mode: the collection it is for). */
  extraParameters?: (route: CollectedRoute) => Json[];
  /** Descriptions of error statuses in place of single-user mode's. */
  errors?: Partial<Record<number, string>>;
}

const ERRORS: Record<number, string> = {
  400: 'Bad request or bad query (error.code bad-request or bad-query, with the column)',
  401: 'No valid token (cookie or Authorization: Bearer)',
  403: 'A request another site made the browser send (Sec-Fetch-Site)',
  404: 'No such item, thread, attachment, person or route',
  415: 'A request body that is not application/json',
  421: "The Host header is not this server's own (DNS rebinding defence)",
  500: 'The server failed; the body names nothing internal',
};

/**
 * The OpenAPI 3.1 document of the API, made from the very schemas Fastify validates requests
 * and serialises answers with (collected by an onRoute hook in build-app.ts), so it cannot
 * describe another API than the one served. HEAD routes (made by Fastify for every GET) are left
 * out; routes without `config.openapi` too (none in innsyn: a test checks every route is here).
 */
export function openApiDocument(
  routes: readonly CollectedRoute[],
  cookieName: string,
  options: OpenApiOptions = {},
): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const doc = route.config?.openapi;
    if (!doc) continue;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const { path, wildcard } = openApiPath(route.url);
      (paths[path] ??= {})[method.toLowerCase()] = operation(route, doc, wildcard, method, options);
    }
  }
  const components: Json = {};
  for (const s of SHARED_SCHEMAS) {
    const { $id, ...rest } = s as { $id: string } & Json;
    components[$id] = refsToComponents(rest);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'innsyn',
      version: String(API_VERSION),
      description:
        options.description ??
        'The HTTP API of innsyn serve (docs/api.md). Every JSON answer carries "version": 1. ' +
          'Open the URL innsyn serve prints (with ?token=) once to get the cookie, or send Authorization: Bearer.',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: cookieName },
        ...(options.csrfHeader === undefined
          ? {}
          : { csrf: { type: 'apiKey', in: 'header', name: options.csrfHeader } }),
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
  };
}

function operation(
  route: CollectedRoute,
  doc: OpenApiRouteDoc,
  wildcard: boolean,
  method: string,
  options: OpenApiOptions,
): Json {
  const schema = route.schema ?? {};
  const parameters: Json[] = [];
  const params = schema.params as { properties?: Record<string, Json> } | undefined;
  for (const [name, s] of Object.entries(params?.properties ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: refsToComponents(s) });
  }
  if (wildcard) parameters.push({ name: 'path', in: 'path', required: true, schema: { type: 'string' } });
  const query = schema.querystring as { properties?: Record<string, Json>; required?: string[] } | undefined;
  for (const [name, s] of Object.entries(query?.properties ?? {})) {
    const { description, ...rest } = s;
    parameters.push({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      ...(description === undefined ? {} : { description }),
      schema: refsToComponents(rest),
    });
  }
  parameters.push(...(options.extraParameters?.(route) ?? []));
  const body = schema.body as Json | undefined;
  const responses: Record<string, Json> = {};
  const json = (schema.response as Record<string, Json> | undefined)?.[200];
  if (json) {
    responses['200'] = {
      description: 'OK',
      content: { 'application/json': { schema: refsToComponents(json) } },
    };
  }
  for (const [status, r] of Object.entries(doc.responses ?? {})) {
    responses[status] = { description: r.description, content: { [r.contentType]: {} } };
  }
  const error = {
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorDocument' } } },
  };
  const statuses = [
    ...(parameters.length > 0 || body ? [400] : []),
    ...(route.config?.public ? [] : [401]),
    403,
    404,
    ...(body ? [415] : []),
    421,
    500,
  ];
  for (const status of statuses)
    responses[String(status)] = { description: options.errors?.[status] ?? ERRORS[status], ...error };
  // A cookie request that changes something needs the CSRF header as well (AND within one entry).
  const csrf = options.csrfHeader !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method);
  return {
    summary: doc.summary,
    ...(route.config?.public
      ? { security: [] }
      : csrf
        ? { security: [{ bearer: [] }, { cookie: [], csrf: [] }] }
        : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: refsToComponents(body) } },
          },
        }
      : {}),
    responses,
  };
}

/** `/api/items/:id` → `/api/items/{id}`; `/assets/*` → `/assets/{path}`. */
function openApiPath(url: string): { path: string; wildcard: boolean } {
  const wildcard = url.endsWith('*');
  const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
  return { path, wildcard };
}

/**
 * A copy of a schema (ours: small, fixed, not user data) with Fastify's `Name#` references
 * turned into OpenAPI component references. Iterative, with an explicit stack.
 */
function refsToComponents(schema: unknown): Json {
  const root = structuredClone(schema) as Json;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (node !== null && typeof node === 'object') {
      const o = node as Json;
      if (typeof o.$ref === 'string' && o.$ref.endsWith('#'))
        o.$ref = `#/components/schemas/${o.$ref.slice(0, -1)}`;
      stack.push(...Object.values(o));
    }
  }
  return root;
}
