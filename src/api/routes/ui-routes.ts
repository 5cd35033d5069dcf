import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiContext } from '../api-context.js';
import { sendError } from '../api-error.js';
import { itemIdParams } from '../api-schemas.js';

/** Largest asset file served; the built UI's are a few hundred KB. */
const MAX_ASSET_BYTES = 50 * 1024 * 1024;
/** An asset path: plain names, no dot-segments, no backslashes, nothing encoded. */
const ASSET_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,150}(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,150}){0,4}$/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>innsyn</title></head><body>' +
  '<h1>innsyn</h1><p>The UI is not built: run <code>npm run build</code> and reload this page.</p>' +
  '<p>The API answers meanwhile under <code>/api/</code> (see <code>/api/openapi.json</code>).</p></body></html>';

/**
 * The browser UI (web/dist): index.html for the app's own paths (client-side routes), files
 * under /assets/ with a long cache (their names carry a content hash), and a plain page saying
 * what to do when the UI has not been built.
 */
export function registerUiRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const indexHtml = async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    try {
      return await reply.send(await readFile(path.join(ctx.uiDir, 'index.html')));
    } catch {
      return reply.code(503).send(NOT_BUILT);
    }
  };
  const html = { description: 'The UI (index.html)', contentType: 'text/html; charset=utf-8' };

  app.get(
    '/',
    { config: { public: true, openapi: { summary: 'The UI.', responses: { 200: html } } } },
    indexHtml,
  );
  app.get(
    '/item/:id',
    {
      config: {
        // Public like every UI route: the shell holds no case data (its API calls need the
        // token), and a permalink opened from another app must load.
        public: true,
        openapi: { summary: "The UI's page of one item (stable permalink).", responses: { 200: html } },
      },
      schema: { params: itemIdParams },
    },
    indexHtml,
  );
  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    {
      config: {
        public: true,
        openapi: {
          summary: 'Files of the built UI (names carry a content hash; cached for a year).',
          responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
        },
      },
    },
    async (request, reply) => {
      const rel = request.params['*'];
      if (!ASSET_PATH.test(rel)) return sendError(reply, 404, 'not-found', 'no such asset');
      const dir = path.join(ctx.uiDir, 'assets');
      const file = path.join(dir, rel);
      if (!file.startsWith(dir + path.sep)) return sendError(reply, 404, 'not-found', 'no such asset');
      try {
        const s = await stat(file);
        if (!s.isFile() || s.size > MAX_ASSET_BYTES)
          return sendError(reply, 404, 'not-found', 'no such asset');
        return reply
          .type(TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(await readFile(file));
      } catch {
        return sendError(reply, 404, 'not-found', 'no such asset');
      }
    },
  );

  // Any other GET is a client-side route of the UI (/search, /thread/…, /sources): the shell,
  // which holds no case data. Paths under the data prefixes that match no route are plain 404s.
  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/(api|attachment|assets)(\/|$)/i.test(pathname)
    ) {
      return indexHtml(request, reply);
    }
    return sendError(reply, 404, 'not-found', `no route ${request.method} ${pathname}`);
  });
}
