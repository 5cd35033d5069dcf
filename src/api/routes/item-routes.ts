import type { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { InnsynError } from '../../model/index.js';
import { listItemAttachments } from '../../store/index.js';
import { foldersOfLocations } from '../../model/folders.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import {
  itemIdParams,
  schemaArrayOf,
  schemaObject,
  schemaRef,
  schemaRefOrNull,
  versioned,
} from '../api-schemas.js';
import { sanitizeHtml } from '../html/sanitize-html.js';
import { messageDocument } from '../html/message-document.js';
import { INERT_CSP, MESSAGE_HTML_CSP } from '../security-headers.js';

interface IdParams {
  id: string;
}

export function registerItemRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: IdParams }>(
    '/api/items/:id',
    {
      config: { openapi: { summary: 'One item, every place it was found, and its thread.' } },
      schema: {
        params: itemIdParams,
        response: {
          200: versioned({
            item: schemaRef('Item'),
            locations: schemaArrayOf(schemaRef('Location')),
            folders: {
              type: 'array',
              items: { type: 'string' },
              description:
                'The folders of every copy (each once, the first copy first): what `folder:` finds the item by.',
            },
            folderQueries: {
              type: 'array',
              items: { type: 'string' },
              description:
                'For each of `folders`, the shortest `folder:` value that finds the same folders as its whole name ' +
                '(`Sent`, `john/Sent`): the query of a link to the folder, without where the files were kept.',
            },
            thread: schemaRefOrNull('ThreadView'),
            annotations: schemaRef('Annotations'),
            conversationAnnotations: schemaRefOrNull('Annotations'),
            attachments: schemaArrayOf(schemaRef('AttachmentInfo')),
          }),
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id.toLowerCase();
      const item = await ctx.store.getItem(id);
      if (!item) throw new InnsynError('not-found', `no item ${id}`);
      const { html, ...rest } = item;
      const [locations, thread, annotations, conversationAnnotations, attachments] = await Promise.all([
        ctx.store.getLocations(id),
        ctx.store.getThread(id),
        ctx.store.getAnnotations({ kind: 'item', key: id }),
        item.conversationId
          ? ctx.store.getAnnotations({ kind: 'conversation', key: item.conversationId })
          : null,
        listItemAttachments(ctx.store, item),
      ]);
      const folders = foldersOfLocations(locations);
      reply.header('cache-control', 'no-store');
      return {
        version: API_VERSION,
        // Left out when there is HTML (it is only ever served sanitised, below); null when none.
        item: html === null ? { ...rest, html: null } : rest,
        locations,
        folders,
        folderQueries: await ctx.store.folderQueries(folders),
        thread,
        annotations,
        conversationAnnotations,
        attachments,
      };
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/items/:id/html',
    {
      config: {
        openapi: {
          summary:
            "The item's HTML, sanitised on the server, as a document for a sandboxed iframe (CSP: no script, no network).",
          responses: {
            200: { description: 'Sanitised HTML document', contentType: 'text/html; charset=utf-8' },
          },
        },
      },
      schema: { params: itemIdParams },
    },
    async (request, reply) => {
      const id = request.params.id.toLowerCase();
      const item = await ctx.store.getItem(id);
      if (!item) throw new InnsynError('not-found', `no item ${id}`);
      if (item.html === null) throw new InnsynError('not-found', `item ${id} has no HTML part`);
      const { html } = sanitizeHtml(item.html);
      return (
        reply
          .header('content-security-policy', MESSAGE_HTML_CSP)
          // The app frames it (browsers without CSP frame-ancestors read this instead).
          .header('x-frame-options', 'SAMEORIGIN')
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(messageDocument(html))
      );
    },
  );

  app.get<{ Params: IdParams; Querystring: { download: 0 | 1 } }>(
    '/item/:id/raw',
    {
      config: {
        openapi: {
          summary:
            'The exact bytes the item was read from (stable permalink). Shown as text; ?download=1 saves it as <id>.eml.',
          responses: {
            200: {
              description:
                'The raw bytes, unchanged: text/plain with charset utf-8 when they are valid UTF-8, else windows-1252 ' +
                '(every byte shows as some character); application/octet-stream with ?download=1.',
              contentType: 'text/plain',
            },
          },
        },
      },
      schema: {
        params: itemIdParams,
        querystring: schemaObject({ download: { type: 'integer', enum: [0, 1], default: 0 } }, ['download']),
      },
    },
    async (request, reply) => {
      const id = request.params.id.toLowerCase();
      const raw = await ctx.store.getRaw(id);
      if (!raw) throw new InnsynError('not-found', `no item ${id}`);
      const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      reply.header('content-security-policy', INERT_CSP).header('cache-control', 'no-store');
      if (request.query.download === 1) {
        return reply
          .header('content-disposition', `attachment; filename="${id}.eml"`)
          .type('application/octet-stream')
          .send(bytes);
      }
      // The bytes are sent exactly as stored: a message in Latin-1 or with binary parts is not
      // UTF-8, and labelling it so would show U+FFFD where evidence is. windows-1252 maps every
      // byte to a character (browsers treat ISO-8859-1 as it), so nothing is hidden.
      const charset = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
      return reply.header('content-disposition', 'inline').type(`text/plain; charset=${charset}`).send(bytes);
    },
  );
}
