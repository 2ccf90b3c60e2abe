/**
 * The HTTP side-API (fastify): build() gives an instance that is not listening, so tests use
 * inject(); listen() is the caller's. OpenAPI at /docs.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types.js';
import type { AppContext } from '../../app/context.js';
import type { CallControl } from '../../app/ports/call-control.js';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captchaGuard } from './captcha.js';
import { errorHandler } from './errors.js';
import { clientError, notFound, requireHost } from './fallbacks.js';
import { PAGE_CSP_DIRECTIVES } from './routes/web.js';
import { installAccess, type AccessDeps } from './access.js';
import { installForwarding } from './forward.js';
import { access } from '../../app/access/roles.js';
import { validatorCompiler } from './validation.js';
import { callbackRoutes, type CreateDelayed } from './routes/callbacks.js';
import { healthRoutes } from './routes/health.js';
import { serviceRoutes } from './routes/services.js';

export interface HttpDeps {
  ctx: AppContext;
  config: AppConfig;
  logger: Logger;
  telephony?: CallControl;
  /** Authentication and the access check of every route (see access.ts). */
  access: Omit<AccessDeps, 'tokens' | 'clock'>;
  /** Further route plugins (agents, supervisor, web assets) registered by the composition root. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** True while a graceful stop drains calls: /readyz answers 503 so load balancers move on. */
  stopping?: () => boolean;
  /** Call-in (delayed) creation for POST /v1/callbacks mode call-in-delayed (issue 8). */
  createDelayed?: CreateDelayed;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The headers helmet sets, taken once: with static directives every one of its middlewares sets a
 * constant header, so running its chain of 13 middlewares per request (~3% of a POST) only
 * repeated them. Refuses a helmet setup that is not static (a CSP nonce, an error, a callback that
 * does not come back at once) instead of silently dropping it. (X-Powered-By, which helmet removes,
 * is never set by fastify.)
 */
function staticHeaders(middleware: Middleware): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => { headers.push([name, String(value)]); },
    removeHeader: () => {},
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err as Error;
    done = true;
  });
  if (!done) throw new Error('security headers: helmet did not finish synchronously; they are not static');
  return headers;
}

export async function buildHttpServer({ ctx, config, logger, telephony, access: accessDeps, plugins = [], stopping, createDelayed }: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: () => ctx.newId(),
    // Slow clients may not hold connections open: bounded request, header, keep-alive and idle times.
    requestTimeout: config.http.timeouts.requestMs,
    keepAliveTimeout: config.http.timeouts.keepAliveMs,
    connectionTimeout: config.http.timeouts.idleMs,
    clientErrorHandler: clientError,
    http: {
      headersTimeout: config.http.timeouts.headersMs,
      // Node checks the timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, config.http.timeouts.headersMs),
      // Node would answer a missing Host with an empty 400 of its own; requireHost() answers instead.
      requireHostHeader: false,
    },
  });
  app.setNotFoundHandler(notFound);
  app.addHook('onRequest', requireHost);
  app.setErrorHandler(errorHandler);
  app.setValidatorCompiler(validatorCompiler());
  // Routes marked `config: { captcha: true }` need a solved ALTCHA challenge on public requests.
  app.addHook('preHandler', captchaGuard({ ctx, captcha: config.captcha }));
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  // A follower passes agent and supervisor requests to the dispatcher as they came.
  if (ctx.cluster) await installForwarding(app as unknown as FastifyInstance, ctx.cluster);
  installAccess(app as unknown as FastifyInstance, { ...accessDeps, tokens: ctx.tokens, clock: ctx.clock });
  // Routes of third-party plugins (the OpenAPI UI, CORS preflight) cannot declare access themselves.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs') || route.method === 'OPTIONS') route.config = { ...route.config, access: access.public };
  });
  // Security headers for every answer; the pages' CSP (scripts only from here) is checked in a browser test.
  const securityHeaders = staticHeaders(helmet({ contentSecurityPolicy: { directives: PAGE_CSP_DIRECTIVES }, crossOriginEmbedderPolicy: false }));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin === undefined ? false : config.http.corsOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'idempotency-key', 'x-api-key', 'authorization', 'x-management-token', 'x-captcha'],
  });
  await app.register(rateLimit, {
    global: false,
    max: ctx.catalog.rules.perIpRequestsPerMinute,
    timeWindow: 60_000,
    // An API key has its own limit (ratePerMinute); everyone else is limited per client IP.
    keyGenerator: (request) => (request.identity?.kind === 'api-key' ? `key:${request.identity.keyId}` : request.ip),
  });
  await app.register(swagger, {
    openapi: { info: { title: 'holdless side-API', version: '1' }, tags: [{ name: 'callbacks' }, { name: 'services' }, { name: 'session' }, { name: 'admin' }, { name: 'health' }] },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes, { store: ctx.store, telephony, driver: config.telephony.driver, stopping, cluster: ctx.cluster });
  await app.register(serviceRoutes, { ctx });
  await app.register(callbackRoutes, { ctx, keyLimits: new Map(config.http.apiKeys.map((k) => [k.id, k.ratePerMinute])), createDelayed });
  for (const plugin of plugins) await app.register(plugin);
  return app as unknown as FastifyInstance;
}
