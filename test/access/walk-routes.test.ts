/**
 * The permission matrix, walked: every route of the OpenAPI document with every kind of caller
 * (none, each role, an agent on itself and on another agent, an API key, the holder of a
 * management token, the metrics scraper) over real HTTP. A route that is not in MATRIX fails the
 * test, and so does any route registered without an access declaration (hidden pages too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from '../api/harness.js';
import { testApiKey } from '../../src/testing/test-config.js';
import { signIn } from './sign-in.js';

type Caller = 'anonymous' | 'administrator' | 'supervisor' | 'monitor' | 'developer' | 'agent:self' | 'agent:other' | 'api-key' | 'holder' | 'scraper';
const CALLERS: Caller[] = ['anonymous', 'administrator', 'supervisor', 'monitor', 'developer', 'agent:self', 'agent:other', 'api-key', 'holder', 'scraper'];
const ALL = CALLERS;
const STAFF: Caller[] = ['administrator', 'supervisor'];
const SIGNED_IN: Caller[] = ['administrator', 'supervisor', 'monitor', 'developer', 'agent:self', 'agent:other'];

/** Who may use each route (docs/access.md has the same matrix in words). */
export const MATRIX: Record<string, Caller[]> = {
  'GET /healthz': ALL,
  'GET /readyz': ALL,
  'GET /metrics': ['scraper', 'administrator', 'monitor'],
  'GET /v1/services': ALL,
  'GET /v1/services/{id}/availability': ALL,
  'GET /v1/services/{id}/status': ALL,
  'GET /v1/phone-numbers/validate': ALL,
  'POST /v1/callbacks': ALL,
  'GET /v1/callbacks': [...STAFF, 'monitor'],
  'POST /v1/callbacks/bulk-cancel': STAFF,
  'GET /v1/callbacks/{id}': [...STAFF, 'monitor', 'api-key', 'holder'],
  'DELETE /v1/callbacks/{id}': [...STAFF, 'api-key', 'holder'],
  'PATCH /v1/callbacks/{id}': [...STAFF, 'api-key', 'holder'],
  'POST /v1/call-ins': ALL,
  'DELETE /v1/call-ins/{id}': [...STAFF, 'api-key', 'holder'],
  // Public at the door: the handler asks for the management token (body or header), a key or staff.
  'POST /v1/callbacks/{id}/answer': ALL,
  'POST /v1/session': ALL,
  'GET /v1/session': SIGNED_IN,
  'DELETE /v1/session': SIGNED_IN,
  'GET /v1/reports/services': [...STAFF, 'monitor'],
  'GET /v1/reports/summary': [...STAFF, 'monitor'],
  'GET /v1/reports/callbacks': [...STAFF, 'monitor'],
  'GET /v1/reports/callbacks/export': [...STAFF, 'monitor'],
  'GET /v1/reports/realtime': [...STAFF, 'monitor'],
  'GET /v1/reports/realtime/events': [...STAFF, 'monitor'],
  'GET /v1/supervisor/summary': [...STAFF, 'monitor'],
  'PUT /v1/agents/{id}/state': ['administrator', 'supervisor', 'agent:self'],
  'GET /v1/agents/{id}': ['administrator', 'supervisor', 'monitor', 'agent:self'],
  'GET /v1/agents/{id}/events': ['administrator', 'supervisor', 'monitor', 'agent:self'],
  'POST /v1/agents/{id}/disposition': ['administrator', 'agent:self'],
  'POST /v1/agents/{id}/preview/accept': ['administrator', 'agent:self'],
  'POST /v1/agents/{id}/preview/reject': ['administrator', 'agent:self'],
  'POST /v1/agents/{id}/hangup': ['administrator', 'agent:self'],
  'POST /v1/agents/{id}/reschedule': ['administrator', 'agent:self'],
  'GET /v1/widget/config': ALL,
  'GET /v1/push/vapid-public-key': ALL,
  'GET /v1/captcha/challenge': ALL,
};

let h: Harness;
let base: string;
let callbackId: string;
const creds = new Map<Caller, Record<string, string>>();

beforeAll(async () => {
  h = await harness({
    http: {
      ...(await import('../../src/testing/test-config.js')).testConfig().http,
      apiKeys: [testApiKey('partner', 'partner-secret')], metricsToken: 'metrics-token-0123456789',
    },
  });
  base = await h.app.parts.http.listen({ host: '127.0.0.1', port: 0 });
  const created = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
  callbackId = created.id;
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const session = async (u: string) => bearer((await signIn(h.app.parts.http, u)).token);
  creds.set('anonymous', {});
  creds.set('administrator', await session('ada'));
  creds.set('supervisor', await session('sam'));
  creds.set('monitor', await session('mo'));
  creds.set('developer', await session('dev'));
  creds.set('agent:self', await session('alice'));
  creds.set('agent:other', await session('bob'));
  creds.set('api-key', { 'x-api-key': 'partner-secret' });
  creds.set('holder', { 'x-management-token': created.managementToken });
  creds.set('scraper', bearer('metrics-token-0123456789'));
});
afterAll(async () => { await h.app.stop(); });

const concrete = (path: string): string => path
  .replace('/v1/agents/{id}', '/v1/agents/alice')
  .replace('/v1/services/{id}', '/v1/services/billing')
  .replace('/v1/callbacks/{id}', `/v1/callbacks/${callbackId}`)
  // The holder's token is bound to an id; access is decided before the handler looks the id up.
  .replace('/v1/call-ins/{id}', `/v1/call-ins/${callbackId}`)
  .replace(/\{[^}]+\}/g, 'x');

async function statusOf(method: string, path: string, headers: Record<string, string>): Promise<number> {
  const ac = new AbortController();
  const withBody = method !== 'GET' && method !== 'HEAD';
  const res = await fetch(base + concrete(path), {
    method, signal: ac.signal,
    headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
    body: withBody ? '{}' : undefined,
  });
  ac.abort(); // event streams never end by themselves
  return res.status;
}

describe('every route declares who may use it', () => {
  it('no registered route is left without an access declaration', () => {
    const undeclared = h.app.parts.http.accessTable.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('walks every OpenAPI route with every caller and gets exactly the matrix', async () => {
    const doc = (await h.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.filter((r) => !(r in MATRIX)), 'routes missing from the matrix').toEqual([]);
    // Signing out would end the sessions the other requests use, so it goes last.
    routes.sort((a, b) => Number(a === 'DELETE /v1/session') - Number(b === 'DELETE /v1/session'));
    const wrong: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const caller of CALLERS) {
        const status = await statusOf(method, path, creds.get(caller)!);
        const allowed = MATRIX[route]!.includes(caller);
        const refused = status === 401 || status === 403;
        if (allowed === refused) wrong.push(`${route} as ${caller}: ${status} (expected ${allowed ? 'allowed' : 'refused'})`);
        if (!allowed && caller === 'anonymous' && status !== 401) wrong.push(`${route} as anonymous: ${status}, expected 401`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
