/** Contract: callbacks, slots, idempotency keys, attempts. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import { attempt, callback, T0 } from './builders.js';

export function callbackCases(store: () => Store): void {
  it('callbacks: insert/get round-trips every field; absent → undefined', async () => {
    const cb = callback('cb-rt');
    await store().write(async (tx) => tx.callbacks.insert(cb));
    expect(await store().read((tx) => tx.callbacks.get('cb-rt'))).toEqual(cb);
    const bare = callback('cb-bare', { subjectId: undefined, reason: undefined, slotStart: undefined, desiredTime: undefined, agentId: undefined,
      firstName: undefined, lastName: undefined, customerId: undefined, language: undefined, notes: undefined, context: undefined });
    await store().write(async (tx) => tx.callbacks.insert(bare));
    expect(await store().read((tx) => tx.callbacks.get('cb-bare'))).toEqual(JSON.parse(JSON.stringify(bare)));
    expect(await store().read((tx) => tx.callbacks.get('nope'))).toBeUndefined();
  });

  it('callbacks: update is optimistic (stored version must be version - 1)', async () => {
    await store().write(async (tx) => tx.callbacks.insert(callback('cb-v')));
    expect(await store().write((tx) => tx.callbacks.update(callback('cb-v', { state: 'DIALING', version: 2 })))).toBe(true);
    expect(await store().write((tx) => tx.callbacks.update(callback('cb-v', { state: 'CANCELLED', version: 2 })))).toBe(false);
    expect(await store().write((tx) => tx.callbacks.update(callback('cb-v', { state: 'CANCELLED', version: 4 })))).toBe(false);
    expect(await store().write((tx) => tx.callbacks.update(callback('missing', { version: 2 })))).toBe(false);
    expect((await store().read((tx) => tx.callbacks.get('cb-v')))).toMatchObject({ state: 'DIALING', version: 2 });
  });

  it('callbacks: counts per phone and service, created since, ahead in line', async () => {
    const svc = 'svc-count';
    await store().write(async (tx) => {
      await tx.callbacks.insert(callback('cc-1', { serviceId: svc, phone: '+491', state: 'QUEUED', createdAt: T0 }));
      await tx.callbacks.insert(callback('cc-2', { serviceId: svc, phone: '+491', state: 'COMPLETED', createdAt: T0 + 10 }));
      await tx.callbacks.insert(callback('cc-3', { serviceId: svc, phone: '+491', state: 'SCHEDULED', createdAt: T0 + 20 }));
      await tx.callbacks.insert(callback('cc-4', { serviceId: 'other-count', phone: '+491', state: 'QUEUED', createdAt: T0 + 30 }));
    });
    await store().read(async (tx) => {
      expect(await tx.callbacks.countOpenForPhone(svc, '+491')).toBe(2);
      expect(await tx.callbacks.countOpenForPhone(svc, '+492')).toBe(0);
      expect(await tx.callbacks.countCreatedForPhoneSince('+491', T0 + 10)).toBe(3);
      expect(await tx.callbacks.createdForServiceSince(svc, T0 + 5)).toEqual({ count: 2, oldest: T0 + 10 });
      expect(await tx.callbacks.createdForServiceSince('none', T0)).toEqual({ count: 0, oldest: undefined });
    });
    const line = 'svc-line';
    await store().write(async (tx) => {
      await tx.callbacks.insert(callback('l-a', { serviceId: line, priority: 1, queuedSince: T0 + 500 })); // higher priority
      await tx.callbacks.insert(callback('l-b', { serviceId: line, priority: 0, queuedSince: T0 + 100 })); // earlier
      await tx.callbacks.insert(callback('l-c', { serviceId: line, priority: 0, queuedSince: T0 + 200 })); // same time, lower id
      await tx.callbacks.insert(callback('l-x', { serviceId: line, priority: 0, queuedSince: T0 + 50, state: 'SCHEDULED' })); // not waiting
      await tx.callbacks.insert(callback('l-z', { serviceId: line, priority: 0, queuedSince: T0 + 300 })); // behind
    });
    expect(await store().read((tx) => tx.callbacks.countAhead(line, 0, T0 + 200, 'l-d'))).toBe(3);
    expect(await store().read((tx) => tx.callbacks.countAhead(line, 0, T0 + 200, 'l-c'))).toBe(2);
  });

  it('callbacks: list filters and pages by id in byte order (as SQLite compares text)', async () => {
    const svc = 'svc-list';
    const ids = ['Zed', 'alpha', 'Beta', 'beta', 'A-1', 'a-2'];
    await store().write(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.callbacks.insert(callback(id, { serviceId: svc, createdAt: T0 + i, state: i % 2 ? 'QUEUED' : 'SCHEDULED', phone: `+49${i % 3}` }));
    });
    const sorted = [...ids].sort(); // byte order: A-1, Beta, Zed, a-2, alpha, beta
    const page1 = await store().read((tx) => tx.callbacks.list({ serviceId: svc, limit: 4 }));
    expect(page1.map((c) => c.id)).toEqual(sorted.slice(0, 4));
    const page2 = await store().read((tx) => tx.callbacks.list({ serviceId: svc, limit: 4, afterId: page1.at(-1)!.id }));
    expect(page2.map((c) => c.id)).toEqual(sorted.slice(4));
    const f = await store().read((tx) => tx.callbacks.list({ serviceId: svc, states: ['QUEUED'], phone: '+491', createdFrom: T0 + 1, createdTo: T0 + 5, limit: 10 }));
    expect(f.map((c) => c.id)).toEqual(['alpha']);
    expect(await store().read((tx) => tx.callbacks.list({ serviceId: svc, states: [], limit: 10 }))).toHaveLength(6);
  });

  it('callbacks: due in the given states, oldest first, limited', async () => {
    await store().write(async (tx) => {
      await tx.callbacks.insert(callback('d-1', { serviceId: 'svc-due', state: 'RETRY_WAIT', dueAt: 100 }));
      await tx.callbacks.insert(callback('d-2', { serviceId: 'svc-due', state: 'RETRY_WAIT', dueAt: 50 }));
      await tx.callbacks.insert(callback('d-3', { serviceId: 'svc-due', state: 'RETRY_WAIT', dueAt: 200 }));
    });
    expect((await store().read((tx) => tx.callbacks.due(['RETRY_WAIT'], 150, 10))).map((c) => c.id)).toEqual(['d-2', 'd-1']);
    expect((await store().read((tx) => tx.callbacks.due(['RETRY_WAIT'], 150, 1))).map((c) => c.id)).toEqual(['d-2']);
    expect(await store().read((tx) => tx.callbacks.due([], 150, 10))).toEqual([]);
  });

  it('slots: booked, adjust (upsert, negative start clamps at 0), bookedBetween', async () => {
    await store().write(async (tx) => {
      await tx.slots.adjust('svc-slot', T0, 1);
      await tx.slots.adjust('svc-slot', T0, 2);
      await tx.slots.adjust('svc-slot', T0 + 1800_000, -1);
      await tx.slots.adjust('svc-slot', T0 + 3600_000, 1);
    });
    await store().read(async (tx) => {
      expect(await tx.slots.booked('svc-slot', T0)).toBe(3);
      expect(await tx.slots.booked('svc-slot', T0 + 1800_000)).toBe(0);
      expect(await tx.slots.booked('svc-slot', T0 + 5)).toBe(0);
      expect(await tx.slots.bookedBetween('svc-slot', T0, T0 + 3600_000)).toEqual(new Map([[T0, 3], [T0 + 1800_000, 0]]));
    });
    await store().write((tx) => tx.slots.adjust('svc-slot', T0, -1));
    expect(await store().read((tx) => tx.slots.booked('svc-slot', T0))).toBe(2);
  });

  it('idempotency: put/get, a second put of the key is refused, purgeBefore counts', async () => {
    const rec = { scope: 'api', key: 'k1', fingerprint: 'f', status: 201, response: '{"id":"x"}', callbackId: 'x', createdAt: T0 };
    await store().write((tx) => tx.idempotency.put(rec));
    expect(await store().read((tx) => tx.idempotency.get('api', 'k1'))).toEqual(rec);
    expect(await store().read((tx) => tx.idempotency.get('web', 'k1'))).toBeUndefined();
    await expect(store().write((tx) => tx.idempotency.put({ ...rec, fingerprint: 'other' }))).rejects.toThrow();
    expect((await store().read((tx) => tx.idempotency.get('api', 'k1')))?.fingerprint).toBe('f');
    await store().write(async (tx) => {
      await tx.idempotency.put({ ...rec, key: 'old1', callbackId: undefined, createdAt: T0 - 10 });
      await tx.idempotency.put({ ...rec, key: 'old2', createdAt: T0 - 5 });
    });
    expect(await store().read((tx) => tx.idempotency.get('api', 'old1'))).toEqual({ ...rec, key: 'old1', callbackId: undefined, createdAt: T0 - 10 });
    expect(await store().write((tx) => tx.idempotency.purgeBefore(T0))).toBe(2);
    expect(await store().write((tx) => tx.idempotency.purgeBefore(T0))).toBe(0);
  });

  it('attempts: insert, update, forCallback by number, expiredOpen', async () => {
    await store().write(async (tx) => {
      await tx.callbacks.insert(callback('at-cb'));
      await tx.attempts.insert(attempt('at-cb', 2, { endedAt: undefined, outcome: undefined, sipCode: undefined, detail: undefined, leaseUntil: T0 + 10 }));
      await tx.attempts.insert(attempt('at-cb', 1));
    });
    const list = await store().read((tx) => tx.attempts.forCallback('at-cb'));
    expect(list.map((a) => a.number)).toEqual([1, 2]);
    expect(list[0]).toEqual(attempt('at-cb', 1));
    expect((await store().read((tx) => tx.attempts.expiredOpen(T0 + 11))).filter((a) => a.callbackId === 'at-cb').map((a) => a.number)).toEqual([2]);
    expect((await store().read((tx) => tx.attempts.expiredOpen(T0 + 10))).filter((a) => a.callbackId === 'at-cb')).toEqual([]);
    await store().write((tx) => tx.attempts.update(attempt('at-cb', 2, { outcome: 'PERSON', endedAt: T0 + 9, sipCode: 200 })));
    expect((await store().read((tx) => tx.attempts.forCallback('at-cb')))[1]).toEqual(attempt('at-cb', 2, { outcome: 'PERSON', endedAt: T0 + 9, sipCode: 200 }));
    expect((await store().read((tx) => tx.attempts.expiredOpen(T0 + 11))).filter((a) => a.callbackId === 'at-cb')).toEqual([]);
    await expect(store().write((tx) => tx.attempts.insert(attempt('no-such-callback', 1)))).rejects.toThrow(); // foreign key
  });
}
