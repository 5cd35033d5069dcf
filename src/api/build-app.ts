import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import './fastify-config.js';
import { cookieName } from './access-token.js';
import { compressJson } from './compress-json.js';
import type { ApiContext } from './api-context.js';
import { handleError } from './api-error.js';
import { SHARED_SCHEMAS } from './api-schemas.js';
import type { CollectedRoute } from './openapi-document.js';
import { defaultUiDir } from './package-root.js';
import { requestGuard } from './request-guards.js';
import { ResponseCache } from './response-cache.js';
import { registerAnnotationRoutes } from './routes/annotation-routes.js';
import { registerAttachmentRoute } from './routes/attachment-route.js';
import { registerAttachmentTextRoute } from './routes/attachment-text-route.js';
import { registerCaseRoutes } from './routes/case-routes.js';
import { registerEchoRoutes } from './routes/echo-routes.js';
import { registerExportRoutes } from './routes/export-routes.js';
import { registerItemRoutes } from './routes/item-routes.js';
import { registerOpenApiRoute } from './routes/openapi-route.js';
import { registerPatternRoutes } from './routes/pattern-routes.js';
import { registerPeopleRoutes } from './routes/people-routes.js';
import { registerSavedSearchRoutes } from './routes/saved-search-routes.js';
import { registerSearchRoute } from './routes/search-route.js';
import { registerUiRoutes } from './routes/ui-routes.js';

/** Characters of serialised search answers kept (response-cache.ts): ~64 MB of UTF-16. */
export const DEFAULT_CACHE_CHARS = 32 * 1024 * 1024;
/** Longest URL path parameter: a sha256 is 64 characters, a thread id at most 256. */
const MAX_PARAM_LENGTH = 300;
/** Largest request body: a people edit names two keys of at most 1,000 characters each. */
const BODY_LIMIT_BYTES = 8 * 1024;
/** Slower clients than this are cut off: a stalled socket must not hold the server. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface AppOptions {
  store: Store;
  /** The secret of docs/api.md "Access". */
  token: string;
  /**
   * The port clients reach the server on, for the Host check; 0 or absent: the port the server
   * listens on, read when the first request comes.
   */
  port?: number;
  /** The --host given; always allowed in the Host header besides 127.0.0.1, localhost and [::1]. */
  host?: string;
  /** The built UI; web/dist of the package by default. */
  uiDir?: string;
  /** Where failures are written (stderr by default). Requests are not logged: searches are the reporter's own. */
  log?: (line: string) => void;
  /** Characters of search answers kept; 0 turns the cache off. */
  cacheChars?: number;
  /**
   * Team mode (team-server.ts): requests reach this app only through the front app, which has
   * authenticated them and checked the user's access to this collection; the token is then
   * neither asked for nor accepted. Never set it on an app that listens itself.
   */
  authenticatedInFront?: boolean;
  /** Told of every export handed out (api-context.ts); team mode writes it to the audit log. */
  onExport?: ApiContext['onExport'];
  /** Who authors annotations and saved searches (team mode); null for everyone when absent. */
  authorOf?: ApiContext['authorOf'];
}

export interface InnsynApp {
  app: FastifyInstance;
  /** Every route registered, as the OpenAPI document sees them. */
  routes: readonly CollectedRoute[];
  cookieName: string;
}

/** The Fastify app of `innsyn serve` (docs/api.md), not yet listening. */
export async function buildApp(options: AppOptions): Promise<InnsynApp> {
  const app = Fastify({
    logger: false,
    // One shared Ajv is Fastify's default: coerce query strings to the declared types, fill defaults.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Only the people edits take a body (two keys, a handle, a name); keep what a client may push at us small.
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
  });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cacheChars = options.cacheChars ?? DEFAULT_CACHE_CHARS;
  const ctx: ApiContext = {
    store: options.store,
    uiDir: options.uiDir ?? defaultUiDir(),
    log,
    cache: cacheChars > 0 ? new ResponseCache(cacheChars) : null,
    ...(options.onExport === undefined ? {} : { onExport: options.onExport }),
    ...(options.authorOf === undefined ? {} : { authorOf: options.authorOf }),
  };
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (r) => {
    routes.push({ method: r.method, url: r.url, schema: r.schema, config: r.config });
  });
  for (const s of SHARED_SCHEMAS) app.addSchema(s);
  compressJson(app);
  app.setErrorHandler(handleError(log));
  app.addHook(
    'onRequest',
    requestGuard({
      token: options.token,
      authenticatedInFront: options.authenticatedInFront === true,
      host: options.host ?? '127.0.0.1',
      port: () => {
        if (options.port) return options.port;
        const address = app.server.address();
        return typeof address === 'object' && address !== null ? address.port : 0;
      },
    }),
  );
  const cookie = cookieName(options.token);
  registerSearchRoute(app, ctx);
  registerItemRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerAnnotationRoutes(app, ctx);
  registerSavedSearchRoutes(app, ctx);
  registerPatternRoutes(app, ctx);
  registerEchoRoutes(app, ctx);
  registerAttachmentRoute(app, ctx);
  registerAttachmentTextRoute(app, ctx);
  registerExportRoutes(app, ctx);
  registerOpenApiRoute(app, routes, cookie);
  registerUiRoutes(app, ctx);
  await app.ready();
  return { app, routes, cookieName: cookie };
}
