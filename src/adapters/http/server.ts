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
import { captchaGuard } from './captcha.js';
import { errorHandler } from './errors.js';
import { validatorCompiler } from './validation.js';
import { callbackRoutes, type CreateDelayed } from './routes/callbacks.js';
import { healthRoutes } from './routes/health.js';
import { serviceRoutes } from './routes/services.js';

export interface HttpDeps {
  ctx: AppContext;
  config: AppConfig;
  logger: Logger;
  telephony?: CallControl;
  /** Further route plugins (agents, supervisor, web assets) registered by the composition root. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** True while a graceful stop drains calls: /readyz answers 503 so load balancers move on. */
  stopping?: () => boolean;
  /** Call-in (delayed) creation for POST /v1/callbacks mode call-in-delayed (issue 8). */
  createDelayed?: CreateDelayed;
}

export async function buildHttpServer({ ctx, config, logger, telephony, plugins = [], stopping, createDelayed }: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: () => ctx.newId(),
  });
  app.setErrorHandler(errorHandler);
  app.setValidatorCompiler(validatorCompiler());
  // Routes marked `config: { captcha: true }` need a solved ALTCHA challenge on public requests.
  app.addHook('preHandler', captchaGuard({ ctx, captcha: config.captcha, apiKeys: config.http.apiKeys }));
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin === undefined ? false : config.http.corsOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'idempotency-key', 'x-api-key', 'authorization', 'x-captcha'],
  });
  await app.register(rateLimit, {
    global: false,
    max: ctx.catalog.rules.perIpRequestsPerMinute,
    timeWindow: 60_000,
    // Server-to-server callers with a key are limited by their own systems and per-number rules.
    allowList: (request) => request.headers['x-api-key'] !== undefined,
  });
  await app.register(swagger, {
    openapi: { info: { title: 'holdless side-API', version: '1' }, tags: [{ name: 'callbacks' }, { name: 'services' }, { name: 'admin' }, { name: 'health' }] },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes, { store: ctx.store, telephony, driver: config.telephony.driver, stopping });
  await app.register(serviceRoutes, { ctx });
  await app.register(callbackRoutes, { ctx, apiKeys: config.http.apiKeys, adminToken: config.http.adminToken, createDelayed });
  for (const plugin of plugins) await app.register(plugin);
  return app as unknown as FastifyInstance;
}
