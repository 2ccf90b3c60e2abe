import { describe, expect, it } from 'vitest';
import type { DialCustomerRequest, DialCustomerResult, InboundCall } from '../../src/app/ports/call-control.js';
import { SimulatedCallControl, type CustomerScript } from '../../src/adapters/telephony/simulated/index.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

const req = (to: string, callId = `call-${to}`): DialCustomerRequest => ({
  callId, to, callerId: '+3210000000', ringTimeoutMs: 30_000, language: 'en',
  confirmation: { prompts: ['callback-confirm'], digit: '1', attempts: 2, timeoutMs: 5_000 },
  detectAnsweringMachine: true,
});

function setup(customers: Record<string, CustomerScript | CustomerScript[]> = {}, agents = {}) {
  const scheduler = new VirtualScheduler(0);
  const driver = new SimulatedCallControl({ scheduler, random: seededRandom(1), customers, agents, promptMs: 2_000 });
  return { scheduler, driver };
}

async function dial(customers: Record<string, CustomerScript | CustomerScript[]>, to: string) {
  const { scheduler, driver } = setup(customers);
  let result: DialCustomerResult | undefined;
  void driver.dialCustomer(req(to)).then((r) => (result = r));
  await scheduler.advance(120_000);
  return { result: result!, driver, scheduler };
}

describe('simulated driver: customer outcomes', () => {
  const cases: [CustomerScript['behaviour'], string, number | undefined][] = [
    ['BUSY', 'BUSY', 486], ['NO_ANSWER', 'NO_ANSWER', 480], ['FAX', 'FAX', 200], ['SIT', 'SIT', 183],
    ['INVALID_NUMBER', 'INVALID_NUMBER', 404], ['NETWORK_ERROR', 'NETWORK_ERROR', 503], ['REJECTED', 'REJECTED', 603],
    ['ANSWERING_MACHINE', 'ANSWERING_MACHINE', 200], ['NO_CONFIRM', 'NO_CONFIRM', 200],
  ];
  it.each(cases)('%s', async (behaviour, outcome, sip) => {
    const { result } = await dial({ '+32470000001': { behaviour, ringMs: 4_000 } }, '+32470000001');
    expect(result.outcome).toBe(outcome);
    expect(result.sipCode).toBe(sip);
  });

  it('a person presses 1 after the prompt and gets a live leg', async () => {
    const { scheduler, driver } = setup({ '+1': { behaviour: 'PERSON', ringMs: 5_000, confirmAfterMs: 700 } });
    let result: DialCustomerResult | undefined;
    void driver.dialCustomer(req('+1')).then((r) => (result = r));
    await scheduler.advance(7_699);
    expect(result).toBeUndefined();
    await scheduler.advance(1);
    expect(result?.outcome).toBe('PERSON');
    if (result?.outcome === 'PERSON') expect(result.leg.ended).toBe(false);
    expect(await driver.callExists('call-+1')).toBe('yes');
  });

  it('reports its timing: INVITE, answer and the press of 1 (ring and confirmation time)', async () => {
    const person = await dial({ '+1': { behaviour: 'PERSON', ringMs: 5_000, confirmAfterMs: 700 } }, '+1');
    expect(person.result.timing).toEqual({ invitedAt: 0, answeredAt: 5_000, endedAt: 7_700 });
    const busy = await dial({ '+2': { behaviour: 'BUSY', ringMs: 4_000 } }, '+2');
    expect(busy.result.timing).toEqual({ invitedAt: 0, endedAt: 4_000 });
    const unanswered = await dial({ '+3': { behaviour: 'NO_ANSWER' } }, '+3');
    expect(unanswered.result.timing).toEqual({ invitedAt: 0, endedAt: 30_000 });
  });

  it('ring longer than the ring timeout is NO_ANSWER at the timeout', async () => {
    const { scheduler, driver } = setup({ '+1': { behaviour: 'PERSON', ringMs: 40_000 } });
    let result: DialCustomerResult | undefined;
    void driver.dialCustomer(req('+1')).then((r) => (result = r));
    await scheduler.advance(29_999);
    expect(result).toBeUndefined();
    await scheduler.advance(1);
    expect(result?.outcome).toBe('NO_ANSWER');
  });

  it('NO_CONFIRM takes all confirmation attempts', async () => {
    const { scheduler, driver } = setup({ '+1': { behaviour: 'NO_CONFIRM', ringMs: 1_000 } });
    let result: DialCustomerResult | undefined;
    void driver.dialCustomer(req('+1')).then((r) => (result = r));
    await scheduler.advance(1_000 + 2 * (2_000 + 5_000) - 1);
    expect(result).toBeUndefined();
    await scheduler.advance(1);
    expect(result?.outcome).toBe('NO_CONFIRM');
    expect(await driver.callExists('call-+1')).toBe('no');
  });

  it('per-attempt scripts: busy first, then a person; every dial recorded', async () => {
    const { scheduler, driver } = setup({ '+1': [{ behaviour: 'BUSY' }, { behaviour: 'PERSON' }] });
    const out: string[] = [];
    void driver.dialCustomer(req('+1', 'c1')).then((r) => out.push(r.outcome));
    await scheduler.advance(60_000);
    void driver.dialCustomer(req('+1', 'c2')).then((r) => out.push(r.outcome));
    await scheduler.advance(60_000);
    expect(out).toEqual(['BUSY', 'PERSON']);
    expect(driver.dialsTo('+1').map((d) => [d.callId, d.at])).toEqual([['c1', 0], ['c2', 60_000]]);
    expect(new Set(driver.dials.map((d) => d.callId)).size).toBe(driver.dials.length);
  });

  it('the default mix is used for unscripted numbers', async () => {
    const { scheduler, driver } = setup();
    const outcomes = new Set<string>();
    for (let i = 0; i < 200; i++) void driver.dialCustomer(req(`+9${i}`)).then((r) => outcomes.add(r.outcome));
    await scheduler.advance(120_000);
    expect(outcomes.size).toBeGreaterThan(4);
    expect(outcomes.has('PERSON')).toBe(true);
  });

  it('links down: NETWORK_ERROR and canDial false', async () => {
    const { driver } = setup({ '+1': { behaviour: 'PERSON' } });
    driver.setLinksUp(false);
    expect(driver.canDial()).toBe(false);
    expect((await driver.dialCustomer(req('+1'))).outcome).toBe('NETWORK_ERROR');
  });
});

describe('simulated driver: agents and bridging', () => {
  it('an agent answers; bridged customer hangs up after talk time and the agent leg follows', async () => {
    const { scheduler, driver } = setup({ '+1': { behaviour: 'PERSON', ringMs: 1_000, confirmAfterMs: 0, talkMs: 60_000 } }, { a1: { answers: true, ringMs: 3_000 } });
    let customer: DialCustomerResult | undefined;
    void driver.dialCustomer(req('+1')).then((r) => (customer = r));
    await scheduler.advance(10_000);
    expect(customer?.outcome).toBe('PERSON');
    const agentResult = driver.dialAgent({ callId: 'ag1', agentId: 'a1', sip: 'sip:a1@x', callerId: '+1', ringTimeoutMs: 20_000 });
    await scheduler.advance(3_000);
    const agent = await agentResult;
    expect(agent.outcome).toBe('ANSWERED');
    if (agent.outcome !== 'ANSWERED' || customer?.outcome !== 'PERSON') throw new Error('unexpected');
    expect(await driver.bridge(customer.leg, agent.leg)).toEqual({ kind: 'done' });
    await scheduler.advance(59_999);
    expect(agent.leg.ended).toBe(false);
    await scheduler.advance(1);
    expect(customer.leg.ended).toBe(true);
    expect(agent.leg.ended).toBe(true);
  });

  it('an agent who does not answer is NO_ANSWER at the ring timeout (RONA)', async () => {
    const { scheduler, driver } = setup({}, { a2: { answers: false } });
    let r: string | undefined;
    void driver.dialAgent({ callId: 'ag2', agentId: 'a2', sip: 'sip:a2@x', callerId: '+1', ringTimeoutMs: 15_000 }).then((x) => (r = x.outcome));
    await scheduler.advance(14_999);
    expect(r).toBeUndefined();
    await scheduler.advance(1);
    expect(r).toBe('NO_ANSWER');
  });

  it('a confirmed customer left waiting hangs up after their patience', async () => {
    const { scheduler, driver } = setup({ '+1': { behaviour: 'PERSON', ringMs: 0, confirmAfterMs: 0, patienceMs: 30_000 } });
    let customer: DialCustomerResult | undefined;
    void driver.dialCustomer(req('+1')).then((r) => (customer = r));
    await scheduler.advance(2_000);
    if (customer?.outcome !== 'PERSON') throw new Error('expected PERSON');
    await scheduler.advance(29_000);
    expect(customer.leg.ended).toBe(false);
    await scheduler.advance(1_000);
    expect(customer.leg.ended).toBe(true);
  });
});

describe('simulated driver: inbound callers', () => {
  it('presses scripted digits, then hangs up on hold after the patience time', async () => {
    const { scheduler, driver } = setup();
    const got: string[] = [];
    let hungUp = -1;
    driver.onInboundCall(async (call: InboundCall) => {
      await call.answer();
      call.onHangup((cause) => (hungUp = cause === 'remote' ? scheduler.now() : -2));
      for (let i = 0; i < 3; i++) {
        const r = await call.playCollect({ prompts: ['menu'], language: 'en', minDigits: 1, maxDigits: 1, timeoutMs: 4_000 });
        got.push(r.kind === 'digits' ? r.digits : r.kind);
      }
      call.startHold(['moh'], 'en');
    });
    void driver.simulateInbound('in1', { from: '+3247', to: '+3200', digits: ['2', undefined, '9'], digitDelayMs: 300, patienceMs: 45_000 });
    await scheduler.advance(200_000);
    // prompts 2 s each: '2' at 2.3 s, timeout at 2.3+6 = 8.3 s, '9' at 10.6 s, hold until 55.6 s
    expect(got).toEqual(['2', 'timeout', '9']);
    expect(hungUp).toBe(55_600);
  });
});
