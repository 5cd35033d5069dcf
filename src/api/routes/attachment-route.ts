import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { InnsynError } from '../../model/index.js';
import { rawAttachments } from '../../sources/raw-attachments.js';
import type { ApiContext } from '../api-context.js';
import { SHA256_PATTERN, schemaObject } from '../api-schemas.js';
import { attachmentDisposition } from '../content-disposition.js';
import { INERT_CSP } from '../security-headers.js';

/**
 * `/attachment/<sha256>` (stable permalink): the bytes of an attachment, always as a download.
 * They are not stored apart: the message that holds them is parsed again from its raw bytes
 * (the evidence), and the part whose hash matches is sent, after checking the hash.
 */
export function registerAttachmentRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { sha256: string } }>(
    '/attachment/:sha256',
    {
      config: {
        openapi: {
          summary: 'The bytes of an attachment, by their sha256, as a download (never shown inline).',
          responses: {
            200: {
              description:
                'The attachment bytes, application/octet-stream whatever the message declared, with ' +
                'Content-Disposition: attachment and a file name made safe.',
              contentType: 'application/octet-stream',
            },
          },
        },
      },
      schema: { params: schemaObject({ sha256: { type: 'string', pattern: SHA256_PATTERN } }) },
    },
    async (request, reply) => {
      const sha256 = request.params.sha256.toLowerCase();
      const owner = await ctx.store.findAttachment(sha256);
      if (!owner) throw new InnsynError('not-found', `no attachment with sha256 ${sha256}`);
      const raw = await ctx.store.getRaw(owner.itemId);
      if (!raw)
        throw new InnsynError('not-found', `the message holding attachment ${sha256} has no raw bytes`);
      const part = rawAttachments(raw).find((a) => a.sha256 === sha256);
      if (!part) {
        throw new InnsynError(
          'not-found',
          `attachment ${sha256} is recorded for item ${owner.itemId} but its message no longer yields it ` +
            '(read with an older innsyn?): ingest the file again',
        );
      }
      const actual = createHash('sha256').update(part.content).digest('hex');
      if (actual !== sha256) {
        throw new InnsynError('internal', `attachment ${sha256} of item ${owner.itemId} hashes to ${actual}`);
      }
      return (
        reply
          // Never the declared type: a text/html or image/svg+xml attachment must not render in
          // our origin. octet-stream + nosniff + attachment: the browser only saves it.
          .type('application/octet-stream')
          .header(
            'content-disposition',
            attachmentDisposition(owner.name ?? part.filename, `attachment-${sha256.slice(0, 12)}`),
          )
          .header('content-security-policy', INERT_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          .send(Buffer.from(part.content.buffer, part.content.byteOffset, part.content.byteLength))
      );
    },
  );
}
