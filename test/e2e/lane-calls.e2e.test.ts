/**
 * The wider real-stack lane (issue 14 part 6): rejection, tones in early media, callers and
 * customers who hang up, and an after-hours caller. Same rules as telephony.e2e.test.ts: runs
 * only with HOLDLESS_E2E=1 and drachtio-server + FreeSWITCH reachable, else skipped with the
 * reason; every case starts from and ends with an idle FreeSWITCH (no channel left).
 * Written against the harness and the sipp scenarios (self-checked sipp-vs-sipp in
 * rtp-pcap.test.ts); not yet run against a real stack (none on the machine it was written on).
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  agentReady, attemptsOf, callbackOf, callbacksFor, e2e, e2eConfig, e2eGate, killAllSipp, noChannelsLeft,
  requestCallback, rtpFile, RTP_TAIL_MS, scenarioFile, sipp, startHoldless, uas, until, type Holdless,
} from './harness.js';
import { toneAlaw, type RtpSegment } from './rtp-pcap.js';

import { assertIdleFreeswitch, keysAt, pressOne, sippOk } from './lane-helpers.js';

const reason = await e2eGate();
if (reason) console.log(`[e2e lane calls] skipped: ${reason}`);

const LANGUAGE = 3400;
const SERVICE = 4600;
const OFFER = 10_000;
const ANI = '+4930123456';
const prompts = join(import.meta.dirname, '../../prompts/en');
const seconds = (key: string) => Number(execFileSync('soxi', ['-D', join(prompts, `${key}.wav`)], { encoding: 'utf8' }));


/** A caller who hangs up by themself after hangupMs (caller-hangup.xml). */
function hangingCaller(keys: RtpSegment[], hangupMs: number) {
  const file = scenarioFile('caller-hangup.xml', { PCAP_FILE: rtpFile(keys), CALLER_ANI: ANI, HANGUP_AFTER_MS: hangupMs });
  return sipp(file, ['-s', 'service', e2e.sip], hangupMs + 30_000);
}

/** The customer's side answers only with early media carrying these tones (uas-early-media.xml). */
function earlyMedia(tones: [hz: number, secs: number][]) {
  const dir = tmpdir();
  const audio: RtpSegment[] = tones.map(([hz, secs], i) => ({ kind: 'audio', alaw: toneAlaw(hz, secs, join(dir, `tone-${process.pid}-${i}.al`)) }));
  return uas('uas-early-media.xml', e2e.customerPort, {
    PCAP_FILE: rtpFile([{ kind: 'silence', ms: 200 }, ...audio, { kind: 'silence', ms: RTP_TAIL_MS }]), CANCEL_TIMEOUT_MS: 30_000,
  });
}

const ok = sippOk;
const abandoned = (h: Holdless) => h.app.parts.sqlite!.sync.queue.countEventsSince('LIVE_ABANDONED', 0);

let h: Holdless | undefined;
beforeEach(async () => { if (!reason) await assertIdleFreeswitch(); });
afterEach(async () => { await killAllSipp(); await h?.stop(); h = undefined; });

(reason ? describe.skip : describe)('real-stack lane: more call outcomes (sipp + drachtio + FreeSWITCH)', () => {
  it('customer rejects (603) → REJECTED, no agent leg', async () => {
    h = await startHoldless();
    const customer = uas('uas-reject.xml', e2e.customerPort);
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111121');
    await ok(customer, 'customer (603)');
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'attempt recorded');
    expect(attemptsOf(h, id)[0]).toMatchObject({ outcome: 'REJECTED', sipCode: 603 });
    await noChannelsLeft();
  }, 120_000);

  it('fax CED tone (2100 Hz) in early media → FAX, cancelled before answer', async () => {
    h = await startHoldless();
    const fax = earlyMedia([[2100, 4]]);
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111122');
    await ok(fax, 'fax (early media, takes our CANCEL)');
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'attempt recorded');
    expect(attemptsOf(h, id)[0]!.outcome).toBe('FAX');
    await noChannelsLeft();
  }, 120_000);

  it('SIT triple tone in early media → SIT', async () => {
    h = await startHoldless();
    const sit = earlyMedia([[913.8, 0.33], [1370.6, 0.33], [1776.7, 0.33], [913.8, 0.33], [1370.6, 0.33], [1776.7, 0.33]]);
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111123');
    await ok(sit, 'network announcement (early media, takes our CANCEL)');
    await until(() => attemptsOf(h!, id)[0]?.outcome, 10_000, 'attempt recorded');
    expect(attemptsOf(h, id)[0]!.outcome).toBe('SIT');
    await noChannelsLeft();
  }, 120_000);

  it('caller hangs up during the offer: nothing registered, no channel left', async () => {
    h = await startHoldless();
    const call = hangingCaller(keysAt(['1', LANGUAGE], ['1', SERVICE]), OFFER + 1000);
    await ok(call, 'caller (hangs up while the offer is read)');
    expect(callbacksFor(h, ANI)).toHaveLength(0);
    await noChannelsLeft();
  }, 120_000);

  it('caller hangs up while on hold: the abandon is recorded, no channel left', async () => {
    h = await startHoldless();
    const before = abandoned(h);
    const call = hangingCaller(keysAt(['1', LANGUAGE], ['1', SERVICE], ['2', OFFER]), OFFER + 8000);
    await ok(call, 'caller (declines, holds, hangs up)');
    await until(() => abandoned(h!) > before, 10_000, 'LIVE_ABANDONED recorded');
    await noChannelsLeft();
  }, 120_000);

  it('customer confirms, the agent does not answer, the customer hangs up while waiting: requeued, no channel left', async () => {
    h = await startHoldless();
    const alice = uas('uas-noanswer.xml', e2e.agentPorts.alice!);
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne(), HANGUP_AFTER_MS: 14_000 });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111124');
    await ok(alice, 'agent alice (rings out: RONA)');
    await ok(customer, 'customer (confirms, waits, hangs up)');
    await until(() => callbackOf(h!, id)?.reason === 'CUSTOMER_LEFT_HOLD' || undefined, 15_000, 'callback requeued');
    expect(attemptsOf(h, id)[0]!.outcome).toBe('PERSON');
    await noChannelsLeft();
  }, 150_000);

  it('after hours: "as soon as possible" books the first free slot tomorrow, never "callback failed"', async () => {
    const config = e2eConfig();
    const tomorrow = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date().getUTCDay() + 2) % 7]!; // never today in Berlin
    config.calendars = config.calendars.map((c) => ({ ...c, weekly: { [tomorrow]: [{ from: '08:00', to: '18:00' }] } }));
    h = await startHoldless(config);
    // welcome → language 1 → service 1 → "we are closed" → closed offer: 1 → number read back: 1 → time menu: 1.
    const closedOffer = SERVICE + 600 + seconds('closed') * 1000 + 1500;
    const numberOk = closedOffer + 600 + (seconds('number_intro') + 12 * 0.6) * 1000 + 1500;
    const asap = numberOk + 600 + 1500;
    const call = caller(keysAt(['1', LANGUAGE], ['1', SERVICE], ['1', closedOffer], ['1', numberOk], ['1', asap]));
    await ok(call, 'after-hours caller (hung up by holdless after the goodbye)');
    const [cb] = callbacksFor(h, ANI);
    expect(cb, 'a callback booked for the next opening').toBeDefined();
    expect(cb!.state).toBe('SCHEDULED');
    expect(cb!.slotStart).toBeDefined();
    await noChannelsLeft();
  }, 150_000);
});

function caller(keys: RtpSegment[]) {
  return sipp(scenarioFile('caller.xml', { PCAP_FILE: rtpFile(keys), CALLER_ANI: ANI, BYE_TIMEOUT_MS: 90_000 }), ['-s', 'service', e2e.sip], 120_000);
}
