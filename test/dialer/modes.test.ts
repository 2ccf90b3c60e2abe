import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/app/agents/agent-board.js';
import { FakeInbound, harness, settle, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

describe('unreserved mode', () => {
  it('dials on a ready agent without reserving it; never more customers in flight than ready agents', async () => {
    h = await harness();
    const hang: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await h.request({ serviceId: 'sales' });
      h.tel.script.set(h.cb(id).phone, ['HANG']);
      hang.push(id);
    }
    h.ready('alice');
    await h.tick();
    expect(h.tel.dials).toHaveLength(1); // one ready agent → one customer on the line at most
    expect(h.q.board.state('alice').name).toBe('READY');
    h.ready('bob');
    await h.tick();
    expect(h.tel.dials).toHaveLength(2);
  });

  it('the confirmed customer goes to the longest-idle ready eligible agent', async () => {
    h = await harness();
    h.ready('bob');
    h.clock.advance(1_000);
    const id = await h.request({ serviceId: 'sales' });
    await h.tick();
    expect(h.cb(id).state).toBe('CONNECTED');
    expect(h.cb(id).agentId).toBe('bob');
  });
});

describe('preview mode', () => {
  it('offers to the agent (event), dials only on accept', async () => {
    h = await harness();
    const events: AgentEvent[] = [];
    h.q.board.subscribe('alice', (e) => events.push(e));
    const id = await h.request({ serviceId: 'care', firstName: 'Ada', notes: 'invoice 42' });
    h.ready('alice');
    await settle();
    expect(h.tel.dials).toHaveLength(0);
    expect(h.q.board.state('alice').name).toBe('RESERVED');
    expect(events.some((e) => e.type === 'offered')).toBe(true);
    expect((await h.q.agents.view('alice')).interaction?.callback).toMatchObject({ id, firstName: 'Ada', notes: 'invoice 42' });
    const r = await h.q.agents.acceptPreview('alice');
    expect(r.dialling).toBe(true);
    await settle();
    expect(h.tel.dials).toHaveLength(1);
    expect(h.cb(id).state).toBe('CONNECTED');
  });

  it('reject: back in the queue, the agent ready, the callback goes to another agent', async () => {
    h = await harness();
    const id = await h.request({ serviceId: 'care' });
    h.ready('alice');
    await settle();
    await h.q.agents.rejectPreview('alice');
    expect(h.q.board.state('alice').name).toBe('READY');
    expect(h.cb(id).state).toBe('QUEUED');
    h.ready('bob');
    await settle();
    expect(h.q.dialer.offers.get('bob')?.callbackId).toBe(id);
  });

  it('an unanswered offer times out: RONA', async () => {
    h = await harness();
    await h.request({ serviceId: 'care' });
    h.ready('alice');
    await settle();
    await h.advance(121_000);
    expect(h.q.board.state('alice')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
  });
});

describe('live calls and callbacks in one queue', () => {
  it('a live caller who arrived earlier is served before a later callback', async () => {
    h = await harness();
    const call = new FakeInbound('in-1');
    const entry = await h.q.enqueueLiveCall(call, 'billing', { language: 'en', queuedSince: h.clock.now() - 60_000 });
    const cb = await h.request();
    expect(entry.ewtSeconds()).toBeNull(); // nobody logged in: unknown, not invented
    h.ready('alice');
    await settle();
    await expect(entry.outcome).resolves.toEqual({ kind: 'connected' });
    expect(h.tel.dials).toHaveLength(0);
    expect(h.cb(cb).state).toBe('QUEUED');
  });

  it('RONA on a live call puts it back at the head', async () => {
    h = await harness();
    h.tel.agentScript.set('alice', ['NO_ANSWER']);
    const call = new FakeInbound('in-1');
    const entry = await h.q.enqueueLiveCall(call, 'billing', { language: 'en' });
    h.ready('alice');
    await settle();
    expect(h.q.board.state('alice')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
    expect(h.q.engine.index.position(entry.id)).toBe(0);
    call.end();
    await expect(entry.outcome).resolves.toEqual({ kind: 'abandoned' });
    expect(h.q.engine.index.has(entry.id)).toBe(false);
  });

  it('EWT: a number once agents are logged in, growing with the queue', async () => {
    h = await harness();
    await h.q.agents.setState('alice', 'NOT_READY', 'Lunch');
    await h.q.agents.setState('alice', 'READY', undefined);
    h.tel.up = false; // nothing is dialled; entries stay queued
    const e0 = h.q.engine.ewtForNew('billing', h.clock.now());
    expect(e0).toBe(0); // a free agent
    for (let i = 0; i < 3; i++) await h.request();
    const e3 = h.q.engine.ewtForNew('billing', h.clock.now());
    expect(e3).toBeGreaterThan(0);
    await h.request();
    expect(h.q.engine.ewtForNew('billing', h.clock.now())!).toBeGreaterThan(e3!);
  });
});
