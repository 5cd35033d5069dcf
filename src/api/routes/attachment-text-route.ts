import type { FastifyInstance } from 'fastify';
import { attachmentSearchType, type AttachmentKind } from '../../extract/attachments/attachment-type.js';
import { InnsynError } from '../../model/index.js';
import { analyzeText } from '../../model/text/analyzer.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../../query/index.js';
import { MAX_ATTACHMENT_HOLDERS } from '../../store/index.js';
import { queryHighlights } from '../../store/query-highlights.js';
import { matchRanges } from '../../store/snippet.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import {
  SHA256_PATTERN,
  schemaArrayOf,
  schemaObject,
  schemaRef,
  schemaRefOrNull,
  versioned,
} from '../api-schemas.js';

/** Marks sent at most: a word on every line of a 2,000,000-character text is not a list to draw. */
export const MAX_TEXT_MARKS = 2_000;

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;

/**
 * `/api/attachments/{sha256}/text`: the text read from an attachment (docs/attachments.md), as
 * JSON (a string: never served as HTML or anything a browser renders), what reading it gave, and
 * every item that holds the file with every place each was found. The bytes themselves are at
 * `/attachment/{sha256}` (attachment-route.ts).
 */
export function registerAttachmentTextRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { sha256: string }; Querystring: { holders: number; q: string } }>(
    '/api/attachments/:sha256/text',
    {
      config: {
        openapi: {
          summary:
            'The text read from an attachment (plain text in JSON), what reading it gave, and the items that hold it.',
        },
      },
      schema: {
        params: schemaObject({ sha256: { type: 'string', pattern: SHA256_PATTERN } }),
        querystring: schemaObject(
          {
            holders: {
              type: 'integer',
              minimum: 0,
              maximum: MAX_ATTACHMENT_HOLDERS,
              default: 100,
              description: 'Items listed at most (oldest first); `holderCount` says how many hold it.',
            },
            q: {
              type: 'string',
              maxLength: MAX_QUERY_LENGTH,
              default: '',
              description: 'A query whose words to mark in the text (`marks`), as search snippets mark them.',
            },
          },
          ['holders', 'q'],
        ),
        response: {
          200: versioned({
            sha256: str,
            name: { ...strOrNull, description: 'Its name on the first item that holds it.' },
            contentType: str,
            type: str,
            extraction: schemaRefOrNull('AttachmentExtraction'),
            text: {
              ...strOrNull,
              description: 'Plain text, LF line ends; null when none was read. Show it as text only.',
            },
            marks: {
              ...schemaArrayOf({ type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 }),
              description: `[start, end) of each word of \`q\` in \`text\` (UTF-16 offsets), at most ${MAX_TEXT_MARKS}.`,
            },
            holderCount: { type: 'integer' },
            holders: schemaArrayOf(
              schemaObject({
                itemId: str,
                seq: { type: 'integer' },
                name: strOrNull,
                contentType: str,
                sentAt: strOrNull,
                subject: strOrNull,
                locations: schemaArrayOf(schemaRef('Location')),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const sha256 = request.params.sha256.toLowerCase();
      const [texts, held] = await Promise.all([
        ctx.store.getAttachmentTexts([sha256], true),
        ctx.store.listAttachmentHolders(sha256, Math.max(1, request.query.holders)),
      ]);
      const first = held.holders[0];
      if (!first) throw new InnsynError('not-found', `no attachment with sha256 ${sha256}`);
      const t = texts.get(sha256);
      const text = t?.text ?? null;
      // A bad query throws InnsynError('bad-query'): 400 with the column, as /api/search.
      const h = queryHighlights(parseQuery(request.query.q), 'attachment');
      const lang = t?.lang ?? null;
      const marks =
        text === null ? [] : matchRanges(text, h, (run) => analyzeText(run, lang), MAX_TEXT_MARKS);
      reply.header('cache-control', 'no-store');
      return {
        version: API_VERSION,
        sha256,
        name: first.name,
        contentType: first.contentType,
        type: attachmentSearchType((t?.kind ?? null) as AttachmentKind | null, {
          name: first.name,
          contentType: first.contentType,
        }),
        extraction: t
          ? {
              status: t.status,
              kind: t.kind,
              method: t.method,
              chars: t.chars,
              pages: t.pages,
              ocrPages: t.ocrPages,
              ocrConfidence: t.ocrConfidence,
              ocr: t.ocr,
              lang: t.lang,
              flags: t.flags,
              error: t.error,
            }
          : null,
        text,
        marks,
        holderCount: held.total,
        holders: request.query.holders === 0 ? [] : held.holders,
      };
    },
  );
}
