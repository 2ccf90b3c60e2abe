/**
 * Users and API keys, written back to config.yaml (the source of truth, docs/access.md) through
 * the same edit path as `npm run user` (comments kept; a result that would not load is not written):
 * POST   /v1/admin/users          { id, role }                       → 201 { id, role, password } (shown once)
 * DELETE /v1/admin/users/{id}                                        → 200 { id, removed: true }
 * POST   /v1/admin/api-keys       { id, services?, operations?, ratePerMinute? } → 201 { id, key } (shown once)
 * DELETE /v1/admin/api-keys/{id}                                     → 200 { id, removed: true }
 * The running server keeps its loaded config: a restart (or a config reload) applies the change.
 * Every action is an ADMIN_ACTION event (the audit log).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppContext } from '../../../app/context.js';
import { access, API_OPERATIONS, ROLES, type Role } from '../../../app/access/roles.js';
import { hashPassword } from '../../../app/access/passwords.js';
import { sha256Hex } from '../../../app/access/directory.js';
import { recordAdminAction, type AdminAction } from '../../../app/admin/audit.js';
import { whoOf } from '../../../app/admin/refusals.js';
import { addApiKey, addUser, editConfigFile, removeApiKey, removeUser } from '../../config/edit-config.js';

const IdPattern = '^[a-z0-9][a-z0-9._-]{0,63}$';
const NewUser = Type.Object({
  id: Type.String({ pattern: IdPattern }),
  role: Type.Union(ROLES.filter((r) => r !== 'agent').map((r) => Type.Literal(r))),
}, { additionalProperties: false });
const NewKey = Type.Object({
  id: Type.String({ pattern: IdPattern }),
  services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 })),
  operations: Type.Optional(Type.Array(Type.Union(API_OPERATIONS.map((o) => Type.Literal(o))), { minItems: 1, uniqueItems: true })),
  ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
}, { additionalProperties: false });
const IdParam = Type.Object({ id: Type.String({ pattern: IdPattern }) });
const ADMIN = access.roles('administrator');
const APPLIES = 'Written to config.yaml; a restart (or config reload) applies it.';

export interface CredentialDeps { ctx: AppContext; configFile?: { path: string; env: Record<string, string | undefined> } }

export function adminCredentialRoutes(deps: CredentialDeps) {
  /** Edits config.yaml; a refused edit (exists already, would not load) is a 409 with the loader's words. */
  const edit = <T>(fn: Parameters<typeof editConfigFile<T>>[2]): T => {
    if (!deps.configFile) throw new HoldlessError('CONFIG_NOT_WRITABLE', 'This server was started without a config file to write to.');
    try {
      return editConfigFile(deps.configFile.path, deps.configFile.env, fn);
    } catch (e) {
      throw new HoldlessError('CONFIG_EDIT_REFUSED', (e as Error).message);
    }
  };
  const audit = (request: FastifyRequest, action: AdminAction, target: string) => recordAdminAction(deps.ctx, whoOf(request.identity), action, target);

  return async (app: FastifyInstance): Promise<void> => {
    app.post('/v1/admin/users', {
      schema: { tags: ['admin'], summary: 'Add a user with a generated initial password (shown once)', body: NewUser },
      config: { access: ADMIN },
    }, async (request, reply) => {
      const { id, role } = request.body as Static<typeof NewUser>;
      const password = randomBytes(12).toString('base64url');
      const hash = await hashPassword(password);
      edit((doc) => addUser(doc, id, role as Role, hash));
      await audit(request, 'user.create', id);
      return reply.code(201).send({ id, role, password, applies: APPLIES });
    });

    app.delete('/v1/admin/users/:id', {
      schema: { tags: ['admin'], summary: 'Remove a user from config.yaml', params: IdParam },
      config: { access: ADMIN },
    }, async (request) => {
      const { id } = request.params as Static<typeof IdParam>;
      if (request.identity.kind === 'user' && request.identity.userId === id) throw new HoldlessError('SELF_REVOKE', 'You cannot remove yourself.');
      if (!edit((doc) => removeUser(doc, id))) throw new HoldlessError('USER_NOT_FOUND', `No user '${id}' in config.yaml.`);
      await audit(request, 'user.revoke', id);
      return { id, removed: true, applies: APPLIES };
    });

    app.post('/v1/admin/api-keys', {
      schema: { tags: ['admin'], summary: 'Create an API key (the key is shown once; config.yaml keeps its sha256)', body: NewKey },
      config: { access: ADMIN },
    }, async (request, reply) => {
      const b = request.body as Static<typeof NewKey>;
      const key = `hlk_${randomBytes(24).toString('base64url')}`;
      const def = { id: b.id, keyHash: sha256Hex(key), services: b.services ?? ['*'], operations: b.operations ?? [...API_OPERATIONS], ratePerMinute: b.ratePerMinute ?? 600 };
      edit((doc) => addApiKey(doc, def));
      await audit(request, 'api-key.create', b.id);
      return reply.code(201).send({ id: b.id, key, services: def.services, operations: def.operations, applies: APPLIES });
    });

    app.delete('/v1/admin/api-keys/:id', {
      schema: { tags: ['admin'], summary: 'Revoke an API key (removes it from config.yaml)', params: IdParam },
      config: { access: ADMIN },
    }, async (request) => {
      const { id } = request.params as Static<typeof IdParam>;
      if (!edit((doc) => removeApiKey(doc, id))) throw new HoldlessError('API_KEY_NOT_FOUND', `No API key '${id}' in config.yaml.`);
      await audit(request, 'api-key.revoke', id);
      return { id, removed: true, applies: APPLIES };
    });
  };
}
