import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './api-error.js';

/**
 * A preValidation hook: 415 unless the body is declared `application/json`. What an HTML form
 * can send (text/plain, urlencoded, multipart) is refused before anything runs, and another
 * origin's script cannot send JSON without a CORS preflight, which this server never answers.
 * (Fastify would otherwise parse a text/plain body into a string.)
 */
export async function requireJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    await sendError(reply, 415, 'bad-request', 'send the body as application/json');
  }
}
