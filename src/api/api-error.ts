import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isInnsynError, type ErrorReason } from '../model/index.js';

/** Version of every JSON document the API answers with (docs/api.md keeps its history). */
export const API_VERSION = 1;

/** The `error.code` of an API error document (docs/api.md "Errors"). */
export type ApiErrorCode =
  'bad-query' | 'bad-request' | 'not-found' | 'unauthorized' | 'forbidden' | 'misdirected' | 'internal';

export interface ApiErrorDocument {
  version: typeof API_VERSION;
  error: { code: ApiErrorCode; message: string; column?: number; reason?: ErrorReason };
}

export function errorDocument(
  code: ApiErrorCode,
  message: string,
  column?: number,
  reason?: ErrorReason,
): ApiErrorDocument {
  return {
    version: API_VERSION,
    error: {
      code,
      message,
      ...(column === undefined ? {} : { column }),
      ...(reason === undefined ? {} : { reason }),
    },
  };
}

/** Sends an error document with the status that goes with its code. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  column?: number,
  reason?: ErrorReason,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(errorDocument(code, message, column, reason)));
}

/**
 * The one place errors become HTTP answers (STYLE.md habit 6). Request validation → 400 with
 * Fastify's message ("querystring/limit must be >= 1"); InnsynError by code; anything else is a
 * bug or a driver failure: logged whole to stderr, answered with a bare 500 that names nothing
 * internal (no message, no stack, no path, no SQL).
 */
export function handleError(
  log: (line: string) => void,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (error, request, reply) => {
    if (error.validation) {
      return sendError(reply, 400, 'bad-request', error.message);
    }
    if (isInnsynError(error)) {
      switch (error.code) {
        case 'bad-query':
          return sendError(reply, 400, 'bad-query', error.message, error.column, error.reason);
        case 'usage':
          return sendError(reply, 400, 'bad-request', error.message);
        case 'not-found':
          return sendError(reply, 404, 'not-found', error.message);
        default:
          break;
      }
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (a malformed URL, a body on a GET): the message is about the
      // request the client sent, never about us.
      return sendError(reply, error.statusCode, 'bad-request', error.message);
    }
    log(
      `innsyn serve: ${request.method} ${request.url.split('?')[0] ?? ''} failed: ` +
        (error.stack ?? String(error)) +
        (error.cause ? `\n  cause: ${String((error.cause as Error).stack ?? error.cause)}` : ''),
    );
    return sendError(reply, 500, 'internal', 'the server failed to answer this request; see its log');
  };
}
