/**
 * Admin read views (docs/access.md "Admin page"):
 * GET /v1/admin/overview    services (queues, calendars, capacity, offer, retry, dial), rules, CORS
 *                           origins, users and API keys; never a secret, hash or key
 * GET /v1/admin/refusals    recent 4xx/5xx answers from the in-memory ring (numbers masked for monitors)
 * GET /v1/admin/audit       admin actions from the event log
 * The credential writes are in admin-credentials.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../../app/context.js';
import type { AppConfig } from '../../config/types.js';
import { access } from '../../../app/access/roles.js';
import { canSeeNumbers } from '../../../app/access/numbers.js';
import { maskNumbersIn, whoOf, type RefusalRing } from '../../../app/admin/refusals.js';
import { recentAdminActions } from '../../../app/admin/audit.js';
import { loadConfig } from '../../config/load-config.js';

const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });
const READERS = access.roles('administrator', 'monitor');

export interface AdminDeps { ctx: AppContext; config: AppConfig; refusals: RefusalRing; configFile?: { path: string; env: Record<string, string | undefined> } }

type Pending = 'added' | 'removed' | undefined;

/**
 * Users and keys as running, plus what config.yaml already says differently (written by the admin
 * API or by hand, applied at the next restart/reload): marked pending 'added' or 'removed'.
 */
function withPending<T extends { id: string }>(running: T[], inFile: T[] | undefined): (T & { pending?: Pending })[] {
  if (!inFile) return running;
  const fileIds = new Set(inFile.map((x) => x.id));
  const runIds = new Set(running.map((x) => x.id));
  return [
    ...running.map((x) => (fileIds.has(x.id) ? x : { ...x, pending: 'removed' as const })),
    ...inFile.filter((x) => !runIds.has(x.id)).map((x) => ({ ...x, pending: 'added' as const })),
  ];
}

const usersOf = (c: AppConfig) => c.accounts.map((a) => ({ id: a.id, role: a.role, ...(a.agentId ? { agentId: a.agentId } : {}) }));
const keysOf = (c: AppConfig) => c.http.apiKeys.map((k) => ({ id: k.id, services: k.services, operations: k.operations, ratePerMinute: k.ratePerMinute }));

/** The config file as it is now; undefined when there is none or it does not load (then only the running view). */
function fileConfig(file: AdminDeps['configFile']): AppConfig | undefined {
  if (!file) return undefined;
  try { return loadConfig(file.path, { ...file.env, HOLDLESS_CONFIG: undefined }); } catch { return undefined; }
}

export function overviewOf(config: AppConfig, inFile?: AppConfig) {
  return {
    services: config.services.map((s) => ({
      id: s.id, name: s.name, skills: s.skills, calendarId: s.calendarId, slotMinutes: s.slotMinutes, capacity: s.capacity,
      offer: s.offer, retry: s.retry, dialMode: s.dialMode, callerId: s.callerId, priority: s.priority, language: s.language,
      leadMinutes: s.leadMinutes, horizonDays: s.horizonDays, ringTimeoutSeconds: s.ringTimeoutSeconds, wrapUpSeconds: s.wrapUpSeconds,
      purgeAfterMinutes: s.purgeAfterMinutes, expireAtEndOfDay: s.expireAtEndOfDay,
    })),
    calendars: config.calendars,
    rules: config.rules,
    corsOrigins: config.http.corsOrigins,
    // Agents' sign-in follows the agents list; only the other users are compared with the file.
    users: [...usersOf(config).filter((u) => u.agentId), ...withPending(usersOf(config).filter((u) => !u.agentId), inFile && usersOf(inFile).filter((u) => !u.agentId))],
    apiKeys: withPending(keysOf(config), inFile && keysOf(inFile)),
  };
}

export function adminRoutes(deps: AdminDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/admin/overview', {
      schema: { tags: ['admin'], summary: 'Running configuration: services, calendars, rules, CORS, users and API keys (no secrets)' },
      config: { access: READERS },
    }, async () => ({ ...overviewOf(deps.config, fileConfig(deps.configFile)), configWritable: deps.configFile !== undefined }));

    app.get('/v1/admin/refusals', {
      schema: { tags: ['admin'], summary: 'Recent refused or failed requests (4xx/5xx), newest first', querystring: Limit },
      config: { access: READERS },
    }, async (request) => {
      const { limit = 100 } = request.query as Static<typeof Limit>;
      const mask = !canSeeNumbers(request.identity);
      const items = deps.refusals.recent(limit).map((r) => ({
        ...r, at: new Date(r.at).toISOString(),
        ...(mask ? { url: maskNumbersIn(r.url), message: maskNumbersIn(r.message) } : {}),
      }));
      return { capacity: deps.refusals.capacity, items };
    });

    app.get('/v1/admin/audit', {
      schema: { tags: ['admin'], summary: 'Admin actions (who, what, when) from the event log, newest first', querystring: Limit },
      config: { access: READERS },
    }, async (request) => {
      const { limit = 100 } = request.query as Static<typeof Limit>;
      return { items: await recentAdminActions(deps.ctx, limit) };
    });
  };
}

/**
 * Records every 4xx/5xx answer in the ring. Registered with skip-override (what fastify-plugin
 * does) so the hook sits on the root instance and sees every route, the 404 handler too.
 */
export function refusalRecorder(ring: RefusalRing, now: () => number) {
  const plugin = async (app: FastifyInstance): Promise<void> => {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode >= 400) ring.record(refusalOf(request, reply.statusCode, payload, now()));
      return payload;
    });
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}

function refusalOf(request: FastifyRequest, status: number, payload: unknown, at: number) {
  let code = '';
  let message = '';
  if (typeof payload === 'string') {
    try {
      const body = JSON.parse(payload) as { code?: unknown; message?: unknown };
      code = typeof body.code === 'string' ? body.code : '';
      message = typeof body.message === 'string' ? body.message.slice(0, 300) : '';
    } catch { /* not JSON: the status says enough */ }
  }
  return {
    at, status, code, message, method: request.method, route: request.routeOptions.url ?? '(no route)',
    url: request.url.replace(/([?&](?:token|key|password)=)[^&]*/gi, '$1•••').slice(0, 300), ip: request.ip, who: whoOf(request.identity),
  };
}
