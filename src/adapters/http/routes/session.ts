/**
 * Sign-in for people (users and agents), for the pages and the API alike.
 *
 * POST   /v1/session  body {user, password} → 201 {token, csrf, expiresAt, user: {id, role, agentId?}}
 *        and the HttpOnly, SameSite=Strict cookie `holdless_session`. Pages rely on the cookie and send
 *        `x-csrf-token: <csrf>` on state changes; API clients send `Authorization: Bearer <token>`.
 *        Wrong user or password → 401 SIGN_IN_FAILED (the same answer for both).
 * GET    /v1/session  (signed in) → 200 {user, expiresAt, csrf}: lets a reloaded page pick up its session.
 * DELETE /v1/session  (signed in) → 204; the session is revoked server-side and the cookie cleared.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import { access } from '../../../app/access/roles.js';
import type { Directory } from '../../../app/access/directory.js';
import type { Sessions } from '../../../app/access/sessions.js';
import { verifyPassword } from '../../../app/access/passwords.js';
import type { Clock } from '../../../app/ports/clock.js';
import { bearer } from '../auth.js';
import { cookie, SESSION_COOKIE } from '../access.js';

const SignInBody = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false });

// Compared against when the user is unknown, so the answer takes as long as for a known user.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface SessionRouteOptions { directory: Directory; sessions: Sessions; clock: Clock; ttlMinutes: number }

const cookieFor = (request: FastifyRequest, value: string, maxAgeSeconds: number): string =>
  `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${request.protocol === 'https' ? '; Secure' : ''}`;

export function sessionRoutes({ directory, sessions, clock, ttlMinutes }: SessionRouteOptions) {
  const claimsOf = (request: FastifyRequest) => sessions.verify(bearer(request) ?? cookie(request, SESSION_COOKIE), clock.now());
  const userOf = (request: FastifyRequest) => {
    const who = request.identity;
    return who.kind === 'user' ? { id: who.userId, role: who.role, ...(who.agentId ? { agentId: who.agentId } : {}) } : undefined;
  };
  return async function plugin(app: FastifyInstance): Promise<void> {
    const tags = ['session'];
    app.post('/v1/session', {
      schema: { tags, summary: 'Sign in (user or agent id and password)', body: SignInBody },
      config: { access: access.public, rateLimit: { max: 10, timeWindow: 60_000 } },
    }, async (request, reply: FastifyReply) => {
      const body = request.body as Static<typeof SignInBody>;
      const account = directory.account(body.user);
      const ok = await verifyPassword(body.password, account?.passwordHash ?? DUMMY_HASH);
      if (!account || !ok) {
        request.log.info({ user: body.user }, 'sign-in refused');
        throw new HoldlessError('UNAUTHORIZED', 'Wrong user or password.', { reason: 'SIGN_IN_FAILED' });
      }
      const { token, csrf, claims } = sessions.issue(account.id, clock.now());
      request.log.info({ user: account.id, role: account.role }, 'signed in');
      reply.header('set-cookie', cookieFor(request, token, ttlMinutes * 60)).header('cache-control', 'no-store');
      return reply.status(201).send({
        token, csrf, expiresAt: new Date(claims.expiresAt).toISOString(),
        user: { id: account.id, role: account.role, ...(account.agentId ? { agentId: account.agentId } : {}) },
      });
    });

    app.get('/v1/session', {
      schema: { tags, summary: 'The signed-in user, session expiry and CSRF token' },
      config: { access: access.roles('signed-in') },
    }, async (request, reply) => {
      const claims = await claimsOf(request);
      // The break-glass admin token is not a session: it has no expiry and no CSRF token.
      reply.header('cache-control', 'no-store');
      return { user: userOf(request), expiresAt: claims ? new Date(claims.expiresAt).toISOString() : null, csrf: claims ? sessions.csrfFor(claims.sessionId) : null };
    });

    app.delete('/v1/session', {
      schema: { tags, summary: 'Sign out: revoke the session and clear the cookie' },
      config: { access: access.roles('signed-in') },
    }, async (request, reply) => {
      const claims = await claimsOf(request);
      if (claims) await sessions.revoke(claims);
      return reply.header('set-cookie', cookieFor(request, '', 0)).status(204).send();
    });
  };
}
