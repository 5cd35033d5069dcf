import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_VERSION, sendError } from '../api/api-error.js';
import { schemaArrayOf, schemaObject, versioned } from '../api/api-schemas.js';
import { requireJson } from '../api/require-json.js';
import { InnsynError } from '../model/index.js';
import { MAX_AUDIT_PAGE, parseAuditDate } from './team-audit.js';
import { MAX_COLLECTION_CHARS, type Role } from './team-names.js';
import type { TeamStore } from './team-store.js';
import { AUDIT_ACTIONS, type AuditAction, type Actor, type UserRecord } from './team-types.js';

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;

const grantSchema = schemaObject({ collection: str, role: { type: 'string', enum: ['reader', 'editor'] } });
const userSchema = schemaObject({
  name: str,
  admin: { type: 'boolean' },
  disabled: { type: 'boolean' },
  createdAt: str,
  grants: schemaArrayOf(grantSchema),
  tokens: { type: 'integer' },
  sessions: { type: 'integer' },
});
const collectionSchema = schemaObject({ name: str, schema: str, createdAt: str, createdBy: strOrNull });
const auditEntrySchema = schemaObject({
  id: { type: 'integer' },
  at: str,
  user: strOrNull,
  action: str,
  collection: strOrNull,
  detail: { type: 'object', additionalProperties: true },
  client: strOrNull,
});

interface AuditQuery {
  user?: string;
  action?: AuditAction;
  collection?: string;
  since?: string;
  until?: string;
  before?: number;
  limit: number;
}

/** 403 unless the request's user is an admin (a preHandler: authentication has run). */
async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.teamUser?.admin !== true) {
    await sendError(reply, 403, 'forbidden', 'only an admin may do this');
  }
}

function actorOf(request: FastifyRequest): Actor {
  return { user: request.teamUser?.name ?? null, client: request.ip };
}

function publicUser(u: UserRecord) {
  return {
    name: u.name,
    admin: u.admin,
    disabled: u.disabled,
    createdAt: u.createdAt,
    grants: u.grants,
    tokens: u.tokens,
    sessions: u.sessions,
  };
}

/**
 * The admin page's routes: the users with their grants, the collections, the audit log, and
 * granting or revoking a role. Admins only (403 for anyone else, 401 for nobody). Accounts
 * themselves are made and removed with `innsyn users` (docs/team.md): a password is set where
 * it is typed, never sent through a web form by someone else.
 */
export function registerTeamAdminRoutes(app: FastifyInstance, team: TeamStore): void {
  app.get(
    '/api/admin/users',
    {
      config: { openapi: { summary: 'Every user with their grants (admins only).' } },
      preHandler: requireAdmin,
      schema: { response: { 200: versioned({ users: schemaArrayOf(userSchema) }) } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, users: (await team.listUsers()).map(publicUser) };
    },
  );

  app.get(
    '/api/admin/collections',
    {
      config: { openapi: { summary: 'Every collection (admins only).' } },
      preHandler: requireAdmin,
      schema: { response: { 200: versioned({ collections: schemaArrayOf(collectionSchema) }) } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, collections: await team.listCollections() };
    },
  );

  app.get<{ Querystring: AuditQuery }>(
    '/api/admin/audit',
    {
      config: {
        openapi: {
          summary:
            'The audit log, newest first, a page at a time (next: the `before` of the following page); filters by user, action, collection and time (admins only).',
        },
      },
      preHandler: requireAdmin,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            user: { type: 'string', minLength: 1, maxLength: 200 },
            action: { type: 'string', enum: [...AUDIT_ACTIONS] },
            collection: { type: 'string', minLength: 1, maxLength: MAX_COLLECTION_CHARS },
            since: { type: 'string', minLength: 1, maxLength: 40, description: 'YYYY-MM-DD or ISO 8601' },
            until: { type: 'string', minLength: 1, maxLength: 40, description: 'YYYY-MM-DD or ISO 8601' },
            before: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 },
          },
        },
        response: {
          200: versioned({ entries: schemaArrayOf(auditEntrySchema), next: { type: ['integer', 'null'] } }),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const page = await team.listAudit({
        ...(q.user !== undefined ? { user: q.user } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.collection !== undefined ? { collection: q.collection } : {}),
        ...(q.since !== undefined ? { since: parseAuditDate(q.since, 'since') } : {}),
        ...(q.until !== undefined ? { until: parseAuditDate(q.until, 'until') } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        limit: q.limit,
      });
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, ...page };
    },
  );

  app.post<{ Body: { user: string; collection: string; role: Role | 'none' } }>(
    '/api/admin/grants',
    {
      config: {
        openapi: {
          summary:
            "Give a user a role in a collection (reader, editor), or take it away (role 'none'); answers the user as it is now (admins only).",
        },
      },
      preValidation: requireJson,
      preHandler: requireAdmin,
      schema: {
        body: schemaObject({
          user: { type: 'string', minLength: 1, maxLength: 64 },
          collection: { type: 'string', minLength: 1, maxLength: MAX_COLLECTION_CHARS },
          role: { type: 'string', enum: ['reader', 'editor', 'none'] },
        }),
        response: { 200: versioned({ user: userSchema, changed: { type: 'boolean' } }) },
      },
    },
    async (request, reply) => {
      const { user, collection, role } = request.body;
      let changed: boolean;
      if (role === 'none') changed = await team.revoke(user, collection, actorOf(request));
      else changed = (await team.grant(user, collection, role, actorOf(request))) !== role;
      const record = await team.getUser(user);
      if (record === null) throw new InnsynError('not-found', `no user '${user}'`);
      reply.header('cache-control', 'no-store');
      return { version: API_VERSION, user: publicUser(record), changed };
    },
  );
}
