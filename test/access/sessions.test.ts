import { afterEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from '../api/harness.js';
import { testApiKey, testConfig } from '../../src/testing/test-config.js';
import { bearerOf, signIn } from './sign-in.js';

let h: Harness;
afterEach(async () => { await h?.app.stop(); });

describe('sign-in sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie; wrong user and wrong password get the same 401', async () => {
    h = await harness();
    const ok = await h.inject({ method: 'POST', url: '/v1/session', payload: { user: 'sam', password: 'sam-password' } });
    expect(ok.statusCode).toBe(201);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/^holdless_session=hls_[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    expect(ok.json()).toMatchObject({ user: { id: 'sam', role: 'supervisor' }, csrf: expect.any(String), expiresAt: '2026-11-23T10:00:00.000Z' });
    const wrongPassword = await h.inject({ method: 'POST', url: '/v1/session', payload: { user: 'sam', password: 'nope-nope' } });
    const unknownUser = await h.inject({ method: 'POST', url: '/v1/session', payload: { user: 'nobody', password: 'nope-nope' } });
    expect([wrongPassword.statusCode, unknownUser.statusCode]).toEqual([401, 401]);
    expect(wrongPassword.json()).toEqual(unknownUser.json());
    expect(unknownUser.json()).toMatchObject({ code: 'UNAUTHORIZED', reason: 'SIGN_IN_FAILED' });
  });

  it('a cookie session reads freely but changes state only with the CSRF token', async () => {
    h = await harness();
    const s = await signIn(h.app.parts.http, 'alice');
    const read = await h.inject({ url: '/v1/agents/alice', headers: { cookie: s.cookie } });
    expect(read.statusCode).toBe(200);
    const noCsrf = await h.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: { cookie: s.cookie }, payload: { state: 'READY' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().reason).toBe('CSRF_FAILED');
    const other = await signIn(h.app.parts.http, 'bob');
    const wrongCsrf = await h.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf }, payload: { state: 'READY' } });
    expect(wrongCsrf.statusCode).toBe(403);
    const ok = await h.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { state: 'READY' } });
    expect(ok.statusCode).toBe(200);
    // On a route anyone may use, a cookie without CSRF token just counts as anonymous (a forged
    // cross-site request gains nothing from the session).
    const asAnyone = await h.inject({ method: 'POST', url: '/v1/callbacks', headers: { cookie: s.cookie }, payload: { serviceId: 'billing', phone: '+4930901820' } });
    expect(asAnyone.statusCode).toBe(201);
    expect(asAnyone.json().channel).toBe('web');
    // The page picks its CSRF token up again after a reload.
    expect((await h.inject({ url: '/v1/session', headers: { cookie: s.cookie } })).json()).toMatchObject({ user: { id: 'alice', role: 'agent', agentId: 'alice' }, csrf: s.csrf });
  });

  it('sign-out revokes the session server-side and clears the cookie; sessions expire', async () => {
    h = await harness();
    const s = await signIn(h.app.parts.http, 'sam');
    expect((await h.inject({ url: '/v1/supervisor/summary', headers: bearerOf(s) })).statusCode).toBe(200);
    const out = await h.inject({ method: 'DELETE', url: '/v1/session', headers: bearerOf(s) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await h.inject({ url: '/v1/supervisor/summary', headers: bearerOf(s) })).statusCode).toBe(401);
    expect((await h.inject({ url: '/v1/supervisor/summary', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const later = await signIn(h.app.parts.http, 'sam');
    h.clock.advance(59 * 60_000);
    expect((await h.inject({ url: '/v1/supervisor/summary', headers: bearerOf(later) })).statusCode).toBe(200);
    h.clock.advance(60_001);
    expect((await h.inject({ url: '/v1/supervisor/summary', headers: bearerOf(later) })).statusCode).toBe(401);
  });

  it('a tampered token is refused', async () => {
    h = await harness();
    const s = await signIn(h.app.parts.http, 'mo');
    const [payload, mac] = s.token.slice(4).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), a: 'ada' })).toString('base64url');
    expect((await h.inject({ url: '/v1/callbacks', headers: bearerOf(`hls_${forged}.${mac}`) })).statusCode).toBe(401);
  });
});

describe('agents see and change only themselves', () => {
  it('an unknown agent id is not revealed to callers who may not ask (no enumeration)', async () => {
    h = await harness();
    const bob = await signIn(h.app.parts.http, 'bob');
    expect((await h.inject({ url: '/v1/agents/nobody' })).statusCode).toBe(401);
    expect((await h.inject({ url: '/v1/agents/nobody', headers: bearerOf(bob) })).statusCode).toBe(403);
    expect((await h.inject({ url: '/v1/agents/alice', headers: bearerOf(bob) })).statusCode).toBe(403);
    const sam = await signIn(h.app.parts.http, 'sam');
    expect((await h.inject({ url: '/v1/agents/nobody', headers: bearerOf(sam) })).statusCode).toBe(404);
  });
});

describe('API keys', () => {
  const keys = () => ({
    ...testConfig().http,
    apiKeys: [
      testApiKey('partner', 'partner-secret'),
      testApiKey('sales-only', 'sales-only-secret', { services: ['sales'], operations: ['create', 'read'], ratePerMinute: 3 }),
    ],
  });

  it('an invalid key is a 401 on every route, public ones too, never a pass', async () => {
    h = await harness();
    for (const url of ['/v1/services', '/healthz']) {
      const res = await h.inject({ url, headers: { 'x-api-key': 'guessed-key' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().reason).toBe('INVALID_API_KEY');
    }
    expect((await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'x-api-key': 'guessed-key' })).statusCode).toBe(401);
  });

  it('is bound to its services and operations', async () => {
    h = await harness({ http: keys() });
    const k = { 'x-api-key': 'sales-only-secret' };
    const other = await post(h, { serviceId: 'billing', phone: '+4930901820' }, k);
    expect(other.statusCode).toBe(403);
    const bySubject = await post(h, { subjectId: 'invoice', phone: '+4930901820' }, k); // invoice → billing
    expect(bySubject.statusCode).toBe(403);
    const mine = await post(h, { serviceId: 'sales', phone: '+4930901820' }, k);
    expect(mine.statusCode).toBe(201);
    expect(mine.json().channel).toBe('api');
    expect((await h.inject({ url: `/v1/callbacks/${mine.json().id}`, headers: k })).statusCode).toBe(200);
    const cancel = await h.inject({ method: 'DELETE', url: `/v1/callbacks/${mine.json().id}`, headers: k });
    expect(cancel.statusCode).toBe(403);
    expect(cancel.json().message).toContain("not scoped to 'cancel'");
    // A callback of another service reads as unknown to this key.
    const billing = (await post(h, { serviceId: 'billing', phone: '+4930901821' })).json();
    expect((await h.inject({ url: `/v1/callbacks/${billing.id}`, headers: k })).statusCode).toBe(404);
    expect((await h.inject({ url: `/v1/callbacks/${billing.id}`, headers: { 'x-api-key': 'partner-secret' } })).statusCode).toBe(200);
  });

  it('has its own rate limit, apart from the per-IP one and from other keys', async () => {
    h = await harness({ http: keys() });
    const k = { 'x-api-key': 'sales-only-secret' };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await post(h, { serviceId: 'sales', phone: `+493090182${i}` }, k)).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    expect((await post(h, { serviceId: 'sales', phone: '+4930901829' }, { 'x-api-key': 'partner-secret' })).statusCode).toBe(201);
    expect((await post(h, { serviceId: 'sales', phone: '+4930901828' })).statusCode).toBe(201);
  });
});

describe('public cancel and reschedule need the management token', () => {
  it('the id alone is not enough; another callback\'s token does not fit', async () => {
    h = await harness();
    const a = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
    const b = (await post(h, { serviceId: 'billing', phone: '+4930901821' })).json();
    expect((await h.inject({ method: 'DELETE', url: `/v1/callbacks/${a.id}` })).statusCode).toBe(401);
    expect((await h.inject({ method: 'DELETE', url: `/v1/callbacks/${a.id}`, headers: { 'x-management-token': b.managementToken } })).statusCode).toBe(401);
    expect((await h.inject({ method: 'PATCH', url: `/v1/callbacks/${a.id}`, payload: { slotStart: '2026-11-24T10:00:00+01:00' } })).statusCode).toBe(401);
    expect((await h.inject({ url: `/v1/callbacks/${a.id}` })).statusCode).toBe(401);
    const ok = await h.inject({ method: 'DELETE', url: `/v1/callbacks/${a.id}`, headers: { 'x-management-token': a.managementToken } });
    expect(ok.json().state).toBe('CANCELLED');
  });
});
