/** Bearer tokens: the admin token for /v1 admin routes; API keys identify server-to-server callers. */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HoldlessError } from '../../domain/errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
/** Constant-time comparison of secrets (hashing first makes the lengths equal). */
export const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

export function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined;
}

export function requireAdmin(request: FastifyRequest, adminToken: string): void {
  const token = bearer(request);
  if (!token) throw new HoldlessError('UNAUTHORIZED', 'Send the admin token as "Authorization: Bearer <token>".');
  if (!sameSecret(token, adminToken)) throw new HoldlessError('FORBIDDEN', 'That token is not allowed here.');
}

/** The API key id of the caller, 'public' for browsers and apps without a key; a wrong key is refused. */
export function callerScope(request: FastifyRequest, apiKeys: { id: string; key: string }[]): string {
  const key = request.headers['x-api-key'];
  if (key === undefined) return 'public';
  const match = apiKeys.find((k) => typeof key === 'string' && sameSecret(k.key, key));
  if (!match) throw new HoldlessError('UNAUTHORIZED', 'Unknown API key.');
  return `key:${match.id}`;
}
