import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);

/** JSON answers smaller than this go as they are: gzip would save less than it costs. */
const MIN_BYTES = 1024;

/**
 * gzip for JSON answers when the client accepts it: the conversation of a 5,000-message chat is
 * ~10 MB of JSON and ~0.4 MB gzipped. Only `application/json` (the UI's assets are small and
 * raw sources and attachments go out byte for byte, as evidence). Level 1: fast, most of the gain.
 */
export function compressJson(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json') || reply.getHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (Buffer.byteLength(payload) < MIN_BYTES) return payload;
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (!/\bgzip\b/i.test(accepts)) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    reply.removeHeader('content-length');
    return gzipAsync(payload, { level: 1 });
  });
}
