/**
 * A dispatcher cut off from PostgreSQL while it keeps running (issue 9 part 3): it must step down
 * within its lease and hang up the customers it holds who are not with an agent yet, and the
 * successor must call those customers again only after that — never two calls to one customer at
 * once. The cut is a proxy that stops forwarding (connections neither answer nor break).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestCallback } from '../../src/app/callbacks/request-callback.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { MONDAY_10 } from '../dialer/harness.js';
import { testPostgres, type PgServer } from '../store/pg-server.js';
import { FreezeProxy } from './freeze-proxy.js';
import { InProcessCluster, agentState, ready, until } from './in-process.js';

const found = await testPostgres();

describe.skipIf(!found.ok)('a dispatcher partitioned from PostgreSQL', () => {
  let server: PgServer;
  let url: string;
  let drop: () => Promise<void>;
  let proxy: FreezeProxy;
  const clock = new FakeClock(MONDAY_10);
  const nodes = new InProcessCluster(clock);

  beforeAll(() => { server = (found as { server: PgServer }).server; });
  beforeEach(async () => {
    ({ url, drop } = await server.createDatabase());
    const u = new URL(url);
    proxy = new FreezeProxy({ host: u.hostname, port: Number(u.port) });
    await proxy.start();
  });
  afterEach(async () => {
    await proxy.stop(); // the cut-off node's connections break now: it can stop
    await nodes.stopAll();
    await drop();
  });

  it('steps down, hangs up its waiting customer, and the successor calls that customer again only afterwards', async () => {
    const a = await nodes.start('a', proxy.via(url));
    await until('a dispatches', () => a.cluster.isDispatcher());
    const b = await nodes.start('b', url);
    await until('b follows a', () => b.cluster.dispatcher()?.nodeId === 'a');

    // A customer confirmed at a and holding for an agent (alice rang out: RONA).
    a.tel.agentScript.set('alice', ['NO_ANSWER']);
    const { view } = await requestCallback(a.app.parts.ctx, { serviceId: 'billing', phone: '+493012345677', channel: 'api' });
    await ready(a, 'alice');
    await until('the customer waits for an agent at a', () => a.q.dialer.connector.waiting.length === 1);
    const customerLeg = [...a.tel.customerLegs.values()][0]!;
    expect(customerLeg.ended).toBe(false);
    const stored = await b.app.parts.store.read(async (tx) => await tx.callbacks.get(view.id));
    expect(stored?.state).toBe('WAITING_AGENT');

    // The successor's dial must find a's call to that customer already ended.
    const seenAtRedial: boolean[] = [];
    b.tel.onDial = () => { seenAtRedial.push(customerLeg.ended); };

    proxy.partition();
    await until('b takes over', () => b.cluster.isDispatcher(), 20_000);
    await ready(b, 'bob'); // ready at once: b dials as soon as it takes the customer for an orphan
    await until('a steps down', () => !a.cluster.isDispatcher(), 20_000);
    await until('a hung up its waiting customer', () => customerLeg.ended, 20_000);
    await until('b calls the customer again', () => b.tel.dials.length === 1, 30_000);
    expect(b.tel.dials[0]!.to).toBe('+493012345677');
    expect(seenAtRedial).toEqual([true]);
    await until('bob talks to the customer', () => agentState(b, 'bob') === 'ON_CALL');
    const after = await b.app.parts.store.read(async (tx) => await tx.attempts.forCallback(view.id));
    expect(after.map((x) => x.number)).toEqual([1, 2]);
  }, 90_000);
});
