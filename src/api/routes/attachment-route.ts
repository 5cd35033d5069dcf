import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { InnsynError } from '../../model/index.js';
import { rawAttachments } from '../../sources/raw-attachments.js';
import type { ApiContext } from '../api-context.js';
import { ITEM_ID_PATTERN, SHA256_PATTERN, schemaObject } from '../api-schemas.js';
import { attachmentDisposition } from '../content-disposition.js';
import { INERT_CSP } from '../security-headers.js';

/**
 * `/attachment/<sha256>` (stable permalink): the bytes of an attachment, always as a download.
 * They are not stored apart: the message that holds them is parsed again from its raw bytes
 * (the evidence), and the part whose hash matches is sent, after checking the hash.
 */
export function registerAttachmentRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { sha256: string }; Querystring: { item?: string; index?: number } }>(
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
      schema: {
        params: schemaObject({ sha256: { type: 'string', pattern: SHA256_PATTERN } }),
        querystring: schemaObject(
          {
            item: {
              type: 'string',
              pattern: ITEM_ID_PATTERN,
              description:
                'An item holding the attachment: its name there is the file name (the same bytes may be ' +
                'attached under other names elsewhere). Without it, or when that item does not hold it, ' +
                'the name of the first item that does.',
            },
            index: {
              type: 'integer',
              minimum: 0,
              maximum: 100000,
              description:
                "With `item`: the attachment's place in the item's list (from 0), for the same bytes attached twice under two names.",
            },
          },
          ['item', 'index'],
        ),
      },
    },
    async (request, reply) => {
      const sha256 = request.params.sha256.toLowerCase();
      const owner =
        (await ownerNamed(ctx, sha256, request.query.item, request.query.index)) ??
        (await ctx.store.findAttachment(sha256));
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

/**
 * The item `itemId` as the attachment's owner, with the file's name there (at `index` in its
 * list when that is this attachment, else its first with these bytes); null when it holds none.
 */
async function ownerNamed(
  ctx: ApiContext,
  sha256: string,
  itemId: string | undefined,
  index: number | undefined,
): Promise<{ itemId: string; name: string | null } | null> {
  if (itemId === undefined) return null;
  const item = await ctx.store.getItem(itemId.toLowerCase());
  const at = index === undefined ? undefined : item?.attachments[index];
  const a = at?.sha256 === sha256 ? at : item?.attachments.find((x) => x.sha256 === sha256);
  return item && a ? { itemId: item.id, name: a.name } : null;
}
