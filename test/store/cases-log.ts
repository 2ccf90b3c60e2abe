/** Contract: the event log (append-only), agents, the queue engine's queries. Each case on its own database. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import type { Harness } from './harness.js';
import { attempt, callback, T0 } from './builders.js';

const ev = (type: string, at: number, more: Record<string, unknown> = {}) => ({ type, at, ...more });

export function logCases(h: () => Harness, fresh: (name: string) => Promise<Store>): void {
  it('events: append, forCallback and between in seq order with paging; read-your-writes inside a write', async () => {
    const s = await fresh('events');
    const seen = await s.write(async (tx) => {
      await tx.events.append(ev('CALLBACK_CREATED', T0, { callbackId: 'e1', serviceId: 'sales', toState: 'QUEUED', data: { channel: 'web' } }));
      await tx.events.append(ev('CALLBACK_STATE', T0 + 1, { callbackId: 'e1', serviceId: 'sales', fromState: 'QUEUED', toState: 'DIALING' }));
      return (await tx.events.forCallback('e1')).map((e) => e.type);
    });
    expect(seen).toEqual(['CALLBACK_CREATED', 'CALLBACK_STATE']);
    await s.write(async (tx) => {
      await tx.events.append(ev('AGENT_STATE', T0 + 2, { agentId: 'ann', toState: 'READY' }));
      await tx.events.append(ev('CALLBACK_STATE', T0 + 3, { callbackId: 'e1', serviceId: 'sales', fromState: 'DIALING', toState: 'COMPLETED' }));
    });
    const all = await s.read((tx) => tx.events.forCallback('e1'));
    expect(all.map((e) => e.toState)).toEqual(['QUEUED', 'DIALING', 'COMPLETED']);
    expect(all[0]).toEqual({ seq: all[0]!.seq, at: T0, type: 'CALLBACK_CREATED', callbackId: 'e1', serviceId: 'sales', toState: 'QUEUED', data: { channel: 'web' } });
    const between = await s.read((tx) => tx.events.between(T0 + 1, T0 + 3));
    expect(between.map((e) => e.type)).toEqual(['CALLBACK_STATE', 'AGENT_STATE']);
    const page = await s.read((tx) => tx.events.between(T0, T0 + 10, between[0]!.seq, 2));
    expect(page.map((e) => e.at)).toEqual([T0 + 2, T0 + 3]);
    const seqs = (await s.read((tx) => tx.events.between(0, T0 + 10))).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(typeof seqs[0]).toBe('number');
  });

  it('events: the database refuses UPDATE and DELETE of the log (and TRUNCATE on PostgreSQL)', async () => {
    const s = await fresh('append-only');
    await s.write((tx) => tx.events.append(ev('CALLBACK_CREATED', T0, { callbackId: 'ao' })));
    // SQLite: BEFORE UPDATE / BEFORE DELETE triggers RAISE(ABORT) (migration 001). SQLite has no
    // TRUNCATE; its DELETE without WHERE fires the delete trigger too.
    await expect(h().raw('append-only', "UPDATE events SET type = 'X'")).rejects.toThrow(/append-only/);
    await expect(h().raw('append-only', 'DELETE FROM events')).rejects.toThrow(/append-only/);
    if (h().name === 'postgres') await expect(h().raw('append-only', 'TRUNCATE events')).rejects.toThrow(/append-only/);
    expect((await s.read((tx) => tx.events.forCallback('ao'))).map((e) => e.type)).toEqual(['CALLBACK_CREATED']);
  });

  it('agents: put (upsert), get, all by id', async () => {
    const s = await fresh('agents');
    const rec = { id: 'bob', state: 'NOT_READY', reason: 'break', since: T0, callbackId: 'cb', detail: '{"x":1}', updatedAt: T0 };
    await s.write(async (tx) => {
      await tx.agents.put(rec);
      await tx.agents.put({ id: 'Ann', state: 'READY', since: T0, updatedAt: T0 });
    });
    expect(await s.read((tx) => tx.agents.get('bob'))).toEqual(rec);
    await s.write((tx) => tx.agents.put({ id: 'bob', state: 'READY', since: T0 + 5, updatedAt: T0 + 5 }));
    expect(await s.read((tx) => tx.agents.get('bob'))).toEqual({ id: 'bob', state: 'READY', since: T0 + 5, updatedAt: T0 + 5 });
    expect((await s.read((tx) => tx.agents.all())).map((a) => a.id)).toEqual(['Ann', 'bob']);
    expect(await s.read((tx) => tx.agents.get('nobody'))).toBeUndefined();
  });

  it('queue: expiring, openAttempts, countByState, attemptsByOutcome, scheduledBySlot, reachedSince, countEventsSince', async () => {
    const s = await fresh('queue');
    await s.write(async (tx) => {
      await tx.callbacks.insert(callback('q1', { state: 'QUEUED', expiresAt: T0 + 20 }));
      await tx.callbacks.insert(callback('q2', { state: 'QUEUED', expiresAt: T0 + 10 }));
      await tx.callbacks.insert(callback('q3', { state: 'SCHEDULED', slotStart: T0 + 900_000, serviceId: 'care' }));
      await tx.callbacks.insert(callback('q4', { state: 'SCHEDULED', slotStart: T0 + 900_000, serviceId: 'care' }));
      await tx.callbacks.insert(callback('q5', { state: 'SCHEDULED', slotStart: undefined }));
      await tx.attempts.insert(attempt('q1', 1, { endedAt: undefined, outcome: undefined, leaseUntil: T0 + 7 }));
      await tx.attempts.insert(attempt('q2', 1, { endedAt: undefined, outcome: undefined, leaseUntil: T0 + 3 }));
      await tx.attempts.insert(attempt('q3', 1));
      await tx.events.append(ev('CALLBACK_STATE', T0, { serviceId: 'sales', toState: 'COMPLETED' }));
      await tx.events.append(ev('CALLBACK_STATE', T0 + 5, { serviceId: 'sales', toState: 'COMPLETED' }));
      await tx.events.append(ev('CALLBACK_STATE', T0 + 5, { serviceId: 'care', toState: 'FAILED' }));
      await tx.events.append(ev('LIVE_ABANDONED', T0 + 5, { serviceId: 'sales' }));
      await tx.events.append(ev('LIVE_ABANDONED', T0 - 5, { serviceId: 'sales' }));
    });
    await s.read(async (tx) => {
      expect((await tx.queue.expiring(['QUEUED'], T0 + 15, 10)).map((c) => c.id)).toEqual(['q2']);
      expect((await tx.queue.expiring(['QUEUED'], T0 + 25, 1)).map((c) => c.id)).toEqual(['q2']);
      expect(await tx.queue.expiring([], T0 + 25, 10)).toEqual([]);
      expect((await tx.queue.openAttempts()).map((a) => a.callbackId)).toEqual(['q2', 'q1']);
      const byState = await tx.queue.countByState(['QUEUED', 'SCHEDULED']);
      expect(byState.sort((a, b) => (a.serviceId + a.state).localeCompare(b.serviceId + b.state))).toEqual([
        { serviceId: 'care', state: 'SCHEDULED', n: 2 }, { serviceId: 'sales', state: 'QUEUED', n: 2 }, { serviceId: 'sales', state: 'SCHEDULED', n: 1 },
      ]);
      expect(await tx.queue.scheduledBySlot()).toEqual([{ serviceId: 'care', slotStart: T0 + 900_000, n: 2 }]);
      const reached = await tx.queue.reachedSince(['COMPLETED', 'FAILED'], T0 + 1);
      expect(reached.sort((a, b) => a.serviceId.localeCompare(b.serviceId))).toEqual([
        { serviceId: 'care', state: 'FAILED', n: 1 }, { serviceId: 'sales', state: 'COMPLETED', n: 1 },
      ]);
      expect(await tx.queue.countEventsSince('LIVE_ABANDONED', T0)).toEqual([{ serviceId: 'sales', n: 1 }]);
      const outcomes = await tx.queue.attemptsByOutcome();
      expect(outcomes.sort((a, b) => a.outcome.localeCompare(b.outcome))).toEqual([{ outcome: 'BUSY', n: 1 }, { outcome: 'open', n: 2 }]);
    });
  });
}
