/**
 * Click-To-Call-In (delayed): the callback waits in the virtual queue like any other; at the head
 * with a skilled agent READY it is pushed instead of dialled (no agent held), and the app answers
 * accept / snooze / cancel. Real app, real SQLite, fake clock, hand-driven telephony.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { harness, harnessConfig, settle, type Harness } from '../dialer/harness.js';
import { ScriptedCall } from '../ivr/scripted-call.js';
import { BILLING_LINE, ivrBackend, shippedFlows, withCallIn } from './helpers.js';

// A real-looking subscription: a 65-byte P-256 point and a 16-byte auth secret (base64url).
const KEYS = { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: Buffer.alloc(16, 9).toString('base64url') };
export const webpush = (endpoint = 'https://push.example.net/send/abc') => ({ channel: 'webpush', subscription: { endpoint, expirationTime: null, keys: KEYS } });

let h: Harness;
const inject = (method: 'POST' | 'GET', url: string, payload?: object, headers: Record<string, string> = {}) =>
  h.app.parts.http.inject({ method, url, payload, headers });

async function delayed(phone = '+4930901820', push: object = webpush()) {
  const res = await inject('POST', '/v1/callbacks', { serviceId: 'billing', phone, mode: 'call-in-delayed', push, firstName: 'Ada' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; managementToken: string; state: string };
}
const answer = (id: string, action: string, managementToken?: string, headers: Record<string, string> = {}) =>
  inject('POST', `/v1/callbacks/${id}/answer`, { action, ...(managementToken ? { managementToken } : {}) }, headers);
const eventsOf = (id: string, type?: string) => h.app.parts.sqlite!.sync.events.forCallback(id).filter((e) => !type || e.type === type);

beforeEach(async () => {
  const base = harnessConfig();
  h = await harness({ config: { ...base, services: base.services.map((s) => withCallIn(s, BILLING_LINE)), push: { allowHttp: false, allowPrivateEndpoints: false } } });
});
afterEach(async () => { await h.close(); });

describe('a call-in (delayed) callback at the head of the line', () => {
  it('is pushed, not dialled, in one write; the agent stays READY and takes the next entry', async () => {
    const cb = await delayed();
    expect(cb.state).toBe('QUEUED');
    const next = await h.request(); // a normal callback behind it
    h.ready('alice');
    await h.tick();
    const pushed = h.cb(cb.id);
    expect(pushed.state).toBe('PUSHED');
    expect(pushed.dueAt).toBe(h.clock.now() + 5 * 60_000);
    expect(h.tel.dials.map((d) => d.to)).not.toContain('+4930901820');
    // The same agent was not held: the callback behind was dialled on her strength.
    expect(h.cb(next).state).not.toBe('QUEUED');
    const [request] = eventsOf(cb.id, 'PUSH_REQUESTED');
    expect(request?.data).toMatchObject({
      kind: 'callback-ready', target: webpush(),
      payload: { callbackId: cb.id, serviceId: 'billing', actions: ['accept', 'snooze', 'cancel'], expiresAt: new Date(pushed.dueAt).toISOString() },
    });
    const states = eventsOf(cb.id, 'CALLBACK_STATE').map((e) => `${e.fromState}>${e.toState}`);
    expect(states).toEqual(['QUEUED>PUSHED']);
  });

  it('pushes no more callbacks than a service has agents ready', async () => {
    const a = await delayed('+4930901821');
    const b = await delayed('+4930901822');
    h.ready('alice');
    await h.tick();
    await h.tick();
    expect([h.cb(a.id).state, h.cb(b.id).state]).toEqual(['PUSHED', 'QUEUED']);
    h.ready('bob');
    await h.tick();
    expect(h.cb(b.id).state).toBe('PUSHED');
  });

  it('accept answers the number and a code; the caller types it and is matched keeping the callback\'s place', async () => {
    const cb = await delayed();
    const placeInLine = h.cb(cb.id).queuedSince;
    h.ready('alice');
    await h.tick();
    h.clock.advance(30_000);
    const res = await answer(cb.id, 'accept', cb.managementToken);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: cb.id, action: 'accept', state: 'AWAITING_CALL_IN', dial: { e164: BILLING_LINE, uri: `tel:${BILLING_LINE}` } });
    expect(body.accessCode).toMatch(/^[0-9]{6}$/);
    expect(h.cb(cb.id).dueAt).toBe(Date.parse(body.expiresAt));

    const { backend, queued } = ivrBackend(h.app.parts.ctx);
    const call = new ScriptedCall([body.accessCode], '+4930111222', BILLING_LINE); // another phone: matched by the code
    const result = await runFlow(shippedFlows().get('callin')!, call, backend);
    expect(result.end).toBe('connected');
    expect(queued[0]).toMatchObject({ serviceId: 'billing', queuedSince: placeInLine });
    expect(h.cb(cb.id)).toMatchObject({ state: 'COMPLETED', reason: 'CALLED_IN' });
    const types = eventsOf(cb.id).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CALLBACK_CREATED', 'PUSH_REQUESTED', 'CALL_IN_CREATED', 'CALL_IN_MATCHED']));
  });

  it('two apps racing to accept: exactly one wins, the other gets 409 with a code', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    const [r1, r2] = await Promise.all([answer(cb.id, 'accept', cb.managementToken), answer(cb.id, 'accept', cb.managementToken)]);
    const statuses = [r1.statusCode, r2.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(loser.json().code).toBe('CALLBACK_ALREADY_ACCEPTED');
    expect(await h.app.parts.store.read(async (tx) => await tx.callIns.liveForCallback(cb.id))).toHaveLength(1);
  });

  it('snooze goes back into line for N minutes, at most M times; then 409', async () => {
    const cb = await delayed();
    const placeInLine = h.cb(cb.id).queuedSince;
    h.ready('alice');
    for (let i = 0; i < 2; i++) {
      await h.tick();
      expect(h.cb(cb.id).state).toBe('PUSHED');
      const res = await answer(cb.id, 'snooze', cb.managementToken);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ state: 'RETRY_WAIT', snoozesLeft: 1 - i });
      await h.advance(4 * 60_000);
      expect(h.cb(cb.id).state).toBe('RETRY_WAIT');
      await h.advance(60_000); // due again: QUEUED with its old place, pushed again
      await h.tick();
    }
    expect(h.cb(cb.id)).toMatchObject({ state: 'PUSHED', queuedSince: placeInLine });
    const third = await answer(cb.id, 'snooze', cb.managementToken);
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('SNOOZE_LIMIT_REACHED');
  });

  it('cancel ends it as CANCELLED', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    const res = await answer(cb.id, 'cancel', cb.managementToken);
    expect(res.json()).toMatchObject({ state: 'CANCELLED', action: 'cancel' });
    expect(h.cb(cb.id).reason).toBe('CUSTOMER_CANCELLED');
  });

  it('the public DELETE /v1/callbacks/{id} cancels a pushed callback, as the answer cancel does', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    expect(h.cb(cb.id).state).toBe('PUSHED');
    const res = await h.app.parts.http.inject({ method: 'DELETE', url: `/v1/callbacks/${cb.id}`, headers: { 'x-management-token': h.app.parts.ctx.tokens.issue(cb.id) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: cb.id, state: 'CANCELLED' });
    expect(h.cb(cb.id)).toMatchObject({ state: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    expect((await answer(cb.id, 'accept', cb.managementToken)).json().code).toBe('CALLBACK_ENDED');
  });

  it('DELETE after accept cancels the callback and its access code: the code never matches', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    const { accessCode } = (await answer(cb.id, 'accept', cb.managementToken)).json();
    const res = await h.app.parts.http.inject({ method: 'DELETE', url: `/v1/callbacks/${cb.id}`, headers: { 'x-management-token': h.app.parts.ctx.tokens.issue(cb.id) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(h.cb(cb.id).state).toBe('CANCELLED');
    expect(await h.app.parts.store.read(async (tx) => await tx.callIns.liveForCallback(cb.id))).toHaveLength(0);
    const { backend, queued } = ivrBackend(h.app.parts.ctx);
    const call = new ScriptedCall([accessCode, accessCode, accessCode, '1'], '+4930111222', BILLING_LINE);
    await runFlow(shippedFlows().get('callin')!, call, backend);
    expect(call.prompts).toContain('callin_not_found');
    expect(queued[0]?.callInId).toBeUndefined();
  });

  it('no answer within the pushed-callback expiry: EXPIRED (PUSH_EXPIRED); a late accept is 410', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    h.clock.advance(5 * 60_000);
    const report = await h.app.parts.callIns.tick();
    expect(report.pushExpired).toBe(1);
    expect(h.cb(cb.id)).toMatchObject({ state: 'EXPIRED', reason: 'PUSH_EXPIRED' });
    const late = await answer(cb.id, 'accept', cb.managementToken);
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('CALLBACK_PUSH_EXPIRED');
  });

  it('an accept that arrives after the deadline but before the sweep expires it in the same write', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    h.clock.advance(5 * 60_000 + 1);
    const late = await answer(cb.id, 'accept', cb.managementToken);
    expect(late.statusCode).toBe(410);
    expect(h.cb(cb.id)).toMatchObject({ state: 'EXPIRED', reason: 'PUSH_EXPIRED' });
  });

  it('an accepted callback nobody calls in for expires with its code', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    const { accessCode } = (await answer(cb.id, 'accept', cb.managementToken)).json();
    h.clock.advance(15 * 60_000);
    await h.app.parts.callIns.tick();
    expect(h.cb(cb.id)).toMatchObject({ state: 'EXPIRED', reason: 'CALL_IN_EXPIRED' });
    const match = await ivrBackend(h.app.parts.ctx).backend.callIns!.match({ callId: 'c1', code: accessCode });
    expect(match).toEqual({ ok: false, reason: 'EXPIRED' });
  });
});

describe('answers that are refused', () => {
  it('without the management token (and without an API key): 403; an API key suffices', async () => {
    const cb = await delayed();
    h.ready('alice');
    await h.tick();
    expect((await answer(cb.id, 'accept')).json().code).toBe('MANAGEMENT_TOKEN_INVALID');
    expect((await answer(cb.id, 'accept', 'forged-token')).statusCode).toBe(403);
    const withKey = await answer(cb.id, 'accept', undefined, { 'x-api-key': 'partner-secret' });
    expect(withKey.statusCode).toBe(200);
  });

  it('before the push: 409 CALLBACK_NOT_READY; unknown id: 404; unknown action: 422; not a call-in: 409', async () => {
    const cb = await delayed();
    expect((await answer(cb.id, 'accept', cb.managementToken)).json().code).toBe('CALLBACK_NOT_READY');
    const key = { 'x-api-key': 'partner-secret' };
    expect((await answer('nope', 'accept', undefined, key)).statusCode).toBe(404);
    const bad = await answer(cb.id, 'later', cb.managementToken);
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'VALIDATION_FAILED']);
    const plain = await h.request();
    expect((await answer(plain, 'accept', undefined, key)).json().code).toBe('NOT_A_CALL_IN');
  });
});

describe('push target intake', () => {
  const big = 'x'.repeat(5000);
  it.each([
    ['http endpoint', webpush('http://push.example.net/x'), 422, 'PUSH_ENDPOINT_NOT_HTTPS'],
    ['ftp endpoint', webpush('ftp://push.example.net/x'), 422, 'PUSH_ENDPOINT_NOT_HTTPS'],
    ['not a URL', webpush('push me'), 422, 'PUSH_ENDPOINT_INVALID'],
    ['loopback', webpush('https://127.0.0.1:8443/push'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['private 10/8', webpush('https://10.1.2.3/push'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['link-local', webpush('https://169.254.169.254/latest'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['IPv6 loopback', webpush('https://[::1]/push'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['IPv4-mapped IPv6', webpush('https://[::ffff:192.168.1.1]/push'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['localhost', webpush('https://localhost/push'), 422, 'PUSH_ENDPOINT_PRIVATE'],
    ['oversized subscription', webpush(`https://push.example.net/${big}`), 413, 'PUSH_TARGET_TOO_LARGE'],
    ['bad p256dh', { ...webpush(), subscription: { ...webpush().subscription, keys: { ...KEYS, p256dh: 'abc' } } }, 422, 'PUSH_KEYS_INVALID'],
    ['webpush without subscription', { channel: 'webpush' }, 422, 'PUSH_TARGET_INVALID'],
    ['fcm token with spaces', { channel: 'fcm', token: 'not a token at all, really not' }, 422, 'PUSH_TOKEN_INVALID'],
    ['apns token not hex', { channel: 'apns', token: 'z'.repeat(64) }, 422, 'PUSH_TOKEN_INVALID'],
    ['unknown channel', { channel: 'sms', token: 'x' }, 422, 'VALIDATION_FAILED'],
    ['unknown field', { ...webpush(), extra: 1 }, 422, 'VALIDATION_FAILED'],
  ])('%s', async (_name, push, status, code) => {
    const res = await inject('POST', '/v1/callbacks', { serviceId: 'billing', phone: '+4930901820', mode: 'call-in-delayed', push });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await h.app.parts.store.read(async (tx) => await tx.callbacks.list({ limit: 10 }))).toHaveLength(0);
  });

  it('accepts fcm and apns tokens', async () => {
    const fcm = await inject('POST', '/v1/callbacks', { serviceId: 'billing', phone: '+4930901820', mode: 'call-in-delayed', push: { channel: 'fcm', token: `dGVzdA:APA91b${'x'.repeat(140)}` } });
    expect(fcm.statusCode, fcm.body).toBe(201);
    const apns = await inject('POST', '/v1/callbacks', { serviceId: 'billing', phone: '+4930901821', mode: 'call-in-delayed', push: { channel: 'apns', token: 'AB'.repeat(32) } });
    expect(apns.statusCode, apns.body).toBe(201);
    expect((await h.app.parts.store.read(async (tx) => await tx.callIns.push(apns.json().id)))?.target).toEqual({ channel: 'apns', token: 'ab'.repeat(32) });
  });

  it('mode call-in-delayed needs a push target; a push target needs the mode; no slots', async () => {
    const base = { serviceId: 'billing', phone: '+4930901820' };
    expect((await inject('POST', '/v1/callbacks', { ...base, mode: 'call-in-delayed' })).json().code).toBe('PUSH_REQUIRED');
    expect((await inject('POST', '/v1/callbacks', { ...base, push: webpush() })).json().code).toBe('PUSH_NEEDS_CALL_IN_MODE');
    const slot = await inject('POST', '/v1/callbacks', { ...base, mode: 'call-in-delayed', push: webpush(), slotStart: '2026-03-02T13:00:00Z' });
    expect(slot.json().code).toBe('CALL_IN_DELAYED_IS_ASAP');
  });

  it('config push.allowPrivateEndpoints lets loopback endpoints in (tests, local push services)', async () => {
    await h.close();
    const base = harnessConfig();
    h = await harness({ config: { ...base, services: base.services.map((s) => withCallIn(s, BILLING_LINE)), push: { allowHttp: true, allowPrivateEndpoints: true } } });
    const cb = await delayed('+4930901820', webpush('http://127.0.0.1:9999/push'));
    await settle();
    expect(cb.state).toBe('QUEUED');
  });
});
