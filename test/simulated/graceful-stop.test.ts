import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { requestCallback } from '../../src/app/callbacks/request-callback.js';
import { simApp, type SimApp } from './sim-app.js';

// Monday 2 March 2026, 10:00 in Berlin: billing (reserved dialling) is open.
const MONDAY_10 = Date.parse('2026-03-02T09:00:00Z');
const RINGING = '+4930111111';
const TALKING = '+4930222222';
const LATER = '+4930333333';

let sim: SimApp | undefined;
afterEach(async () => { sim = undefined; });

const request = (s: SimApp, phone: string) => requestCallback(s.app.parts.ctx, { serviceId: 'billing', phone, channel: 'api' }).then((r) => r.view.id);
const state = (s: SimApp, id: string) => s.app.parts.sqlite!.sync.callbacks.get(id)!.state;

/** Calls app.stop() (the SIGTERM path) and keeps the virtual clock and the queue engine going until it returns. */
async function stopWhileRunning(s: SimApp, during?: () => Promise<void>): Promise<number> {
  let done = false;
  const stopped = s.app.stop().then(() => { done = true; });
  await new Promise((r) => setTimeout(r, 5));
  await during?.();
  const from = s.scheduler.now();
  while (!done) {
    try { await s.app.parts.queue!.system.tick(); } catch { /* the store closes at the end of the stop */ }
    await s.scheduler.advance(1_000);
    await new Promise((r) => setTimeout(r, 2));
  }
  await stopped;
  return s.scheduler.now() - from;
}

const reopen = (s: SimApp) => createSqliteStore(s.app.parts.config.storage.path, { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });

describe('graceful stop (SIGTERM) for rolling restarts', () => {
  it('refuses new callers with 503, cancels the ringing dial, starts no new one, and lets the connected call finish', async () => {
    const s = (sim = await simApp({
      at: MONDAY_10, drainSeconds: 120,
      driver: { customers: { [RINGING]: { behaviour: 'PERSON', ringMs: 25_000 }, [TALKING]: { behaviour: 'PERSON', ringMs: 2_000, confirmAfterMs: 500, talkMs: 40_000 }, [LATER]: { behaviour: 'PERSON', ringMs: 1_000 } } },
    }));
    const q = s.app.parts.queue!.system;
    const talking = await request(s, TALKING);
    await q.agents.setState('alice', 'READY', undefined);
    await s.run(30_000, () => state(s, talking) === 'CONNECTED');
    expect(state(s, talking)).toBe('CONNECTED');
    const ringing = await request(s, RINGING);
    await q.agents.setState('bob', 'READY', undefined);
    await s.run(3_000, () => s.driver.dialsTo(RINGING).length > 0);
    expect(state(s, ringing)).toBe('DIALING');

    let readyz = 0;
    let newCaller: number | undefined;
    let later = '';
    const drainedFor = await stopWhileRunning(s, async () => {
      readyz = (await s.app.parts.http.inject({ method: 'GET', url: '/readyz' })).statusCode;
      newCaller = (await s.driver.simulateInbound('late-caller', { from: '+4930444444', to: '+4930100' })).rejectedWith;
      later = await request(s, LATER);
      await q.agents.setState('carla', 'READY', undefined);
    });

    expect(readyz).toBe(503);
    expect(newCaller).toBe(503);
    expect(s.driver.dialsTo(LATER)).toHaveLength(0);
    expect(drainedFor).toBeGreaterThanOrEqual(30_000); // waited for the talking customer, not cut off
    const store = reopen(s);
    const cb = (id: string) => ({ cb: store.sync.callbacks.get(id)!, attempts: store.sync.attempts.forCallback(id) });
    expect(cb(talking).cb.state).toBe('COMPLETED');
    const r = cb(ringing);
    expect(r.cb.state).not.toMatch(/CONFIRMING|WAITING_AGENT|CONNECTED/);
    expect(r.attempts.at(-1)).toMatchObject({ outcome: 'NO_ANSWER', detail: 'cancelled: holdless is stopping' });
    expect(cb(later).cb.state).toBe('QUEUED');
    await store.close();
  });

  it('at the drain limit a caller still in the IVR is hung up and a confirmed customer without an agent is requeued, not left holding', async () => {
    const s = (sim = await simApp({
      at: MONDAY_10, drainSeconds: 30,
      driver: { customers: { [TALKING]: { behaviour: 'PERSON', ringMs: 1_000, confirmAfterMs: 500, patienceMs: 3_600_000 } }, defaultAgent: { answers: false } },
    }));
    const q = s.app.parts.queue!.system;
    const waiting = await request(s, TALKING);
    await q.agents.setState('alice', 'READY', undefined); // reserved dial; alice never answers → RONA, the customer waits
    await s.run(60_000, () => q.dialer.connector.waiting.length > 0);
    expect(q.dialer.connector.waiting).toHaveLength(1);
    const holding = s.driver.simulateInbound('holder', { from: '+4930555555', to: '+4930100', digits: ['1', '1', '2'], patienceMs: 3_600_000 });
    await s.run(20_000);

    const drainedFor = await stopWhileRunning(s);
    const caller = await holding;
    expect(drainedFor).toBeGreaterThanOrEqual(30_000);
    expect(drainedFor).toBeLessThan(120_000);
    expect(caller.ended).toBe(true);
    const store = reopen(s);
    const cb = await store.read(async (tx) => (await tx.callbacks.get(waiting))!);
    expect(cb.state).toBe('QUEUED');
    expect(cb.reason).toBe('NODE_STOPPING');
    await store.close();
  });
});
