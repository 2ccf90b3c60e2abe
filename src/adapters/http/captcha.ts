/**
 * ALTCHA proof-of-work CAPTCHA (altcha-lib, its v1 challenge: SHA-256 over salt + secret number,
 * HMAC-signed). `GET /v1/captcha/challenge` hands out a challenge; a route with
 * `config: { captcha: true }` then requires the solution, base64 JSON in the `x-captcha` header, on
 * public requests (no API key) for services whose config says `captcha: required`.
 * A solution is spent once (stored until it expires, so a restart does not make it valid again).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { HoldlessError } from '../../domain/errors.js';
import type { AppContext } from '../../app/context.js';
import type { AppConfig } from '../config/types.js';
import { access } from '../../app/access/roles.js';

export const CAPTCHA_HEADER = 'x-captcha';

declare module 'fastify' {
  interface FastifyContextConfig { captcha?: boolean }
}

export interface CaptchaDeps { ctx: AppContext; captcha: AppConfig['captcha'] }

export function captchaRoutes({ ctx, captcha }: CaptchaDeps) {
  return async function captchaPlugin(app: FastifyInstance): Promise<void> {
    app.get('/v1/captcha/challenge', {
      schema: { tags: ['callbacks'], summary: 'An ALTCHA proof-of-work challenge (solve, then send it base64 in x-captcha)' },
      config: { access: access.public },
    }, async (_request, reply) => {
      if (!captcha.hmacKey) throw new HoldlessError('CAPTCHA_NOT_CONFIGURED', 'CAPTCHA is not configured on this server (captcha.hmacKey).');
      reply.header('cache-control', 'no-store');
      return createChallenge({
        hmacKey: captcha.hmacKey, maxNumber: captcha.maxNumber,
        expires: new Date(ctx.clock.now() + captcha.expireSeconds * 1000),
      });
    });
  };
}

/** The root preHandler: checks routes marked `config: { captcha: true }`. */
export function captchaGuard({ ctx, captcha }: CaptchaDeps) {
  const required = new Set(captcha.requiredFor);
  return async (request: FastifyRequest): Promise<void> => {
    if (request.routeOptions.config.captcha !== true || required.size === 0) return;
    // Server-to-server callers and staff are authenticated instead (a wrong key was already a 401).
    if (request.identity.kind !== 'anonymous') return;
    const serviceId = serviceOf(ctx, request.body);
    if (serviceId === undefined || !required.has(serviceId)) return;
    await verifyCaptcha(ctx, captcha.hmacKey ?? '', request.headers[CAPTCHA_HEADER]);
  };
}

function serviceOf(ctx: AppContext, body: unknown): string | undefined {
  const b = (body ?? {}) as { serviceId?: unknown; subjectId?: unknown };
  if (typeof b.serviceId === 'string') return b.serviceId;
  if (typeof b.subjectId !== 'string') return undefined;
  try {
    return ctx.catalog.subject(b.subjectId).serviceId;
  } catch {
    return undefined; // an unknown subject is the route's error to report
  }
}

type Solution = Exclude<Parameters<typeof verifySolution>[0], string>;

export async function verifyCaptcha(ctx: AppContext, hmacKey: string, header: string | string[] | undefined): Promise<void> {
  if (typeof header !== 'string' || header === '') {
    throw new HoldlessError('CAPTCHA_REQUIRED', `This service needs a solved CAPTCHA: GET /v1/captcha/challenge, solve it, send it in the ${CAPTCHA_HEADER} header.`);
  }
  const solution = decode(header);
  if (!solution || !(await verifySolution(solution, hmacKey, false))) {
    throw new HoldlessError('CAPTCHA_INVALID', 'The CAPTCHA solution is not valid.');
  }
  const expiresAt = Number(extractParams(solution)['expires']) * 1000;
  if (!Number.isFinite(expiresAt) || expiresAt <= ctx.clock.now()) {
    throw new HoldlessError('CAPTCHA_EXPIRED', 'The CAPTCHA challenge has expired; fetch a new one.');
  }
  const fresh = await ctx.store.write(async (tx) => await tx.captchas.spend(solution.signature, expiresAt));
  if (!fresh) throw new HoldlessError('CAPTCHA_REUSED', 'This CAPTCHA solution was used before; solve a new challenge.');
}

function decode(header: string): Solution | undefined {
  try {
    const s = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Partial<Solution>;
    const ok = typeof s.algorithm === 'string' && typeof s.challenge === 'string' && typeof s.number === 'number'
      && typeof s.salt === 'string' && typeof s.signature === 'string';
    return ok ? (s as Solution) : undefined;
  } catch {
    return undefined;
  }
}
