/**
 * Web and API sessions after sign-in: a token `hls_<payload>.<mac>` signed under a secret kept in
 * the database (like management tokens), carrying the account id, a session id and the expiry.
 * Nothing per session is stored until sign-out, which records the session id as revoked. The
 * account's role is looked up on every request, so a role change or removal applies at once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../ports/store.js';

export interface SessionClaims { accountId: string; sessionId: string; expiresAt: number }

export interface Sessions {
  issue(accountId: string, now: number): { token: string; csrf: string; claims: SessionClaims };
  /** The claims of a valid, unexpired, not revoked token; undefined otherwise. */
  verify(token: string | undefined, now: number): Promise<SessionClaims | undefined>;
  csrfFor(sessionId: string): string;
  csrfMatches(sessionId: string, given: string | undefined): boolean;
  revoke(claims: SessionClaims): Promise<void>;
}

const SECRET_KEY = 'session-secret';
const REVOKED = (sid: string) => `session-revoked:${sid}`;
const PREFIX = 'hls_';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function loadSessions(store: Store, ttlMs: number): Promise<Sessions> {
  const stored = await store.write(async (tx) => await tx.settings.putIfAbsent(SECRET_KEY, randomBytes(32).toString('base64')));
  const secret = Buffer.from(stored, 'base64');
  const mac = (s: string) => createHmac('sha256', secret).update(s).digest('base64url');
  const csrfFor = (sid: string) => mac(`csrf:${sid}`);
  return {
    issue(accountId, now) {
      const claims = { accountId, sessionId: randomBytes(12).toString('base64url'), expiresAt: now + ttlMs };
      const payload = Buffer.from(JSON.stringify({ a: claims.accountId, s: claims.sessionId, e: claims.expiresAt })).toString('base64url');
      return { token: `${PREFIX}${payload}.${mac(`session:${payload}`)}`, csrf: csrfFor(claims.sessionId), claims };
    },
    async verify(token, now) {
      if (!token?.startsWith(PREFIX)) return undefined;
      const [payload, sig] = token.slice(PREFIX.length).split('.');
      if (!payload || !sig || !same(sig, mac(`session:${payload}`))) return undefined;
      let raw: { a?: unknown; s?: unknown; e?: unknown };
      try {
        raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof raw;
      } catch {
        return undefined;
      }
      if (typeof raw.a !== 'string' || typeof raw.s !== 'string' || typeof raw.e !== 'number' || raw.e <= now) return undefined;
      const sid = raw.s;
      if (await store.read(async (tx) => await tx.settings.get(REVOKED(sid))) !== undefined) return undefined;
      return { accountId: raw.a, sessionId: sid, expiresAt: raw.e };
    },
    csrfFor,
    csrfMatches: (sid, given) => given !== undefined && same(given, csrfFor(sid)),
    async revoke(claims) {
      await store.write(async (tx) => await tx.settings.putIfAbsent(REVOKED(claims.sessionId), String(claims.expiresAt)));
    },
  };
}
