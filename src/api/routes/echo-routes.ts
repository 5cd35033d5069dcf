import type { FastifyInstance } from 'fastify';
import { DEFAULT_ECHO_WINDOW_SECONDS, type Echo } from '../../analysis/echoes.js';
import { InnsynError, type AnalysisItem } from '../../model/index.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../../query/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { ITEM_ID_PATTERN, schemaObject, versioned } from '../api-schemas.js';
import { echoMarks, excerptAround, type TextExcerpt } from '../echo-marks.js';
import { EchoSetCache, type EchoSet } from '../echo-set.js';

/**
 * Characters of each text sent with an echo. A 2 MB email echoed by a post would otherwise be
 * sent whole with every echo of it; the part around the evidence is what the page shows.
 */
export const MAX_ECHO_TEXT_CHARS = 10_000;
/** Recipients named per private item: a message to a 5,000-member group names 5,000. */
export const MAX_ECHO_RECIPIENTS = 20;

interface EchoQuery {
  q: string;
  window: number;
  minScore: number;
  limit: number;
  item?: string;
}

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

function side(item: AnalysisItem, excerpt: TextExcerpt) {
  return {
    id: item.id,
    kind: item.kind,
    platform: item.platform,
    sentAt: iso(item.sentAt),
    text: excerpt.text,
    textOffset: excerpt.offset,
    textLength: excerpt.length,
    marks: excerpt.marks,
  };
}

/** One echo as the API sends it: findEchoes' fields, then both items with their texts and marks. */
function echoDocument(e: Echo, set: EchoSet, people: Set<string>) {
  const P = set.items.get(e.privateId) as AnalysisItem;
  const Q = set.items.get(e.publicId) as AnalysisItem;
  const marks = echoMarks(e, P, Q, { private: set.langOf(P), public: set.langOf(Q) });
  const to = P.to.slice(0, MAX_ECHO_RECIPIENTS);
  for (const k of [P.from, Q.from, ...to]) if (k !== null) people.add(k);
  return {
    ...e,
    private: {
      ...side(P, excerptAround(P.text, marks.private, MAX_ECHO_TEXT_CHARS)),
      from: P.from,
      to,
      toCount: P.to.length,
    },
    public: { ...side(Q, excerptAround(Q.text, marks.public, MAX_ECHO_TEXT_CHARS)), author: Q.from },
  };
}

/** Echoes of the case (issue 6; docs/api.md): GET /api/echoes. */
export function registerEchoRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const sets = new EchoSetCache(ctx.store);
  app.get<{ Querystring: EchoQuery }>(
    '/api/echoes',
    {
      config: {
        openapi: {
          summary:
            'Private items followed by public items that echo them, strongest first, with the evidence ' +
            'and both texts with the evidence marked; `item`: only the echoes of that item.',
        },
      },
      schema: {
        querystring: schemaObject(
          {
            q: {
              type: 'string',
              maxLength: MAX_QUERY_LENGTH,
              default: '',
              description: 'Only echoes whose private item matches this query; empty: all.',
            },
            window: {
              type: 'number',
              exclusiveMinimum: 0,
              default: DEFAULT_ECHO_WINDOW_SECONDS,
              description: 'How long after the private item a public one may echo it, in seconds.',
            },
            minScore: { type: 'number', default: 0, description: 'Echoes scoring less are left out.' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
            item: {
              type: 'string',
              pattern: ITEM_ID_PATTERN,
              description: 'An item id: only the echoes this item is in (as the private or the public side).',
            },
          },
          ['q', 'window', 'minScore', 'limit', 'item'],
        ),
        response: {
          200: versioned({
            total: { type: 'integer', description: 'Echoes that pass the filters, before `limit`.' },
            echoes: { type: 'array', items: { type: 'object', additionalProperties: true } },
            people: {
              type: 'object',
              additionalProperties: true,
              description: 'Each person key in the echoes: {name, handle}.',
            },
          }),
        },
      },
    },
    async (request, reply) => {
      const { window, minScore, limit } = request.query;
      // A bad query throws InnsynError('bad-query') with the column before any work is done.
      const ast = request.query.q.trim() === '' ? null : parseQuery(request.query.q);
      const item = request.query.item?.toLowerCase();
      const set = await sets.get(window);
      let picked: Echo[];
      if (item !== undefined) {
        picked = (set.byItem.get(item) ?? []).map((k) => set.echoes[k] as Echo);
        if (picked.length === 0 && !(await ctx.store.getItem(item)))
          throw new InnsynError('not-found', `no item ${item}`);
      } else picked = set.echoes as Echo[];
      if (ast !== null) {
        const matches = await ctx.store.analysisItems(ast, { text: false });
        const ids = new Set(matches.map((i) => i.id));
        picked = picked.filter((e) => ids.has(e.privateId));
      }
      if (minScore > 0) picked = picked.filter((e) => e.score >= minScore);
      const people = new Set<string>();
      const echoes = picked.slice(0, limit).map((e) => echoDocument(e, set, people));
      const named: Record<string, { name: string | null; handle: string | null }> = {};
      for (const k of [...people].sort()) {
        const p = set.persons.get(k);
        named[k] = { name: p?.name ?? null, handle: p?.handles[0] ?? null };
      }
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, total: picked.length, echoes, people: named };
    },
  );
}
