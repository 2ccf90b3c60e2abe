/**
 * Part 6: the last attempt reaches an answering machine; the simulated driver "records" the message
 * with the call-in number and a fresh access code, and that code keeps the customer's place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCallControl, type CustomerScript } from '../../src/adapters/telephony/simulated/index.js';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { digitPrompts } from '../../src/domain/flow/speech.js';
import type { CallInPolicy } from '../../src/domain/model.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';
import { harness, harnessConfig, settle, type Harness } from '../dialer/harness.js';
import { ScriptedCall } from '../ivr/scripted-call.js';
import { BILLING_LINE, ivrBackend, shippedFlows, withCallIn } from './helpers.js';

const PHONE = '+4930901820';
let h: Harness;
afterEach(async () => { await h.close(); });

async function lastAttemptTo(behaviour: CustomerScript['behaviour'], maxAttempts: number, over: Partial<CallInPolicy> = { voicemailMessage: true, voicemailKeepMinutes: 30 }) {
  const scheduler = new VirtualScheduler(0);
  const sim = new SimulatedCallControl({ scheduler, random: seededRandom(3), customers: { [PHONE]: { behaviour, ringMs: 3_000 } }, promptMs: 1_000 });
  const base = harnessConfig();
  const services = base.services.map((s) => withCallIn({ ...s, retry: { ...s.retry, maxAttempts } }, BILLING_LINE, over));
  h = await harness({ config: { ...base, services }, tel: sim as never });
  const id = await h.request({ phone: PHONE, language: 'de' });
  h.ready('alice');
  await h.tick();
  await scheduler.advance(180_000);
  await settle(50);
  await h.app.parts.queue!.drain(1_000);
  const callIns = await h.app.parts.store.read(async (tx) => await tx.callIns.liveForCallback(id));
  const events = (await h.app.parts.store.read(async (tx) => await tx.events.forCallback(id))).map((e) => e.type);
  return { sim, id, callIns, events };
}

describe('answering machine on the last attempt', () => {
  it('leaves the call-in number and a fresh code; the code keeps the place for N minutes', async () => {
    const { sim, id, callIns, events } = await lastAttemptTo('ANSWERING_MACHINE', 1);
    expect(h.cb(id)).toMatchObject({ state: 'FAILED' });
    expect(callIns).toHaveLength(1);
    const code = callIns[0]!;
    expect(code).toMatchObject({ origin: 'voicemail', phone: PHONE, queuedSince: h.cb(id).queuedSince, expiresAt: h.clock.now() + 30 * 60_000 });
    expect(sim.voicemails).toHaveLength(1);
    const message = sim.voicemails[0]!;
    expect(message.to).toBe(PHONE);
    const said = message.prompts.join(' ');
    expect(said).toBe([
      'vm_callin_intro', ...digitPrompts(BILLING_LINE), 'vm_callin_code', ...digitPrompts(code.accessCode), ...digitPrompts(code.accessCode),
      'vm_callin_valid', 'num_30', 'minutes', 'vm_callin_goodbye',
    ].join(' '));
    expect(events).toEqual(expect.arrayContaining(['CALL_IN_CREATED', 'VOICEMAIL_LEFT']));

    // The customer calls back from another phone and types the code: queued with the old place.
    const { backend, queued } = ivrBackend(h.app.parts.ctx);
    await runFlow(shippedFlows().get('callin')!, new ScriptedCall([code.accessCode], '+4930111222', BILLING_LINE), backend);
    expect(queued[0]).toMatchObject({ serviceId: 'billing', queuedSince: h.cb(id).queuedSince, language: 'de' });
  });

  it('not the last attempt: no message, no code (the callback is retried)', async () => {
    const { sim, id, callIns, events } = await lastAttemptTo('ANSWERING_MACHINE', 3);
    expect(h.cb(id).state).toBe('RETRY_WAIT');
    expect(sim.voicemails).toHaveLength(0);
    expect(callIns).toHaveLength(0);
    expect(events).not.toContain('CALL_IN_CREATED');
  });

  it('the service does not ask for it: no message', async () => {
    const { sim, callIns } = await lastAttemptTo('ANSWERING_MACHINE', 1, { voicemailMessage: false });
    expect(sim.voicemails).toHaveLength(0);
    expect(callIns).toHaveLength(0);
  });

  it('the last attempt was not a machine: the prepared code is cancelled with the outcome', async () => {
    const { sim, id, callIns, events } = await lastAttemptTo('BUSY', 1);
    expect(h.cb(id).state).toBe('FAILED');
    expect(sim.voicemails).toHaveLength(0);
    expect(callIns).toHaveLength(0);
    expect(events).toEqual(expect.arrayContaining(['CALL_IN_CREATED', 'CALL_IN_CANCELLED']));
  });
});
