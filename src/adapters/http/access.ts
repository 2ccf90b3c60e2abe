/**
 * Authentication and the access check for every route. onRequest turns the request's credentials
 * into an Identity (or refuses a bad credential with 401) and asks decide() with the route's
 * declared `config.access`; a route that declares nothing is refused for everyone.
 *
 * Credentials, in order: `x-api-key` (an API key); `Authorization: Bearer` (a session token from
 * POST /v1/session, the break-glass admin token, or the metrics token); the `holdless_session`
 * cookie of the pages (state-changing requests also need `x-csrf-token`). Per-callback management
 * tokens come as `x-management-token` (or `?token=`) and admit only that callback.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HoldlessError } from '../../domain/errors.js';
import { decide, type AccessTarget, type Identity, type RouteAccess } from '../../app/access/roles.js';
import { identityOfAccount, identityOfKey, type Directory } from '../../app/access/directory.js';
import type { Sessions } from '../../app/access/sessions.js';
import type { ManagementTokens } from '../../app/callbacks/management-tokens.js';
import type { Clock } from '../../app/ports/clock.js';
import { bearer, sameSecret } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig { access?: RouteAccess }
  interface FastifyRequest { identity: Identity }
  interface FastifyInstance { accessTable: AccessRow[] }
}

/** Every route with what it declares (undefined = nothing: refused for everyone); tests walk it. */
export interface AccessRow { method: string; url: string; access: RouteAccess | undefined }

export interface AccessDeps {
  directory: Directory;
  sessions: Sessions;
  tokens: ManagementTokens;
  clock: Clock;
  adminToken: string;
  metricsToken?: string;
}

export const SESSION_COOKIE = 'holdless_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS: Identity = { kind: 'anonymous' };
const BREAK_GLASS: Identity = { kind: 'user', userId: 'admin-token', role: 'administrator' };

export function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function managementTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-management-token'];
  if (typeof header === 'string') return header;
  const query = request.query as Record<string, unknown> | undefined;
  const q = query?.['token'] ?? query?.['managementToken'];
  return typeof q === 'string' ? q : undefined;
}

export async function authenticate(request: FastifyRequest, deps: AccessDeps): Promise<Identity> {
  const now = deps.clock.now();
  const key = request.headers['x-api-key'];
  if (key !== undefined) {
    const def = typeof key === 'string' ? deps.directory.apiKey(key) : undefined;
    if (!def) throw new HoldlessError('UNAUTHORIZED', 'Unknown or revoked API key.', { reason: 'INVALID_API_KEY' });
    return identityOfKey(def);
  }
  const token = bearer(request);
  if (token !== undefined) {
    if (sameSecret(token, deps.adminToken)) return BREAK_GLASS;
    if (deps.metricsToken !== undefined && sameSecret(token, deps.metricsToken)) return { kind: 'scraper' };
    const who = await sessionIdentity(deps, token, now);
    if (!who) throw new HoldlessError('UNAUTHORIZED', 'That token is not valid (expired, signed out or unknown); sign in again.', { reason: 'INVALID_TOKEN' });
    return who;
  }
  const fromCookie = cookie(request, SESSION_COOKIE);
  if (fromCookie === undefined) return ANONYMOUS;
  const who = await sessionIdentity(deps, fromCookie, now);
  if (!who || who.kind !== 'user') return ANONYMOUS; // an expired page session: as if signed out
  // A cookie is sent by the browser on its own, so a state change must prove it comes from our page.
  if (!SAFE_METHODS.has(request.method) && !deps.sessions.csrfMatches(who.sessionId!, header(request, 'x-csrf-token'))) {
    return CSRF_FAILED;
  }
  return who;
}

/** A cookie without its CSRF token counts for nothing: the request goes on as anonymous, if that may. */
const CSRF_FAILED: Identity = { kind: 'anonymous' };
const csrfRefusal = () =>
  new HoldlessError('FORBIDDEN', 'Missing or wrong x-csrf-token for a signed-in page request.', { reason: 'CSRF_FAILED' });

async function sessionIdentity(deps: AccessDeps, token: string, now: number): Promise<Identity | undefined> {
  const claims = await deps.sessions.verify(token, now);
  const account = claims ? deps.directory.account(claims.accountId) : undefined;
  return account && claims ? identityOfAccount(account, claims.sessionId) : undefined;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
};

function targetOf(request: FastifyRequest, routeAccess: RouteAccess, deps: AccessDeps): AccessTarget {
  const id = (request.params as { id?: string } | undefined)?.id;
  return {
    agentId: routeAccess.allow.includes('agent:self') ? id : undefined,
    holdsToken: routeAccess.allow.includes('holder') && id !== undefined ? deps.tokens.verify(id, managementTokenOf(request)) : undefined,
  };
}

/** Installs the hook on the root instance (not encapsulated), before any route plugin. */
export function installAccess(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('identity', null as never);
  const table: AccessRow[] = [];
  app.decorate('accessTable', table);
  // Read lazily: a later onRoute hook (server.ts, for third-party routes) may still set the access.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url, get access() { return route.config?.access; } });
  });
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.identity = ANONYMOUS;
    const routeAccess = request.routeOptions.config.access;
    // Unknown routes (the not-found handler) have no route config; they answer 404 without asking.
    if (request.routeOptions.url === undefined) return;
    request.identity = await authenticate(request, deps);
    const d = decide(routeAccess, request.identity, routeAccess ? targetOf(request, routeAccess, deps) : {});
    if (!d.allowed) throw request.identity === CSRF_FAILED ? csrfRefusal() : new HoldlessError(d.code, d.message);
  });
}
