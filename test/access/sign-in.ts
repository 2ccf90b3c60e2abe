/** Sign-in for tests: the test accounts (src/testing/test-config.ts) have the password `<id>-password`. */
import type { FastifyInstance } from 'fastify';

export interface SignedIn { token: string; csrf: string; cookie: string; user: { id: string; role: string; agentId?: string } }

export async function signIn(http: FastifyInstance, user: string, password = `${user}-password`): Promise<SignedIn> {
  const res = await http.inject({ method: 'POST', url: '/v1/session', payload: { user, password } });
  if (res.statusCode !== 201) throw new Error(`sign-in of ${user} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { ...(res.json() as Omit<SignedIn, 'cookie'>), cookie };
}

export const bearerOf = (s: SignedIn | string) => ({ authorization: `Bearer ${typeof s === 'string' ? s : s.token}` });
