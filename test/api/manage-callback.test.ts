import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await harness(); });
afterEach(async () => { await h.app.stop(); });

const admin = { authorization: 'Bearer admin-secret' };
const holder = (created: { managementToken: string }) => ({ 'x-management-token': created.managementToken });
const slot = (local: string) => `2026-11-24T${local}:00+01:00`;

describe('reading, cancelling and rescheduling', () => {
  it('GET returns state, position, EWT and attempts; unknown ids are 404', async () => {
    const created = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
    const { id } = created;
    const res = await h.inject({ url: `/v1/callbacks/${id}`, headers: holder(created) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, state: 'QUEUED', position: 1, ewtSeconds: null, attempts: 0, attemptsDetail: [] });
    const missing = await h.inject({ url: '/v1/callbacks/01a1fd4a-0000-7000-8000-000000000000', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CALLBACK_NOT_FOUND');
  });

  it('DELETE cancels with a reason, frees the slot, logs the event, and is idempotent', async () => {
    const created = (await post(h, { serviceId: 'sales', phone: '+4930901820', slotStart: slot('10:00') })).json();
    const { id } = created;
    const res = await h.inject({ method: 'DELETE', url: `/v1/callbacks/${id}?reason=changed%20my%20mind`, headers: holder(created) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'CANCELLED', reason: 'changed my mind' });
    expect((await h.inject({ method: 'DELETE', url: `/v1/callbacks/${id}?token=${created.managementToken}` })).json().state).toBe('CANCELLED');
    // The freed slot (capacity 1) can be booked again, and the same number may ask again.
    expect((await post(h, { serviceId: 'sales', phone: '+4930901820', slotStart: slot('10:00') })).statusCode).toBe(201);
    const events = await h.app.parts.store.read(async (tx) => await tx.events.forCallback(id));
    expect(events.map((e) => [e.type, e.fromState ?? null, e.toState])).toEqual([
      ['CALLBACK_CREATED', null, 'SCHEDULED'],
      ['CALLBACK_STATE', 'SCHEDULED', 'CANCELLED'],
    ]);
  });

  it('DELETE refuses a callback that is being dialled', async () => {
    const created = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
    const { id } = created;
    await h.app.parts.store.write(async (tx) => {
      const cb = (await tx.callbacks.get(id))!;
      await tx.callbacks.update({ ...cb, state: 'DIALING', version: cb.version + 1 });
    });
    const res = await h.inject({ method: 'DELETE', url: `/v1/callbacks/${id}`, headers: holder(created) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CALLBACK_IN_PROGRESS');
  });

  it('PATCH moves a callback to another slot with capacity checked', async () => {
    const a = (await post(h, { serviceId: 'sales', phone: '+4930901820', slotStart: slot('10:00') })).json();
    const b = (await post(h, { serviceId: 'sales', phone: '+4930901821', slotStart: slot('11:00') })).json();
    const full = await h.inject({ method: 'PATCH', url: `/v1/callbacks/${a.id}`, headers: holder(a), payload: { slotStart: slot('11:00') } });
    expect(full.statusCode).toBe(429);
    expect(full.json().code).toBe('SLOT_FULL');
    const moved = await h.inject({ method: 'PATCH', url: `/v1/callbacks/${a.id}`, headers: holder(a), payload: { slotStart: slot('12:00') } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().scheduled.localStart).toBe(slot('12:00'));
    const avail = (await h.inject({ url: `/v1/services/sales/availability?from=${encodeURIComponent(slot('10:00'))}&to=${encodeURIComponent(slot('13:00'))}&includeFull=true` })).json();
    expect(avail.slots.map((s: { localStart: string; remaining: number }) => [s.localStart, s.remaining])).toEqual([
      [slot('10:00'), 1], [slot('11:00'), 0], [slot('12:00'), 0],
    ]);
    expect(b.id).not.toBe(a.id);
    const asap = (await post(h, { serviceId: 'billing', phone: '+4930901822' })).json();
    const toSlot = await h.inject({ method: 'PATCH', url: `/v1/callbacks/${asap.id}`, headers: holder(asap), payload: { slotStart: slot('15:00') } });
    expect(toSlot.json()).toMatchObject({ state: 'SCHEDULED', position: null });
    const empty = await h.inject({ method: 'PATCH', url: `/v1/callbacks/${asap.id}`, headers: holder(asap), payload: {} });
    expect(empty.statusCode).toBe(422);
  });
});

describe('admin routes', () => {
  it('need a staff sign-in or the admin token; a wrong token is 401', async () => {
    expect((await h.inject({ url: '/v1/callbacks' })).statusCode).toBe(401);
    expect((await h.inject({ url: '/v1/callbacks', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
  });

  it('list with filters and keyset paging, and bulk-cancel with per-id results', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(h, { serviceId: 'billing', phone: `+493090182${i}` })).json().id);
    await post(h, { serviceId: 'sales', phone: '+4930901829' });
    const page1 = (await h.inject({ url: '/v1/callbacks?service=billing&state=QUEUED&limit=3', headers: admin })).json();
    expect(page1.items).toHaveLength(3);
    const page2 = (await h.inject({ url: `/v1/callbacks?service=billing&limit=3&after=${page1.next}`, headers: admin })).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.next).toBeNull();
    expect([...page1.items, ...page2.items].map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
    const bad = await h.inject({ url: '/v1/callbacks?state=NOPE', headers: admin });
    expect(bad.statusCode).toBe(422);

    const res = await h.inject({ method: 'POST', url: '/v1/callbacks/bulk-cancel', headers: admin, payload: { ids: [ids[0], ids[1], 'missing'], reason: 'storm outage' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cancelled: [ids[0], ids[1]], failed: [{ id: 'missing', code: 'CALLBACK_NOT_FOUND', message: 'No callback with this id.' }] });
    const cancelled = (await h.inject({ url: '/v1/callbacks?state=CANCELLED', headers: admin })).json();
    expect(cancelled.items.map((c: { reason: string }) => c.reason)).toEqual(['storm outage', 'storm outage']);
  });
});
