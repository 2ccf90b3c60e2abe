/**
 * PostgreSQL going away and coming back, on a cluster of this file's own (stopped and started
 * here): calls reject with HoldlessError STORAGE_UNAVAILABLE (503 above the port), healthy() is
 * false, and the same store works again once the server is back — no restart, nothing
 * acknowledged lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/adapters/postgres/postgres-store.js';
import { isHoldlessError } from '../../src/domain/errors.js';
import { ownPostgres, type PgServer } from './pg-server.js';
import { callback } from './builders.js';

const found = await ownPostgres();
const unavailable = (e: unknown) => isHoldlessError(e) && e.code === 'STORAGE_UNAVAILABLE';

describe.skipIf(!found.ok)('PostgreSQL outage', () => {
  let server: PgServer;
  let store: PostgresStore;
  beforeAll(async () => {
    server = (found as { server: PgServer }).server;
    const db = await server.createDatabase();
    store = await createPostgresStore(db.url, { poolSize: 3, connectTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  it('rejects with STORAGE_UNAVAILABLE while the server is down, and recovers by itself when it is back', async () => {
    await Promise.all([1, 2, 3].map((i) => store.write(async (tx) => tx.callbacks.insert(callback(`before-${i}`)))));
    expect(await store.healthy()).toBe(true);

    await server.cluster!.stop();
    const write = await store.write(async (tx) => tx.callbacks.insert(callback('during'))).then(() => 'resolved', (e: unknown) => e);
    expect(unavailable(write)).toBe(true);
    const read = await store.read((tx) => tx.callbacks.get('before-1')).then(() => 'resolved', (e: unknown) => e);
    expect(unavailable(read)).toBe(true);
    // Several writes in one batch: all refused, none resolved.
    const batch = await Promise.allSettled([1, 2, 3].map((i) => store.write(async (tx) => tx.callbacks.insert(callback(`during-${i}`)))));
    expect(batch.every((o) => o.status === 'rejected' && unavailable(o.reason))).toBe(true);
    expect(await store.healthy()).toBe(false);

    await server.cluster!.start();
    expect(await store.healthy()).toBe(true);
    await store.write(async (tx) => tx.callbacks.insert(callback('after')));
    const ids = await store.read(async (tx) => (await tx.callbacks.list({ limit: 100 })).map((c) => c.id));
    expect(ids.sort()).toEqual(['after', 'before-1', 'before-2', 'before-3']);
  });

  it('a restart cuts the pool\'s idle clients: they are dropped, the next write gets a new connection', async () => {
    const first = await store.read((tx) => tx.callbacks.get('after'));
    expect(first?.id).toBe('after');
    await server.cluster!.stop();
    await server.cluster!.start();
    // Idle clients of the pool were cut by the restart (57P01); none of them is handed out again.
    await store.write(async (tx) => tx.callbacks.insert(callback('after-restart')));
    expect((await store.read((tx) => tx.callbacks.get('after-restart')))?.id).toBe('after-restart');
    expect(store.db.pool.totalCount).toBeLessThanOrEqual(3);
  });

  it('a work that loses a deadlock (40P01) is run again alone; the others of its batch are not held back', async () => {
    const retriesBefore = store.committer.stats.retries;
    let runs = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const [a, b] = await Promise.all([
      store.write(async (tx) => {
        runs += 1;
        await tx.callbacks.insert(callback(`retried-${runs}`));
        if (runs === 1) throw deadlock; // what PostgreSQL answers the losing statement
        return runs;
      }),
      store.write(async (tx) => { await tx.callbacks.insert(callback('bystander')); return 'ok'; }),
    ]);
    expect([a, b]).toEqual([2, 'ok']);
    expect(store.committer.stats.retries - retriesBefore).toBe(1);
    await store.read(async (tx) => {
      expect(await tx.callbacks.get('retried-1')).toBeUndefined(); // the lost run left nothing
      expect(await tx.callbacks.get('retried-2')).toBeDefined();
    });
  });
});
