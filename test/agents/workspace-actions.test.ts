/** Server support for the agent workspace: Not Ready after this call, hang-up, one disposition, reschedule. */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, settle, type Harness } from '../dialer/harness.js';
import { signIn } from '../access/sign-in.js';

let h: Harness;
let token: string | undefined; // alice's own session, signed in on first use
afterEach(async () => { token = undefined; await h?.close(); });

const call = async (method: 'GET' | 'PUT' | 'POST', path: string, payload?: unknown) => {
  token ??= (await signIn(h.app.parts.http, 'alice')).token;
  const auth = { authorization: `Bearer ${token}` };
  const r = await h.app.parts.http.inject({ method, url: `/v1/agents/alice${path}`, headers: auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: r.statusCode, body: r.json() };
};

/** alice takes a billing callback and is ON_CALL with it. */
async function onCall(over: Parameters<Harness['request']>[0] = {}): Promise<string> {
  const id = await h.request({ firstName: 'Ada', context: { plan: 'Green' }, ...over });
  await call('PUT', '/state', { state: 'READY' });
  await settle();
  expect((await call('GET', '')).body.state.name).toBe('ON_CALL');
  return id;
}

describe('agent workspace actions', () => {
  it('Not Ready asked for during a call is pending, can be withdrawn, and applies after the wrap-up', async () => {
    h = await harness();
    await onCall();
    const asked = await call('PUT', '/state', { state: 'NOT_READY', reason: 'Lunch' });
    expect(asked.status).toBe(200);
    expect(asked.body.state).toMatchObject({ name: 'ON_CALL', pendingReason: 'Lunch' });
    const withdrawn = await call('PUT', '/state', { state: 'READY' });
    expect(withdrawn.body.state).toMatchObject({ name: 'ON_CALL', pendingReason: null });
    await call('PUT', '/state', { state: 'NOT_READY', reason: 'Pause' });
    h.tel.agentLegs.get('alice')!.end();
    await settle();
    expect((await call('GET', '')).body.state).toMatchObject({ name: 'WRAP_UP', pendingReason: 'Pause' });
    const saved = await call('POST', '/disposition', { code: 'Resolved' });
    expect(saved.body.state).toMatchObject({ name: 'NOT_READY', reason: 'Pause', pendingReason: null });
  });

  it('hangs up the connected call through the telephony port; the callback completes and wrap-up starts', async () => {
    h = await harness();
    expect((await call('POST', '/hangup')).body.code).toBe('NOT_ON_CALL');
    const id = await onCall();
    const customer = [...h.tel.customerLegs.values()][0]!;
    const agent = h.tel.agentLegs.get('alice')!;
    const r = await call('POST', '/hangup');
    expect(r).toEqual({ status: 200, body: { hungUp: true } });
    await settle();
    expect(customer.ended && agent.ended).toBe(true);
    expect(h.cb(id).state).toBe('COMPLETED');
    const view = (await call('GET', '')).body;
    expect(view.state.name).toBe('WRAP_UP');
    expect(view.interaction).toMatchObject({ id, phase: 'wrap-up' });
    expect((await call('POST', '/hangup')).body.code).toBe('NOT_ON_CALL');
  });

  it('a disposition is saved once per call: shown in the view, a second save is refused', async () => {
    h = await harness();
    const id = await onCall();
    const first = await call('POST', '/disposition', { code: 'Resolved', notes: 'fixed' });
    expect(first.status).toBe(200);
    expect(first.body.interaction.disposition).toMatchObject({ code: 'Resolved', notes: 'fixed' });
    const again = await call('POST', '/disposition', { code: 'Wrong number' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('DISPOSITION_ALREADY_SAVED');
    h.tel.agentLegs.get('alice')!.end();
    await settle();
    // The saved disposition stays with the interaction into the wrap-up.
    expect((await call('GET', '')).body.interaction.disposition.code).toBe('Resolved');
    expect((await call('POST', '/disposition', { code: 'Resolved' })).body.code).toBe('DISPOSITION_ALREADY_SAVED');
    const events = (await h.app.parts.store.read(async (tx) => await tx.events.forCallback(id))).filter((e) => e.type === 'DISPOSITION');
    expect(events).toHaveLength(1);
  });

  it('the view carries the server time and the phone in national format', async () => {
    h = await harness();
    await onCall({ phone: '+493011122233' });
    const view = (await call('GET', '')).body;
    expect(view.at).toBe(new Date(h.clock.now()).toISOString());
    expect(view.interaction.callback).toMatchObject({ phone: '+493011122233', phoneNational: '030 11122233', phoneCountry: 'DE' });
  });

  it('books a follow-up for the customer during the call and in wrap-up, in spite of one open callback per number', async () => {
    h = await harness();
    const id = await onCall({ phone: '+493011122299', customerId: 'K-9', notes: 'meter' });
    const { body: avail } = await h.app.parts.http.inject({ method: 'GET', url: '/v1/services/billing/availability' }).then((r) => ({ body: r.json() }));
    const slot = avail.slots[3].start as string;
    const r = await call('POST', '/reschedule', { slotStart: slot });
    expect(r.status).toBe(200);
    expect(r.body.followUpOf).toBe(id);
    expect(r.body.callback).toMatchObject({ state: 'SCHEDULED', scheduled: { slotStart: slot }, channel: 'agent' });
    const follow = h.cb(r.body.callback.id);
    expect(follow).toMatchObject({ phone: '+493011122299', customerId: 'K-9', notes: 'meter', firstName: 'Ada', context: { plan: 'Green', followUpOf: id } });
    // A second one for the same number is refused: the follow-up is now the open callback.
    const twice = await call('POST', '/reschedule', { slotStart: avail.slots[4].start });
    expect(twice.body.code).toBe('CALLBACK_ALREADY_OPEN');
    const bad = await call('POST', '/reschedule', { slotStart: 'tomorrow' });
    expect(bad.status).toBe(422);
  });

  it('moves an offered preview callback to the slot and frees the agent', async () => {
    h = await harness();
    const id = await h.request({ serviceId: 'care' });
    await call('PUT', '/state', { state: 'READY' });
    await settle();
    expect((await call('GET', '')).body.interaction).toMatchObject({ id, phase: 'offered' });
    const { slots } = (await h.app.parts.http.inject({ method: 'GET', url: '/v1/services/care/availability' })).json();
    const r = await call('POST', '/reschedule', { slotStart: slots[0].start });
    expect(r.body).toMatchObject({ followUpOf: null, callback: { id, state: 'SCHEDULED' } });
    await settle();
    const view = (await call('GET', '')).body;
    expect(view.state.name).toBe('READY');
    expect(view.interaction).toBeNull();
    expect(h.cb(id).slotStart).toBe(Date.parse(slots[0].start));
  });

  it('refuses a reschedule without a callback in front of the agent', async () => {
    h = await harness();
    const r = await call('POST', '/reschedule', { slotStart: '2026-03-03T09:00:00Z' });
    expect(r).toMatchObject({ status: 422, body: { code: 'NO_INTERACTION' } });
  });
});
