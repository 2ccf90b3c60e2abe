import { afterEach, describe, expect, it } from 'vitest';
import { cancelCallback } from '../../src/app/callbacks/manage-callback.js';
import { harness, harnessConfig, settle, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

const MIN = 60_000;

describe('reserved mode', () => {
  it('claims the attempt (committed) before dialling, connects, completes, wraps up', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.onDial = async (req) => {
      // At dial time the claim is already in the database with this very call id.
      const attempts = await h.app.parts.store.read(async (tx) => await tx.attempts.forCallback(id));
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.callId).toBe(req.callId);
      expect(h.cb(id).state).toBe('DIALING');
    };
    h.ready('alice');
    await settle();
    expect(h.tel.dials).toHaveLength(1);
    expect(h.cb(id).state).toBe('CONNECTED');
    expect(h.q.board.state('alice').name).toBe('ON_CALL');
    const a = (await h.app.parts.store.read(async (tx) => await tx.attempts.forCallback(id)))[0]!;
    expect(a.outcome).toBe('PERSON');
    expect(a.leaseUntil - a.claimedAt).toBe(25_000 + 32_000 + 20_000);
    h.tel.customerLegs.get(a.callId)!.end();
    await settle();
    expect(h.cb(id).state).toBe('COMPLETED');
    expect(h.q.board.state('alice').name).toBe('WRAP_UP');
    await h.advance(29_000);
    expect(h.q.board.state('alice').name).toBe('WRAP_UP');
    await h.advance(1_000);
    expect(h.q.board.state('alice').name).toBe('READY');
    const states = (await h.app.parts.store.read(async (tx) => await tx.events.forCallback(id))).map((e) => e.toState ?? e.type);
    expect(states).toEqual(['QUEUED', 'DIALING', 'ATTEMPT_CLAIMED', 'ATTEMPT_ENDED', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'COMPLETED']);
  });

  it('serves the queue in order: priority, then queuedSince', async () => {
    h = await harness();
    const late = await h.request({ queuedSince: h.clock.now() - 1 * MIN });
    const early = await h.request({ queuedSince: h.clock.now() - 5 * MIN });
    h.ready('alice');
    await settle();
    expect(h.tel.dials.map((d) => d.to)).toEqual([h.cb(early).phone]);
    expect(h.cb(late).state).toBe('QUEUED');
  });

  it('BUSY → RETRY_WAIT after the outcome interval, then a second attempt', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.script.set(h.cb(id).phone, ['BUSY', 'PERSON']);
    h.ready('alice');
    await settle();
    const cb = h.cb(id);
    expect(cb.state).toBe('RETRY_WAIT');
    expect(cb.dueAt).toBe(h.clock.now() + 5 * MIN);
    expect(h.q.board.state('alice').name).toBe('READY');
    await h.advance(4 * MIN);
    expect(h.tel.dials).toHaveLength(1);
    await h.advance(1 * MIN);
    expect(h.tel.dials).toHaveLength(2);
    expect(h.cb(id).attempts).toBe(2);
    expect(h.cb(id).state).toBe('CONNECTED');
  });

  it('FAX is not retried: FAILED with its reason', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.script.set(h.cb(id).phone, ['FAX']);
    h.ready('alice');
    await settle();
    expect(h.cb(id)).toMatchObject({ state: 'FAILED', reason: 'OUTCOME_FAX', attempts: 1 });
  });

  it('stops after maxAttempts with FAILED MAX_ATTEMPTS_<outcome>', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.script.set(h.cb(id).phone, ['NO_ANSWER']);
    h.ready('alice');
    await settle();
    for (let i = 0; i < 6; i++) await h.advance(10 * MIN);
    expect(h.tel.dials).toHaveLength(3);
    expect(h.cb(id)).toMatchObject({ state: 'FAILED', reason: 'MAX_ATTEMPTS_NO_ANSWER', attempts: 3 });
  });

  it('never dials outside the service hours; dials at opening', async () => {
    h = await harness();
    h.clock.set('2026-03-02T06:30:00Z'); // 07:30 Berlin, opens 08:00
    const id = await h.request({ slotStart: Date.parse('2026-03-02T07:00:00Z') });
    h.ready('alice');
    await h.tick();
    expect(h.tel.dials).toHaveLength(0);
    expect(h.cb(id).state).toBe('SCHEDULED');
    await h.advance(30 * MIN);
    expect(h.cb(id).state).not.toBe('SCHEDULED');
    expect(h.tel.dials).toHaveLength(1);
  });

  it("respects the customer's calling window in their own zone", async () => {
    h = await harness();
    // 10:00 Berlin = 04:00 in New York: outside 08:00–21:00 there.
    const id = await h.request({ context: { timezone: 'America/New_York' } });
    h.ready('alice');
    await h.tick();
    expect(h.tel.dials).toHaveLength(0);
    expect(h.cb(id).state).toBe('QUEUED');
    await h.advance(5 * 60 * MIN); // 15:00 Berlin = 09:00 New York; the parked entry is looked at again
    await h.advance(6 * MIN);
    expect(h.tel.dials).toHaveLength(1);
  });

  it('re-checks the number at dial time: refused → FAILED with the code', async () => {
    h = await harness();
    const id = await h.request();
    h.app.parts.catalog.rules.blockedPatterns.push('^\\+4930123456');
    h.ready('alice');
    await settle();
    expect(h.tel.dials).toHaveLength(0);
    expect(h.cb(id).state).toBe('FAILED');
    expect(h.cb(id).reason).toMatch(/BLOCK/);
  });

  it('expires at expiresAt (poller)', async () => {
    h = await harness({ config: harnessConfig({}) });
    const id = await h.request();
    const exp = h.cb(id).expiresAt;
    h.clock.set(exp);
    await h.tick();
    expect(h.cb(id)).toMatchObject({ state: 'EXPIRED' });
  });

  it('RONA: agent NOT_READY(RONA), the customer goes to the next agent first', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.agentScript.set('alice', ['NO_ANSWER']);
    h.ready('alice');
    await settle();
    expect(h.q.board.state('alice')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
    expect(h.cb(id).state).toBe('WAITING_AGENT');
    const other = await h.request({ queuedSince: h.clock.now() - 60 * MIN });
    h.ready('bob');
    await settle();
    expect(h.cb(id).state).toBe('CONNECTED');
    expect(h.cb(id).agentId).toBe('bob');
    expect(h.cb(other).state).toBe('QUEUED');
    expect(h.tel.dials).toHaveLength(1);
  });

  it('a customer who waits too long for an agent goes back to the head of the queue', async () => {
    h = await harness();
    const id = await h.request();
    h.tel.agentScript.set('alice', ['NO_ANSWER']);
    h.ready('alice');
    await settle();
    await h.advance(121_000);
    const cb = h.cb(id);
    expect(cb.state).toBe('QUEUED');
    expect(cb.reason).toBe('NO_AGENT');
  });
});

describe('races', () => {
  it('a cancel racing the claim: either cancelled and never dialled, or dialled and not cancelled', async () => {
    for (const cancelFirst of [true, false]) {
      h = await harness();
      const id = await h.request();
      const cancel = () => cancelCallback(h.app.parts.ctx, id, 'customer').then(() => 'cancelled', (e: { code: string }) => e.code);
      let result: string;
      if (cancelFirst) {
        const p = cancel();
        h.ready('alice');
        result = await p;
      } else {
        h.ready('alice');
        result = await cancel();
      }
      await settle();
      const cb = h.cb(id);
      if (result === 'cancelled') {
        expect(cb.state).toBe('CANCELLED');
        expect(h.tel.dials).toHaveLength(0);
        expect(h.q.board.state('alice').name).toBe('READY');
      } else {
        expect(result).toBe('CALLBACK_IN_PROGRESS');
        expect(h.tel.dials).toHaveLength(1);
      }
      await h.close();
    }
    h = undefined as never;
  });
});
