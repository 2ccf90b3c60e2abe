/**
 * Contract: group commit and the invariants under concurrent writers (DESIGN.md invariant 3).
 * "Two nodes" are two Store instances over the same database: for PostgreSQL two pools (two
 * processes would be the same to the server); for SQLite two connections to the same file.
 */
import { expect, it } from 'vitest';
import type { Store, Tx } from '../../src/app/ports/store.js';
import type { Harness } from './harness.js';
import { callback, T0 } from './builders.js';

/** The request use case's core: refuse a second open callback of this number in this service. */
const requestOnce = (id: string, phone: string) => async (tx: Tx): Promise<boolean> => {
  if ((await tx.callbacks.countOpenForPhone('svc-once', phone)) > 0) return false;
  await tx.callbacks.insert(callback(id, { serviceId: 'svc-once', phone }));
  return true;
};

/** The slot booking core: book only while the slot has room. */
const bookSlot = (id: string, slotStart: number, capacity: number) => async (tx: Tx): Promise<boolean> => {
  if ((await tx.slots.booked('svc-slots', slotStart)) >= capacity) return false;
  await tx.slots.adjust('svc-slots', slotStart, 1);
  await tx.callbacks.insert(callback(id, { serviceId: 'svc-slots', state: 'SCHEDULED', slotStart, phone: `+49${id}` }));
  return true;
};

export function concurrencyCases(h: () => Harness): void {
  it('group commit: N writes submitted together share one transaction; each resolves after it', async () => {
    const s = await h().open('batching');
    const before = h().commits(s);
    const ids = Array.from({ length: 20 }, (_, i) => `gc-${i}`);
    const results = await Promise.all(ids.map((id) => s.write(async (tx) => { await tx.callbacks.insert(callback(id)); return id; })));
    expect(results).toEqual(ids);
    expect(h().commits(s) - before).toBe(1);
    const committed = await h().committingTransactions?.('batching', ids);
    if (committed !== undefined) expect(committed).toBe(1);
    const apart = ['gc-a', 'gc-b', 'gc-c'];
    for (const id of apart) await s.write(async (tx) => tx.callbacks.insert(callback(id))); // one after another: a commit each
    expect(h().commits(s) - before).toBe(4);
    const committedApart = await h().committingTransactions?.('batching', apart);
    if (committedApart !== undefined) expect(committedApart).toBe(3);
    expect(await s.read(async (tx) => (await tx.callbacks.list({ limit: 100 })).length)).toBe(23);
  });

  it('group commit: a failing work rolls back alone, the others of its batch commit', async () => {
    const s = await h().open('rollback-alone');
    const before = h().commits(s);
    const boom = new Error('work failed');
    const outcomes = await Promise.allSettled([
      s.write(async (tx) => tx.callbacks.insert(callback('ok-1'))),
      s.write(async (tx) => { await tx.callbacks.insert(callback('bad')); await tx.events.append({ type: 'X', at: T0, callbackId: 'bad' }); throw boom; }),
      s.write(async (tx) => { await tx.callbacks.insert(callback('dup')); await tx.callbacks.insert(callback('dup')); }), // constraint error
      s.write(async (tx) => { await tx.callbacks.insert(callback('ok-2')); await tx.events.append({ type: 'Y', at: T0, callbackId: 'ok-2' }); }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBe(boom);
    expect(h().commits(s) - before).toBe(1);
    await s.read(async (tx) => {
      expect(await tx.callbacks.get('ok-1')).toBeDefined();
      expect(await tx.callbacks.get('ok-2')).toBeDefined();
      expect(await tx.callbacks.get('bad')).toBeUndefined();
      expect(await tx.callbacks.get('dup')).toBeUndefined();
      expect(await tx.events.forCallback('bad')).toEqual([]);
      expect((await tx.events.forCallback('ok-2')).map((e) => e.type)).toEqual(['Y']);
    });
  });

  it('one open callback per number per service: 40 concurrent requests on two nodes, one wins', async () => {
    const a = await h().open('once');
    const b = await h().open('once');
    const won = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).write(requestOnce(`once-${i}`, '+4917000'))));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await a.read((tx) => tx.callbacks.countOpenForPhone('svc-once', '+4917000'))).toBe(1);
    // Different numbers do not block each other.
    const others = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).write(requestOnce(`other-${i}`, `+49171${i}`))));
    expect(others.every(Boolean)).toBe(true);
  });

  it('slot capacity: 30 concurrent bookings of a 5-place slot on two nodes book exactly 5', async () => {
    const a = await h().open('slots');
    const b = await h().open('slots');
    const slot = T0 + 7_200_000;
    const booked = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).write(bookSlot(`s${i}`, slot, 5))));
    expect(booked.filter(Boolean)).toHaveLength(5);
    expect(await b.read((tx) => tx.slots.booked('svc-slots', slot))).toBe(5);
    expect(await b.read(async (tx) => (await tx.callbacks.list({ serviceId: 'svc-slots', limit: 100 })).length)).toBe(5);
  });

  it('idempotency key: concurrent puts of one key on two nodes, exactly one succeeds', async () => {
    const a = await h().open('idem');
    const b = await h().open('idem');
    const rec = (i: number) => ({ scope: 'api', key: 'same', fingerprint: `f${i}`, status: 201, response: '{}', createdAt: T0 });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).write((tx) => tx.idempotency.put(rec(i)))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
}
