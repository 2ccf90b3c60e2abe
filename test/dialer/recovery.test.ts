import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeTelephony, MONDAY_10, harness, harnessConfig, settle, type Harness } from './harness.js';

const open: Harness[] = [];
afterEach(async () => { for (const h of open.splice(0)) await h.close().catch(() => undefined); });

const LEASE = 25_000 + 32_000 + 20_000;
const GRACE = 120_000;

/** A process claims and dials a callback, then dies mid-dial (poller stopped, database closed). */
async function crashWhileDialling(): Promise<{ config: ReturnType<typeof harnessConfig>; clock: FakeClock; id: string; callId: string }> {
  const config = harnessConfig();
  const clock = new FakeClock(MONDAY_10);
  const tel1 = new FakeTelephony();
  const h1 = await harness({ config, clock, tel: tel1 });
  const id = await h1.request();
  tel1.script.set(h1.cb(id).phone, ['HANG']);
  h1.ready('alice');
  await settle();
  expect(tel1.dials).toHaveLength(1);
  const callId = tel1.dials[0]!.callId;
  expect(h1.cb(id).state).toBe('DIALING');
  // The process dies: its poller stops, the database closes; the dial never returns.
  await h1.app.parts.queue!.stop();
  await h1.app.parts.store.close();
  return { config, clock, id, callId };
}

describe('crash after the claim', () => {
  it('a new process over the same file: no second dial within the grace period, the attempt counted, then retried', async () => {
    const { config, clock, id, callId } = await crashWhileDialling();
    const tel2 = new FakeTelephony();
    tel2.exists.set(callId, 'no');
    const h2 = await harness({ config, clock, tel: tel2 });
    open.push(h2);
    h2.ready('alice');
    h2.ready('bob');
    await h2.tick();
    expect(tel2.dials).toHaveLength(0); // lease not over: left alone
    await h2.advance(LEASE + 1_000);
    const after = h2.cb(id);
    expect(after).toMatchObject({ state: 'RETRY_WAIT', attempts: 1, reason: 'UNKNOWN' });
    const attempt = (await h2.app.parts.store.read(async (tx) => await tx.attempts.forCallback(id)))[0]!;
    expect(attempt).toMatchObject({ callId, outcome: 'UNKNOWN' });
    for (let t = 0; t < GRACE - 10_000; t += 10_000) await h2.advance(10_000);
    expect(tel2.dials).toHaveLength(0);
    await h2.advance(20_000);
    expect(tel2.dials).toHaveLength(1);
    expect(tel2.dials[0]!.callId).not.toBe(callId);
    expect(h2.cb(id).attempts).toBe(2);
  });

  it("a call the media server still knows ('yes') is left alone until it is gone", async () => {
    const { config, clock, id, callId } = await crashWhileDialling();
    const tel2 = new FakeTelephony();
    tel2.exists.set(callId, 'yes');
    clock.advance(LEASE + 1);
    const h2 = await harness({ config, clock, tel: tel2 });
    open.push(h2);
    h2.ready('alice');
    await h2.advance(60_000);
    expect(h2.cb(id).state).toBe('DIALING');
    tel2.exists.set(callId, 'no');
    await h2.advance(6_000);
    expect(h2.cb(id).state).toBe('RETRY_WAIT');
    expect(tel2.dials).toHaveLength(0);
  });

  it('orphans of a dead process: CONNECTED → COMPLETED, WAITING_AGENT → QUEUED (keeps its place)', async () => {
    const config = harnessConfig();
    const clock = new FakeClock(MONDAY_10);
    const h1 = await harness({ config, clock });
    const a = await h1.request();
    const b = await h1.request();
    h1.tel.agentScript.set('bob', ['NO_ANSWER']);
    h1.ready('alice');
    h1.ready('bob');
    await settle();
    const states = [h1.cb(a).state, h1.cb(b).state].sort();
    expect(states).toEqual(['CONNECTED', 'WAITING_AGENT']);
    const queuedSince = [h1.cb(a), h1.cb(b)].find((c) => c.state === 'WAITING_AGENT')!.queuedSince;
    await h1.app.parts.queue!.stop();
    await h1.app.parts.store.close();
    const h2 = await harness({ config, clock });
    open.push(h2);
    const after = [h2.cb(a), h2.cb(b)].map((c) => c.state).sort();
    expect(after).toEqual(['COMPLETED', 'QUEUED']);
    expect([h2.cb(a), h2.cb(b)].find((c) => c.state === 'QUEUED')!.queuedSince).toBe(queuedSince);
  });
});

describe('two pollers over one file', () => {
  it('never dial the same attempt, and each callback once', async () => {
    const config = harnessConfig({ agents: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, sip: `sip:a${i}@x`, skills: { billing: 1 }, groups: [] })) });
    const clock = new FakeClock(MONDAY_10);
    const tel = new FakeTelephony();
    const h1 = await harness({ config, clock, tel });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await h1.request());
    const h2 = await harness({ config, clock, tel });
    open.push(h1, h2);
    for (let i = 0; i < 3; i++) { h1.ready(`a${i}`); h2.ready(`a${i + 3}`); }
    await Promise.all([h1.tick(), h2.tick()]);
    await settle();
    const dialled = tel.dials.map((d) => d.to);
    expect(new Set(dialled).size).toBe(dialled.length);
    expect(new Set(tel.dials.map((d) => d.callId)).size).toBe(tel.dials.length);
    const attempts = ids.flatMap((id) => h1.app.parts.sqlite!.sync.attempts.forCallback(id));
    expect(attempts.length).toBe(tel.dials.length);
    expect(attempts.every((x) => x.number === 1)).toBe(true);
    expect(tel.dials.length).toBeGreaterThanOrEqual(3);
    expect(tel.dials.length).toBeLessThanOrEqual(6);
  });
});
