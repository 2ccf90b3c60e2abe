/**
 * End-to-end lane: sipp (Debian sip-tester) as caller, customer and agent, against real
 * drachtio-server + FreeSWITCH, with holdless started in-process by buildApp (drachtio driver).
 * Runs only with HOLDLESS_E2E=1 and both servers reachable (see harness.ts for the addresses);
 * otherwise the whole suite is skipped and says why. DTMF is RFC 2833 in one continuous RTP
 * stream per call (rtp-pcap.ts). Key timings follow flows/main.yaml and the English prompts:
 * each digit barges into the menu it answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  agentReady, agentState, killAllSipp, noChannelsLeft, attemptsOf, caller, callbackOf, callbacksFor, e2e, e2eGate, requestCallback, rtpFile,
  RTP_TAIL_MS, startHoldless, uas, until, watchStates, type Holdless,
} from './harness.js';
import { fileAlaw, toneAlaw, type RtpSegment } from './rtp-pcap.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { assertIdleFreeswitch, keysAt, pressOne, sippOk } from './lane-helpers.js';

const reason = await e2eGate();
if (reason) console.log(`[e2e telephony] skipped: ${reason}`);


// welcome (2.3 s) → language menu: 1 → service menu: 1 (billing) → hours → offer (EWT or
// "the wait is long", then "press 1 / press 2") → number read back: 1 → time menu: 1 (asap).
const LANGUAGE = 3400;
const SERVICE = 4600;
const OFFER = 10_000;
const ANI = '+4930123456';


let h: Holdless | undefined;
beforeEach(async () => { if (!reason) await assertIdleFreeswitch(); });
afterEach(async () => { await killAllSipp(); await h?.stop(); h = undefined; });

const ok = sippOk;

(reason ? describe.skip : describe)('telephony end-to-end (sipp + drachtio + FreeSWITCH)', () => {
  it('caller accepts a callback: registered with channel ivr and the caller\'s number', async () => {
    h = await startHoldless();
    const call = caller(ANI, keysAt(['1', LANGUAGE], ['1', SERVICE], ['1', OFFER], ['1', OFFER + 1500], ['1', OFFER + 3000]));
    await ok(call, 'caller (a 503 means no IVR is wired to onInboundCall in buildApp)');
    const [cb] = callbacksFor(h, ANI);
    expect(cb, 'a callback for the caller\'s ANI').toBeDefined();
    expect(cb!.channel).toBe('ivr');
    expect(cb!.serviceId).toBe('billing');
    expect(['QUEUED', 'SCHEDULED']).toContain(cb!.state);
    await noChannelsLeft();
  }, 120_000);

  it('caller declines the offer, waits in the queue and is bridged to the agent', async () => {
    h = await startHoldless();
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    await agentReady(h, 'alice');
    const call = caller(ANI, keysAt(['1', LANGUAGE], ['1', SERVICE], ['2', OFFER]));
    await ok(alice, 'agent alice (answers, talks 4 s, hangs up)');
    await ok(call, 'caller (hung up by holdless after the agent left)');
    expect(callbacksFor(h, ANI)).toHaveLength(0);
    await noChannelsLeft();
  }, 120_000);

  it('callback answered, confirmed with 1 and bridged to the reserved agent', async () => {
    h = await startHoldless();
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne() });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111111');
    const states = watchStates(h, id);
    await ok(alice, 'agent alice');
    await ok(customer, 'customer');
    states.stop();
    expect(states.seen).toContain('CONNECTED');
    const attempts = attemptsOf(h, id);
    expect(attempts.map((a) => a.outcome)).toEqual(['PERSON']);
    expect(attempts[0]!.agentId).toBe('alice');
    await noChannelsLeft();
  }, 120_000);

  it('busy, then the retry is answered and bridged', async () => {
    h = await startHoldless();
    const busy = uas('uas-busy.xml', e2e.customerPort);
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111112');
    await ok(busy, 'customer (busy)');
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'first attempt recorded');
    expect(attemptsOf(h, id)[0]).toMatchObject({ outcome: 'BUSY', sipCode: 486 });
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne() });
    await ok(customer, 'customer (answers the retry)');
    await ok(alice, 'agent alice');
    expect(attemptsOf(h, id).map((a) => a.outcome)).toEqual(['BUSY', 'PERSON']);
    await noChannelsLeft();
  }, 150_000);

  it('no answer (our ring timer CANCELs), then the retry is answered', async () => {
    h = await startHoldless();
    const ringing = uas('uas-noanswer.xml', e2e.customerPort);
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111113');
    const started = Date.now();
    await ok(ringing, 'customer (rings, gets CANCEL)');
    const rang = Date.now() - started;
    expect(rang, 'ring timeout is the service\'s 6 s').toBeGreaterThan(5000);
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'first attempt recorded');
    expect(attemptsOf(h, id)[0]!.outcome).toBe('NO_ANSWER');
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne() });
    await ok(customer, 'customer (answers the retry)');
    await ok(alice, 'agent alice');
    expect(attemptsOf(h, id).map((a) => a.outcome)).toEqual(['NO_ANSWER', 'PERSON']);
    await noChannelsLeft();
  }, 150_000);

  it('voicemail: a greeting then a beep is ANSWERING_MACHINE and no agent is called', async () => {
    h = await startHoldless();
    const dir = tmpdir();
    const greeting = fileAlaw(join(import.meta.dirname, '../../prompts/en/hold_message.wav'), join(dir, `greeting-${process.pid}.al`));
    const beep = toneAlaw(1000, 1.0, join(dir, `beep-${process.pid}.al`));
    const machine = uas('uas-answer.xml', e2e.customerPort, {
      PCAP_FILE: rtpFile([{ kind: 'silence', ms: 300 }, { kind: 'audio', alaw: greeting }, { kind: 'audio', alaw: beep }, { kind: 'silence', ms: RTP_TAIL_MS }]),
    });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111114');
    await ok(machine, 'voicemail (hung up by holdless)');
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'attempt recorded');
    expect(attemptsOf(h, id)[0]!.outcome).toBe('ANSWERING_MACHINE');
    expect(callbackOf(h, id)!.state).not.toBe('CONNECTED');
    expect((await agentState(h, 'alice')).name).toBe('READY');
    await noChannelsLeft();
  }, 120_000);

  it('agent RONA: the first agent does not answer, the next one gets the customer', async () => {
    h = await startHoldless();
    const alice = uas('uas-noanswer.xml', e2e.agentPorts.alice!);
    const bob = uas('uas-answer.xml', e2e.agentPorts.bob!, { HANGUP_AFTER_MS: 4000 });
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne() });
    await agentReady(h, 'alice'); // longest idle: reserved first
    await new Promise((r) => setTimeout(r, 200));
    await agentReady(h, 'bob');
    const id = await requestCallback(h, '+4930111115');
    const states = watchStates(h, id);
    await ok(alice, 'agent alice (rings until CANCEL)');
    await ok(bob, 'agent bob');
    await ok(customer, 'customer');
    states.stop();
    expect(states.seen).toContain('CONNECTED');
    expect(await agentState(h, 'alice')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
    expect(attemptsOf(h, id).map((a) => a.outcome)).toEqual(['PERSON']);
    await noChannelsLeft();
  }, 150_000);
});
