/**
 * Exports and the story timeline report as downloads (issue 9, points 3-5; docs/api.md):
 * `GET /api/export.zip`, `GET /api/export.mbox`, `GET /api/report.html`. Each streams what
 * `innsyn export` / `innsyn report` would write, as it is made, to the response: nothing of the
 * size of the export is held in memory, and the only files on disk are the evidence exporter's
 * own spool files, which it removes whether it finishes, fails, or the client goes away (the zip
 * stream then fails the export, which aborts). Every one of them is a download (Content-
 * Disposition: attachment), guarded like every data route (token, Host, Sec-Fetch-Site), and
 * reported to `ctx.onExport` when it ends: the hook the team mode's audit log is to use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { DEFAULT_ECHO_WINDOW_SECONDS } from '../../analysis/echoes.js';
import { exportEvidence } from '../../export/index.js';
import { mboxStream } from '../../export/mbox-stream.js';
import { openZipStreamSink } from '../../export/zip-stream-sink.js';
import { MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../../query/index.js';
import { buildReport, checkTimeZone, REPORT_LANGS, type ReportLang } from '../../report/index.js';
import type { ApiContext } from '../api-context.js';
import { API_VERSION } from '../api-error.js';
import { schemaObject } from '../api-schemas.js';
import { attachmentDisposition } from '../content-disposition.js';
import { EchoSetCache } from '../echo-set.js';
import type { ExportEvent } from '../export-audit.js';
import { innsynVersion } from '../innsyn-version.js';

/** Longest report title taken: a headline, not a document. */
export const MAX_REPORT_TITLE_CHARS = 200;

const queryParam = {
  type: 'string',
  maxLength: MAX_QUERY_LENGTH,
  default: '',
  description: 'The query (README "Query language"); empty: every item of the case.',
} as const;

interface ExportQuery {
  q: string;
}

interface ReportQuery {
  q: string;
  tz: string;
  lang: ReportLang;
  title: string;
  window: number;
}

export function registerExportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const announce = exportAnnouncer(app, ctx);
  // Reports of one window at a time: the echoes page keeps its own (echo-routes.ts).
  const echoSets = new EchoSetCache(ctx.store, 1);

  app.get<{ Querystring: ExportQuery }>(
    '/api/export.zip',
    {
      config: {
        openapi: {
          summary:
            'The evidence export of the matches of `q` (as innsyn export QUERY --out FILE.zip) as a zip download, streamed as it is made; check it with innsyn verify.',
          responses: {
            200: {
              description:
                'A zip: items/<id>.<ext> (original bytes), attachments/, items.csv, items.jsonl and manifest.json (last) with the sha256 of every file. ' +
                'Content-Disposition: attachment. A download cut short is not a valid zip.',
              contentType: 'application/zip',
            },
          },
        },
      },
      schema: { querystring: schemaObject({ q: queryParam }, ['q']) },
    },
    async (request, reply) => {
      const { q } = request.query;
      const query = parse(q);
      const started = new Date();
      const name = `innsyn-export-${stamp(started)}.zip`;
      const { sink, stream, cancelled } = openZipStreamSink(name);
      let items = 0;
      void exportEvidence(ctx.store, query, sink, {
        queryText: q,
        innsynVersion: innsynVersion(),
        // The documents of items.jsonl are those of GET /api/items/:id (and innsyn show --json).
        itemDocumentVersion: API_VERSION,
        created: started,
        // The server does not name its database file to its clients.
        database: null,
        spoolDir: tmpdir(),
        onProgress: (p) => (items = p.items),
      }).then(
        (r) =>
          announce(request, event('evidence-zip', q, started, 'complete', r.counts.items, r.manifest.sha256)),
        (e: unknown) => {
          const outcome = cancelled() ? 'cancelled' : 'failed';
          if (outcome === 'failed') logFailure(ctx, request, e);
          announce(request, event('evidence-zip', q, started, outcome, items, null));
        },
      );
      return download(reply, name, 'application/zip').send(stream);
    },
  );

  app.get<{ Querystring: ExportQuery }>(
    '/api/export.mbox',
    {
      config: {
        openapi: {
          summary:
            'The email matches of `q` as one mboxrd file (as innsyn export QUERY --format mbox), oldest first, each as its original bytes; other matches are left out.',
          responses: {
            200: {
              description: 'An mbox (mboxrd), Content-Disposition: attachment.',
              contentType: 'application/mbox',
            },
          },
        },
      },
      schema: { querystring: schemaObject({ q: queryParam }, ['q']) },
    },
    async (request, reply) => {
      const { q } = request.query;
      const query = parse(q);
      const started = new Date();
      const name = `innsyn-emails-${stamp(started)}.mbox`;
      const { chunks, counts } = mboxStream(ctx.store, query);
      const stream = Readable.from(chunks, { objectMode: false });
      void outcomeOf(stream, ctx, request).then((outcome) =>
        announce(request, event('mbox', q, started, outcome, counts.messages, counts.sha256)),
      );
      return download(reply, name, 'application/mbox').send(stream);
    },
  );

  app.get<{ Querystring: ReportQuery }>(
    '/api/report.html',
    {
      config: {
        openapi: {
          summary:
            'The story timeline of the matches of `q` (as innsyn report) as one self-contained HTML file to download: times in `tz` and UTC, who wrote to whom, the texts, echoes, permalinks and hashes.',
          responses: {
            200: {
              description:
                'A self-contained HTML document (no script, nothing loaded), Content-Disposition: attachment, with the app’s Content-Security-Policy.',
              contentType: 'text/html',
            },
          },
        },
      },
      schema: {
        querystring: schemaObject(
          {
            q: queryParam,
            tz: {
              type: 'string',
              maxLength: 64,
              default: 'UTC',
              description: 'IANA time zone every time is shown in (besides UTC), e.g. Europe/Oslo.',
            },
            lang: { type: 'string', enum: [...REPORT_LANGS], default: 'en' },
            title: { type: 'string', maxLength: MAX_REPORT_TITLE_CHARS, default: '' },
            window: {
              type: 'number',
              exclusiveMinimum: 0,
              default: DEFAULT_ECHO_WINDOW_SECONDS,
              description: 'How long after a private item a public one may echo it, in seconds.',
            },
          },
          ['q', 'tz', 'lang', 'title', 'window'],
        ),
      },
    },
    async (request, reply) => {
      const { q, tz, lang, title, window } = request.query;
      const query = parse(q);
      const timeZone = checkTimeZone(tz);
      const started = new Date();
      const echoes = await echoSets.get(window);
      // Permalinks name this server as the request reached it (the Host header passed the guard).
      const baseUrl = `${request.protocol}://${request.host}`;
      const report = await buildReport(
        ctx.store,
        query,
        {
          title,
          queryText: q,
          timeZone,
          lang,
          baseUrl,
          created: started,
          innsynVersion: innsynVersion(),
          echoWindowSeconds: window,
        },
        echoes,
      );
      const hash = createHash('sha256');
      async function* bytes(): AsyncGenerator<Buffer> {
        for await (const chunk of report.chunks()) {
          const b = Buffer.from(chunk, 'utf8');
          hash.update(b);
          yield b;
        }
      }
      const stream = Readable.from(bytes(), { objectMode: false });
      const name = `innsyn-report-${stamp(started)}.html`;
      void outcomeOf(stream, ctx, request).then((outcome) =>
        announce(
          request,
          event(
            'report',
            q,
            started,
            outcome,
            report.summary.counts.items,
            outcome === 'complete' ? hash.digest('hex') : null,
          ),
        ),
      );
      // The app's Content-Security-Policy stays (set for every answer): were the file ever shown
      // from this origin, nothing in it could run; as a download it is the file's own that counts.
      return download(reply, name, 'text/html; charset=utf-8').send(stream);
    },
  );
}

function parse(q: string): QueryNode | null {
  // A bad query throws InnsynError('bad-query') with the column: the error handler answers 400.
  return q.trim() === '' ? null : parseQuery(q);
}

function download(reply: FastifyReply, name: string, type: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', attachmentDisposition(name, 'innsyn-download'))
    .header('cache-control', 'no-store');
}

/** '20161012-123100': the UTC moment a download was asked for, for its file name. */
function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function event(
  format: ExportEvent['format'],
  query: string,
  started: Date,
  outcome: ExportEvent['outcome'],
  items: number,
  sha256: string | null,
): ExportEvent {
  return { format, query, started: started.toISOString(), outcome, items, sha256 };
}

/**
 * How a streamed answer ended: 'complete' when its last byte was read, 'failed' when making it
 * threw (logged), 'cancelled' when the client went away first (Fastify destroys the stream).
 */
function outcomeOf(
  stream: Readable,
  ctx: ApiContext,
  request: FastifyRequest,
): Promise<ExportEvent['outcome']> {
  return new Promise((resolve) => {
    let ended = false;
    let failed = false;
    stream.once('end', () => (ended = true));
    stream.once('error', (e) => {
      failed = true;
      logFailure(ctx, request, e);
    });
    stream.once('close', () => resolve(failed ? 'failed' : ended ? 'complete' : 'cancelled'));
  });
}

function logFailure(ctx: ApiContext, request: FastifyRequest, e: unknown): void {
  const err = e as Error;
  ctx.log(
    `innsyn serve: GET ${request.url.split('?')[0] ?? ''} failed while streaming: ${err.stack ?? String(e)}`,
  );
}

/**
 * Tells the app's export hook (team mode: the audit log) about an export; a failure of the hook
 * is logged and never reaches the client. The hook runs after the stream closed: closing the
 * app waits for those still running, so a server that stops never drops the record of an
 * export it served, nor writes it to a team store already closed.
 */
function exportAnnouncer(
  app: FastifyInstance,
  ctx: ApiContext,
): (request: FastifyRequest, e: ExportEvent) => void {
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });
  return (request, e) => {
    const hook = ctx.onExport;
    if (!hook) return;
    const done = Promise.resolve()
      .then(() => hook(e, request))
      .catch((err: unknown) =>
        ctx.log(`innsyn serve: the export hook failed: ${String((err as Error).stack ?? err)}`),
      );
    running.add(done);
    void done.then(() => running.delete(done));
  };
}
