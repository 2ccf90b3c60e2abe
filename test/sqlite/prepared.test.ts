/** prepared(): a kysely query compiled once and re-run with new parameters, in the right order. */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { all, openDatabase, prepared, type Db } from '../../src/adapters/sqlite/database.js';
import { callbackRepo } from '../../src/adapters/sqlite/callback-repo.js';
import { queueRepo } from '../../src/adapters/sqlite/agent-repo.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { Callback } from '../../src/domain/model.js';

let db: Db | undefined;
afterEach(() => db?.sqlite.close());

const cb = (i: number, over: Partial<Callback> = {}): Callback => ({
  id: `cb-${String(i).padStart(4, '0')}`, serviceId: i % 2 ? 'a' : 'b', phone: `+4930${1_000_000 + i}`, state: 'QUEUED', channel: 'api',
  queuedSince: 1_000 + (i % 7), priority: 5 + (i % 3), dueAt: 500, expiresAt: 9_000, attempts: 0, createdAt: 100 + i, updatedAt: 100,
  version: 1, ...over,
});

describe('prepared()', () => {
  it('binds each argument to its own placeholder whatever the object key order, keeping literals', () => {
    db = openDatabase(':memory:', { synchronous: 'NORMAL' });
    const repo = callbackRepo(db);
    for (let i = 0; i < 40; i++) repo.insert(cb(i));
    // The argument object lists keys in the reverse of their SQL order; 'QUEUED' is a literal in between.
    const q = prepared<{ minCreated: number; service: string }, { id: string }>(db, 'test.order', (k, p) =>
      k.selectFrom('callbacks').select('id').where('service_id', '=', p.service).where('state', '=', 'QUEUED')
        .where('created_at', '>=', p.minCreated).orderBy('id'));
    for (const [service, minCreated] of [['a', 120], ['b', 100], ['a', 139], ['b', 200]] as const) {
      const expected = all(db, db.q.selectFrom('callbacks').select('id').where('service_id', '=', service).where('state', '=', 'QUEUED')
        .where('created_at', '>=', minCreated).orderBy('id'));
      expect(q.all({ minCreated, service })).toEqual(expected);
    }
    expect(q.all({ minCreated: 120, service: 'a' }).length).toBeGreaterThan(0);
  });

  it('refuses a missing argument instead of binding undefined', () => {
    db = openDatabase(':memory:', { synchronous: 'NORMAL' });
    const q = prepared<{ id: string }, { id: string }>(db, 'test.missing', (k, p) => k.selectFrom('callbacks').select('id').where('id', '=', p.id));
    expect(() => q.get({} as { id: string })).toThrow(/no value for parameter 'id'/);
  });

  it('the callback repo round-trips every field and keeps the optimistic version check', () => {
    db = openDatabase(':memory:', { synchronous: 'NORMAL' });
    const repo = callbackRepo(db);
    const full = cb(1, {
      subjectId: 'subj', reason: 'why', slotStart: 7_000, desiredTime: 7_100, agentId: 'alice', firstName: 'Ada', lastName: 'L',
      customerId: 'c-1', language: 'de', notes: 'n', context: { page: '/x', timezone: 'Europe/Berlin' },
    });
    repo.insert(full);
    expect(repo.get(full.id)).toEqual(full);
    const next = { ...full, state: 'DIALING' as const, attempts: 1, agentId: undefined, notes: undefined, updatedAt: 200, version: 2 };
    expect(repo.update(next)).toBe(true);
    expect(repo.get(full.id)).toEqual(next);
    expect(repo.update({ ...next, version: 2 })).toBe(false); // expects version 1 in the row: stale
    expect(repo.get(full.id)).toEqual(next);
  });

  it('countAhead equals a brute-force count (priority desc, arrival, id)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ p: fc.integer({ min: 1, max: 3 }), t: fc.integer({ min: 0, max: 4 }), s: fc.constantFrom('QUEUED', 'SCHEDULED', 'DIALING') }), { minLength: 1, maxLength: 30 }),
      fc.nat(),
      (rows, pick) => {
        const d = openDatabase(':memory:', { synchronous: 'NORMAL' });
        try {
          const repo = callbackRepo(d);
          const cbs = rows.map((r, i) => cb(i, { serviceId: 's', priority: r.p, queuedSince: r.t, state: r.s as Callback['state'] }));
          for (const c of cbs) repo.insert(c);
          const me = cbs[pick % cbs.length]!;
          const waiting = new Set(['QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT']);
          const brute = cbs.filter((c) => waiting.has(c.state) && (c.priority > me.priority
            || (c.priority === me.priority && (c.queuedSince < me.queuedSince || (c.queuedSince === me.queuedSince && c.id < me.id))))).length;
          expect(repo.countAhead('s', me.priority, me.queuedSince, me.id)).toBe(brute);
        } finally {
          d.sqlite.close();
        }
      },
    ), { numRuns: 60 });
  });
});

describe('the housekeeping polls (due / expiring, compiled once with their states as literals)', () => {
  it('answer the rows whose instant has come, in the asked states only, oldest first, up to the limit', () => {
    db = openDatabase(':memory:', { synchronous: 'NORMAL' });
    const repo = callbackRepo(db);
    const states = ['QUEUED', 'RETRY_WAIT', 'SCHEDULED', 'COMPLETED'] as const;
    for (let i = 0; i < 40; i++) repo.insert(cb(i, { state: states[i % 4], dueAt: 1_000 - i * 10, expiresAt: 2_000 + i }));
    const due = repo.due(['RETRY_WAIT', 'SCHEDULED'], 800, 500);
    const expected = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 === 1 || i % 4 === 2).filter((i) => 1_000 - i * 10 <= 800)
      .map((i) => ({ id: cb(i).id, dueAt: 1_000 - i * 10 })).sort((a, b) => a.dueAt - b.dueAt);
    expect(due.map((c) => c.id)).toEqual(expected.map((e) => e.id));
    expect(repo.due(['RETRY_WAIT', 'SCHEDULED'], 800, 3).map((c) => c.id)).toEqual(expected.slice(0, 3).map((e) => e.id));
    expect(repo.due(['QUEUED'], 0, 5)).toEqual([]);
    const q = queueRepo(db);
    expect(q.expiring(['QUEUED'], 2_010, 500).map((c) => c.expiresAt)).toEqual([2_000, 2_004, 2_008]);
    expect(() => q.expiring(['QUEUED'], 2_010, 0)).toThrow(/limit/);
  });
});

describe('the polls of an in-memory store answer from their last look until the callbacks table changes', () => {
  const PROMOTABLE = ['SCHEDULED', 'RETRY_WAIT'] as const satisfies readonly Callback['state'][];
  const promotable = [...PROMOTABLE];

  it('sees every insert, update and rollback, and asks SQLite nothing while nothing changed', async () => {
    const store = createSqliteStore(':memory:', { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 });
    try {
      const poll = (now: number) => store.sync.callbacks.due(promotable, now, 10).map((c) => c.id);
      await store.write(async (tx) => { await tx.callbacks.insert(cb(1, { state: 'RETRY_WAIT', dueAt: 1_000 })); });
      expect(poll(500)).toEqual([]);
      // Nothing written since: the next polls before 1,000 run no statement at all.
      const statements = [...store.db.prepared.entries()].filter(([k]) => k.startsWith('callbacks.poll:due_at') || k.startsWith('callbacks.next:due_at'));
      expect(statements.map(([k]) => k.split(':')[0])).toContain('callbacks.next'); // the poll itself has not even been needed yet
      const spies = statements.map(([, plan]) => [vi.spyOn(plan.statement, 'all'), vi.spyOn(plan.statement, 'get')]).flat();
      for (let t = 501; t < 1_000; t += 5) expect(poll(t)).toEqual([]);
      expect(spies.reduce((n, s) => n + s.mock.calls.length, 0)).toBe(0);
      expect(poll(1_000)).toEqual([cb(1).id]);

      await store.write(async (tx) => { await tx.callbacks.update({ ...cb(1), state: 'QUEUED', version: 2 }); });
      expect(poll(5_000)).toEqual([]);
      await store.write(async (tx) => { await tx.callbacks.insert(cb(2, { state: 'SCHEDULED', dueAt: 4_000 })); });
      expect(poll(3_999)).toEqual([]);
      expect(poll(4_000)).toEqual([cb(2).id]);

      // A poll inside a batch sees its uncommitted update (the row left the polled states); the
      // batch rolls back (alone, then in a savepoint of a shared batch): the row is due again.
      await store.write(async (tx) => { await tx.callbacks.update({ ...cb(2), state: 'SCHEDULED', dueAt: 6_000, version: 2 }); });
      const takeOut = () => store.write(async (tx) => {
        await tx.callbacks.update({ ...cb(2), state: 'QUEUED', version: 3 });
        expect(poll(6_000)).toEqual([]);
        throw new Error('refused');
      });
      await expect(takeOut()).rejects.toThrow('refused');
      expect(poll(6_000)).toEqual([cb(2).id]);
      const failing = takeOut();
      const fine = store.write(async (tx) => { await tx.callbacks.insert(cb(5, { state: 'QUEUED' })); });
      await expect(failing).rejects.toThrow('refused');
      await fine;
      expect(store.committer.stats.maxBatch).toBe(2);
      expect(poll(6_000)).toEqual([cb(2).id]);
      spies.forEach((s) => s.mockRestore());
    } finally {
      await store.close();
    }
  });

  it('a file database (a reader connection beside the writer) always asks SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdless-poll-'));
    const store = createSqliteStore(join(dir, 'db.sqlite'), { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 });
    try {
      expect(store.db.callbacksVersion).toBeUndefined();
      expect(await store.read((tx) => tx.callbacks.due(promotable, 2_000, 10))).toEqual([]);
      await store.write(async (tx) => { await tx.callbacks.insert(cb(1, { state: 'RETRY_WAIT', dueAt: 1_000 })); });
      expect((await store.read((tx) => tx.callbacks.due(promotable, 2_000, 10))).map((c) => c.id)).toEqual([cb(1).id]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
