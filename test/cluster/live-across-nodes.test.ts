/**
 * Live callers on hold at different nodes are one queue (issue 9 part 2): in-process nodes over a
 * real PostgreSQL, each with its own telephony fake. A caller held at a follower is ordered with
 * the dispatcher's callers and callbacks; the dispatcher assigns the agent, the follower rings and
 * bridges it with its own telephony, and the agent's state (on the dispatcher) follows the
 * follower's reports: connected, RONA, wrap-up, a hang-up from the workspace, a node that dies.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropDeadOwners } from '../../src/app/dialer/dead-owners.js';
import { requestCallback } from '../../src/app/callbacks/request-callback.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeInbound, MONDAY_10 } from '../dialer/harness.js';
import { InProcessCluster, agentState, eventsOf, ready, until, type InProcessNode as Node } from './in-process.js';
import { testPostgres, type PgServer } from '../store/pg-server.js';
import type { PhoneRegistrar } from '../../src/app/registrar/registrar.js';
import { expectedResponse, ha1Of } from '../../src/domain/sip/digest.js';

const found = await testPostgres();

describe.skipIf(!found.ok)('live callers across nodes over PostgreSQL', () => {
  let server: PgServer;
  let url: string;
  let drop: () => Promise<void>;
  const clock = new FakeClock(MONDAY_10);
  const nodes = new InProcessCluster(clock);
  const start = (id: string) => nodes.start(id, url);
  const pair = () => nodes.pair(url);
  const cluster = (n: Node) => n.cluster;
  const state = agentState;
  const events = (n: Node, type: string) => eventsOf(n, type, clock.now());

  beforeAll(() => { server = (found as { server: PgServer }).server; });
  // Every case on a database of its own: a clean line, no dispatcher of an earlier case.
  beforeEach(async () => { ({ url, drop } = await server.createDatabase()); });
  afterEach(async () => {
    await nodes.stopAll();
    await drop();
  });

  it('a caller held at the follower is served first when it waited longest; the follower bridges, the dispatcher keeps the agent', async () => {
    const { d, f } = await pair();
    const remoteCall = new FakeInbound('far-1');
    const far = await f.q.enqueueLiveCall(remoteCall, 'billing', { language: 'en', queuedSince: clock.now() - 90_000 });
    const near = await d.q.enqueueLiveCall(new FakeInbound('near-1'), 'billing', { language: 'en', queuedSince: clock.now() - 30_000 });
    await requestCallback(d.app.parts.ctx, { serviceId: 'billing', phone: '+493012345601', channel: 'api' });
    await until('the dispatcher sees the follower\'s caller in line', () => d.q.live.remote.size === 1 && d.q.engine.index.has(far.id));
    expect(d.q.engine.index.position(far.id)).toBe(0); // ahead of the dispatcher's own caller and the callback
    expect(d.q.engine.index.position(near.id)).toBe(1);

    await ready(d, 'alice');
    await until('the follower rang alice', () => f.tel.agentDials.some((r) => r.agentId === 'alice'));
    expect(d.tel.agentDials).toHaveLength(0); // not rung from the dispatcher: the caller's media is at the follower
    expect(d.tel.dials).toHaveLength(0);
    await until('alice on the call (the follower reported)', () => state(d, 'alice') === 'ON_CALL');
    expect(await far.outcome).toEqual({ kind: 'connected' });
    expect(d.q.board.interaction('alice')).toMatchObject({ kind: 'call', id: far.id, phase: 'connected' });
    await until('the follower adopted the state', () => state(f, 'alice') === 'ON_CALL');
    expect(d.q.engine.index.has(far.id)).toBe(false);

    // The caller hangs up: the follower's bridge ends, the dispatcher starts alice's wrap-up.
    remoteCall.end();
    await until('alice in wrap-up', () => state(d, 'alice') === 'WRAP_UP');
    expect((await events(d, 'LIVE_CONNECTED')).map((e) => e.data?.['entryId'])).toEqual([far.id]);

    // Next in line is the dispatcher's own caller (before the later callback), bridged at the dispatcher.
    clock.advance(120_000);
    await d.q.tick();
    await until('the dispatcher rang alice for its caller', () => d.tel.agentDials.some((r) => r.agentId === 'alice'));
    expect(await near.outcome).toEqual({ kind: 'connected' });
    expect(d.tel.dials).toHaveLength(0);
  });

  it('an agent who does not answer at the follower: RONA on the dispatcher, the caller back at the head, the next agent gets it', async () => {
    const { d, f } = await pair();
    f.tel.agentScript.set('bob', ['NO_ANSWER']);
    const far = await f.q.enqueueLiveCall(new FakeInbound('far-2'), 'billing', { language: 'en', queuedSince: clock.now() - 60_000 });
    await requestCallback(d.app.parts.ctx, { serviceId: 'billing', phone: '+493012345602', channel: 'api' });
    await until('in line at the dispatcher', () => d.q.engine.index.has(far.id));
    await ready(d, 'bob');
    await until('bob RONA', () => state(d, 'bob') === 'NOT_READY');
    expect(d.q.board.state('bob')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
    await until('the caller back in line at the dispatcher', () => d.q.engine.index.position(far.id) === 0);
    await ready(d, 'alice');
    await until('alice on the call', () => state(d, 'alice') === 'ON_CALL');
    expect(await far.outcome).toEqual({ kind: 'connected' });
    expect(f.tel.agentDials.map((r) => r.agentId)).toEqual(['bob', 'alice']);
    expect(d.tel.dials).toHaveLength(0); // the callback waits behind: nobody was free for it
  });

  it('the workspace hang-up on the dispatcher ends a call bridged at the follower', async () => {
    const { d, f } = await pair();
    const far = await f.q.enqueueLiveCall(new FakeInbound('far-3'), 'billing', { language: 'en', queuedSince: clock.now() - 10_000 });
    await until('in line at the dispatcher', () => d.q.engine.index.has(far.id));
    await ready(d, 'alice');
    await until('alice on the call', () => state(d, 'alice') === 'ON_CALL');
    expect(await d.q.agents.hangup('alice')).toEqual({ hungUp: true });
    await until('the follower hung up both legs', () => f.tel.agentLegs.get('alice')?.ended === true);
    await until('alice in wrap-up', () => state(d, 'alice') === 'WRAP_UP');
  });

  it('a desk phone registered through the follower can be rung by the dispatcher', async () => {
    const { d, f } = await pair();
    const carol = d.app.parts.ctx.catalog.agent('carol');
    expect(d.app.parts.ctx.phones!.contactFor(carol, clock.now())).toBeUndefined();
    const reg = f.app.parts.ctx.phones as PhoneRegistrar;
    const req = { sourceIp: '10.0.0.7', sourcePort: 5062, aorUser: 'carol', contact: ['<sip:carol@10.0.0.7:5062>'], expires: 300, callId: 'reg-1', cseq: 1 };
    const first = await reg.register(req);
    expect(first.status).toBe(401);
    const nonce = /nonce="([^"]+)"/.exec(first.status === 401 ? first.challenges[0]! : '')![1]!;
    const c = { nonce, uri: 'sip:holdless', algorithm: 'MD5' as const, qop: 'auth', nc: '00000001', cnonce: 'x' };
    const response = expectedResponse(c, ha1Of('MD5', 'carol', 'holdless', 'pw-carol'), 'REGISTER');
    const ok = await reg.register({ ...req, cseq: 2, authorization: `Digest username="carol", realm="holdless", nonce="${nonce}", uri="${c.uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="x"` });
    expect(ok.status).toBe(200);
    await until('the dispatcher knows the binding', () => d.app.parts.ctx.phones!.contactFor(carol, clock.now()) === 'sip:carol@10.0.0.7:5062');
    await ready(d, 'carol'); // refused with PHONE_NOT_REGISTERED before the signal
    expect(state(d, 'carol')).toBe('READY');
  });

  it('a follower that dies: its callers leave every line and are recorded LIVE_LOST, not left waiting', async () => {
    const { d, f } = await pair();
    const far = await f.q.enqueueLiveCall(new FakeInbound('far-4'), 'billing', { language: 'en', queuedSince: clock.now() - 10_000 });
    await until('in line at the dispatcher', () => d.q.engine.index.has(far.id));
    const owner = cluster(f).incarnation;
    await cluster(f).stop(); // its session ends, as on kill -9: the node lock is free
    await until('the follower is known dead', async () => !(await cluster(d).isAlive(owner)));
    const r = await dropDeadOwners(d.app.parts.ctx, cluster(d), d.q.live, d.q.dialer);
    expect(r).toEqual({ dropped: 1, lost: 1 });
    expect(d.q.engine.index.has(far.id)).toBe(false);
    const lost = await events(d, 'LIVE_LOST');
    expect(lost.map((e) => e.data?.['entryId'])).toEqual([far.id]);
    await ready(d, 'alice');
    await new Promise((res) => setTimeout(res, 200));
    expect(state(d, 'alice')).toBe('READY'); // nobody left to connect
  });

  it('a node taking over dispatch learns from the event log the callers whose signals it missed', async () => {
    const a = await start('a');
    await until('a dispatches', () => cluster(a).isDispatcher());
    const c = await start('c');
    const far = await c.q.enqueueLiveCall(new FakeInbound('far-5'), 'billing', { language: 'en', queuedSince: clock.now() - 45_000 });
    await until('a sees it', () => a.q.engine.index.has(far.id));
    const e = await start('e'); // started after the caller joined: it never heard the signal
    expect(e.q.live.remote.size).toBe(0);
    c.tel.up = false; // c cannot dial: it does not take the role
    await cluster(a).stop();
    await until('e dispatches', () => cluster(e).isDispatcher());
    await until('e has the caller in line', () => e.q.engine.index.has(far.id));
    await ready(e, 'alice');
    await until('c rang alice (the caller\'s media is there)', () => c.tel.agentDials.some((r) => r.agentId === 'alice'));
    await until('alice on the call at e', () => state(e, 'alice') === 'ON_CALL');
    expect(await far.outcome).toEqual({ kind: 'connected' });
  });
});
