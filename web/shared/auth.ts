/**
 * Sign-in for the pages: POST /v1/session sets the HttpOnly session cookie; the page keeps only the
 * CSRF token (in memory) and asks GET /v1/session after a reload. Sign-out revokes the session.
 */
import { api, ApiError, usePageSession } from './http.js';

export interface SessionUser { id: string; role: string; agentId?: string }
interface SessionAnswer { user: SessionUser; csrf: string; expiresAt: string }

const base = location.origin;

export async function signIn(user: string, password: string): Promise<SessionUser> {
  const s = await api<SessionAnswer>(base, 'POST', '/v1/session', { body: { user, password } });
  usePageSession(s.csrf);
  return s.user;
}

/** The session the cookie carries, or undefined when signed out or expired. */
export async function resumeSession(): Promise<SessionUser | undefined> {
  try {
    const s = await api<SessionAnswer>(base, 'GET', '/v1/session');
    usePageSession(s.csrf);
    return s.user;
  } catch (e) {
    usePageSession(undefined);
    if (e instanceof ApiError && e.status === 401) return undefined;
    throw e;
  }
}

export async function signOut(): Promise<void> {
  await api(base, 'DELETE', '/v1/session').catch(() => undefined);
  usePageSession(undefined);
}

export const signInMessage = (e: unknown): string =>
  e instanceof ApiError && e.status === 401 ? 'Wrong user or password.'
    : e instanceof ApiError && e.status === 429 ? 'Too many attempts; wait a minute.'
      : (e as Error).message;
