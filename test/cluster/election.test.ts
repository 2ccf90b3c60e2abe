/**
 * The dispatcher election over a real PostgreSQL (issue 9): exactly one of several nodes holds the
 * role; when it goes, another takes it under a higher epoch; a claim under the old epoch is fenced
 * off in the database; signals reach the other nodes and not the sender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgCluster } from '../../src/adapters/postgres/cluster.js';
import { createPostgresStore, type PostgresStore } from '../../src/adapters/postgres/postgres-store.js';
import type { Cluster, ClusterSignal } from '../../src/app/ports/cluster.js';
import { isHoldlessError } from '../../src/domain/errors.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testPostgres, type PgServer } from '../store/pg-server.js';

const found = await testPostgres();
const quiet = { info: () => undefined, warn: () => undefined };
const until = async (what: string, ok: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(!found.ok)('dispatcher election over PostgreSQL', () => {
  let server: PgServer;
  let url: string;
  let drop: () => Promise<void>;
  let store: PostgresStore;
  const nodes: Cluster[] = [];
  const node = (id: string): Cluster => {
    const c = createPgCluster({ url, nodeId: id, advertiseUrl: `http://${id}`, checkMs: 100, connectTimeoutMs: 2_000 }, new FakeClock(1_000), quiet);
    nodes.push(c);
    return c;
  };

  beforeAll(async () => {
    server = (found as { server: PgServer }).server;
    ({ url, drop } = await server.createDatabase());
    store = await createPostgresStore(url, { poolSize: 2 }); // runs the migrations (cluster_state)
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await store?.close();
    await drop?.();
  });

  it('one dispatcher at a time; its successor gets a higher epoch and the old epoch is fenced off', async () => {
    const [a, b, c] = [node('a'), node('b'), node('c')];
    await Promise.all([a.start(), b.start(), c.start()]);
    await until('a dispatcher', () => [a, b, c].some((n) => n.isDispatcher()));
    await new Promise((r) => setTimeout(r, 400)); // several checks later: still exactly one
    const first = [a, b, c].filter((n) => n.isDispatcher());
    expect(first).toHaveLength(1);
    const leader = first[0]!;
    const epoch = leader.epoch();
    const others = [a, b, c].filter((n) => n !== leader);
    await until('followers see the dispatcher', () => others.every((n) => n.dispatcher()?.nodeId === leader.nodeId));
    expect(others[0]!.dispatcher()).toMatchObject({ nodeId: leader.nodeId, url: `http://${leader.nodeId}`, epoch });

    // A claim under the current epoch passes the fence.
    await store.write(async (tx) => { await tx.cluster.fence(epoch); });

    await leader.stop(); // its session ends: the lock is free
    await until('a successor', () => others.some((n) => n.isDispatcher()));
    const next = others.filter((n) => n.isDispatcher());
    expect(next).toHaveLength(1);
    expect(next[0]!.epoch()).toBe(epoch + 1);

    const stale = await store.write(async (tx) => { await tx.cluster.fence(epoch); }).then(() => 'committed', (e: unknown) => e);
    expect(isHoldlessError(stale) && stale.code).toBe('NOT_DISPATCHER');
    await store.write(async (tx) => { await tx.cluster.fence(epoch + 1); });
  });

  it('signals reach every other node, not the sender', async () => {
    const [x, y, z] = [node('x'), node('y'), node('z')];
    await Promise.all([x.start(), y.start(), z.start()]);
    const got = new Map<string, ClusterSignal[]>([['x', []], ['y', []], ['z', []]]);
    for (const n of [x, y, z]) n.onSignal((s) => got.get(n.nodeId)!.push(s));
    x.publish({ kind: 'callback', id: 'cb-1' });
    await until('y and z heard it', () => got.get('y')!.length === 1 && got.get('z')!.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(got.get('x')).toEqual([]);
    expect(got.get('y')).toEqual([{ kind: 'callback', id: 'cb-1' }]);
  });
});

afterAll(async () => { if (found.ok) await found.server.close(); });

describe.skipIf(!found.ok)('a node that cannot dial does not hold the dispatcher role', () => {
  it('is not elected while it cannot dial, and gives the role up after yieldAfterMs', async () => {
    const server = (found as { server: PgServer }).server;
    const { url, drop } = await server.createDatabase();
    const store = await createPostgresStore(url, { poolSize: 2 });
    const clock = new FakeClock(1_000);
    const canDial = new Map([['p', false], ['q', true]]);
    const make = (id: string) => createPgCluster(
      { url, nodeId: id, advertiseUrl: null, checkMs: 50, connectTimeoutMs: 2_000, eligible: () => canDial.get(id)!, yieldAfterMs: 10_000 }, clock, quiet);
    const p = make('p');
    await p.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(p.isDispatcher()).toBe(false); // nobody else either: it still may not take the role
    const q = make('q');
    await q.start();
    await until('q dispatches', () => q.isDispatcher());
    canDial.set('p', true);
    canDial.set('q', false); // q's telephony goes down
    await new Promise((r) => setTimeout(r, 300));
    expect(q.isDispatcher()).toBe(true); // not before yieldAfterMs of (fake) time
    clock.advance(10_000);
    await until('p takes over', () => p.isDispatcher() && !q.isDispatcher());
    expect(p.epoch()).toBe(q.epoch() + 1);
    await p.stop();
    await q.stop();
    await store.close();
    await drop();
  });
});
