/**
 * A matched call-in caller's request context reaches the agent: the simulated driver dials the
 * call-in line, types the access code into flows/callin.yaml, the caller is queued live with the
 * request's context, connected to alice, and the agent API shows who and why.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCallControl } from '../../src/adapters/telephony/simulated/index.js';
import { createCallIn } from '../../src/app/callins/create-call-in.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';
import { testService } from '../../src/testing/test-config.js';
import { harness, harnessConfig, settle, type Harness } from '../dialer/harness.js';
import { BILLING_LINE, withCallIn } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
let h: Harness;
afterEach(async () => { await h.close(); });

async function setUp() {
  const scheduler = new VirtualScheduler(0);
  const sim = new SimulatedCallControl({
    scheduler, random: seededRandom(5), defaultAgent: { answers: true, ringMs: 1_000 }, promptMs: 500,
    defaults: { ringMs: 1_000, talkMs: 600_000, patienceMs: 600_000, detectMs: 100 },
  });
  const base = harnessConfig();
  const services = [...base.services.map((s) => (s.id === 'billing' ? withCallIn(s, BILLING_LINE) : s)), testService({ id: 'tech-support', name: 'Tech' })];
  const telephony = {
    ...base.telephony, driver: 'simulated' as const, flowsDir: join(root, 'flows'), promptsDir: join(root, 'prompts'),
    inboundFlows: { [BILLING_LINE]: 'callin' },
  };
  h = await harness({ config: { ...base, services, telephony }, tel: sim as never });
  return { scheduler, sim };
}

/** Virtual time in small steps, letting the store's writes (real I/O) commit in between. */
async function walk(scheduler: VirtualScheduler, ms: number) {
  for (let t = 0; t < ms; t += 100) {
    await scheduler.advance(100);
    await settle(5);
  }
}

// The break-glass admin token of the test config reads any agent's view.
const agentView = async (agentId = 'alice') =>
  (await h.app.parts.http.inject({ method: 'GET', url: `/v1/agents/${agentId}`, headers: { authorization: `Bearer ${h.app.parts.config.http.adminToken}` } })).json();

describe('matched call-in caller → agent', () => {
  it('carries the request context into the live entry and shows it in the agent view', async () => {
    const { scheduler, sim } = await setUp();
    const ci = await createCallIn(h.app.parts.ctx, {
      subjectId: 'invoice', channel: 'api', firstName: 'Ada', lastName: 'Lovelace', customerId: 'C-42',
      notes: 'Invoice 42 is wrong', context: { pageUrl: 'https://shop.example/invoices/42', pageTitle: 'Invoice 42' },
    });
    void sim.simulateInbound('in-1', { from: '+4930111222', to: BILLING_LINE, digits: [ci.accessCode], digitDelayMs: 200 });
    await walk(scheduler, 20_000);
    const live = [...h.q.live.calls.values()];
    expect(live).toHaveLength(1);
    expect(live[0]!.caller).toMatchObject({ callInId: ci.id, firstName: 'Ada', customerId: 'C-42', subjectId: 'invoice' });

    h.ready('alice');
    await h.tick();
    await walk(scheduler, 5_000);
    const view = await agentView();
    expect(view.interaction).toMatchObject({ kind: 'call', phase: 'connected', callback: null });
    expect(view.interaction.caller).toEqual({
      callInId: ci.id, serviceId: 'billing', subjectId: 'invoice', subject: 'Invoice question', callbackId: null,
      customerId: 'C-42', firstName: 'Ada', lastName: 'Lovelace', phone: null, language: 'en', notes: 'Invoice 42 is wrong',
      context: { pageUrl: 'https://shop.example/invoices/42', pageTitle: 'Invoice 42' }, queuedSince: new Date(h.clock.now()).toISOString(),
    });
  });

  it('a caller who did not call in has no caller context', async () => {
    const { scheduler, sim } = await setUp();
    // No code typed: after the attempts the menu sends the caller to billing ('1') as a normal arrival.
    void sim.simulateInbound('in-2', { from: '+4930111222', to: BILLING_LINE, digits: [undefined, undefined, undefined, '1'], digitDelayMs: 200 });
    await walk(scheduler, 60_000);
    const live = [...h.q.live.calls.values()];
    expect(live).toHaveLength(1);
    expect(live[0]!.caller).toBeUndefined();
    h.ready('alice');
    await h.tick();
    await walk(scheduler, 5_000);
    const view = await agentView();
    expect(view.interaction).toMatchObject({ kind: 'call', phase: 'connected', caller: null });
  });
});
