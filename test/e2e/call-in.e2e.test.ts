/**
 * End-to-end lane for Click-To-Call-In (issue 8): an app asks for a call-in (POST /v1/call-ins over
 * real HTTP), a sipp caller dials the call-in number (flows/callin.yaml, chosen by the dialled
 * number) and types the access code as RFC 2833 DTMF, declines the callback offer and is bridged
 * to the agent. Runs only with HOLDLESS_E2E=1 and drachtio-server + FreeSWITCH reachable.
 * Key timings follow the English prompts: welcome 3.4 s, then the code barges into "enter the
 * access code", "we found your request" 4.3 s, then the offer (decline with 2).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_IN } from '../../src/domain/call-in.js';
import {
  agentReady, e2e, e2eConfig, e2eGate, killAllSipp, noChannelsLeft, rtpFile, RTP_TAIL_MS, scenarioFile, sipp, startHoldless, uas, type Holdless,
} from './harness.js';
import type { RtpSegment } from './rtp-pcap.js';

const reason = await e2eGate();
if (reason) console.log(`[e2e call-in] skipped: ${reason}`);

const CALL_IN_LINE = '+4930555000';

function keysAt(...steps: [digit: string, atMs: number][]): RtpSegment[] {
  const segs: RtpSegment[] = [];
  let t = 0;
  for (const [digit, at] of steps) {
    segs.push({ kind: 'silence', ms: at - t }, { kind: 'digit', digit });
    t = at + 240;
  }
  segs.push({ kind: 'silence', ms: RTP_TAIL_MS });
  return segs;
}

/** A caller dialling `number` (not the default service line). */
function callerTo(number: string, ani: string, keys: RtpSegment[], byeTimeoutMs = 60_000) {
  const file = scenarioFile('caller.xml', { PCAP_FILE: rtpFile(keys), CALLER_ANI: ani, BYE_TIMEOUT_MS: byeTimeoutMs });
  return sipp(file, ['-s', number.replace('+', ''), e2e.sip], byeTimeoutMs + 30_000);
}

let h: Holdless | undefined;
afterEach(async () => { await killAllSipp(); await h?.stop(); h = undefined; });

(reason ? describe.skip : describe)('call-in end-to-end (sipp + drachtio + FreeSWITCH)', () => {
  it('a caller dials the call-in number, types the access code and is bridged to the agent', async () => {
    const base = e2eConfig();
    const config = {
      ...base,
      services: base.services.map((s) => ({ ...s, callIn: { ...DEFAULT_CALL_IN, number: CALL_IN_LINE, codeLength: 6 } })),
      telephony: { ...base.telephony, inboundFlows: { [CALL_IN_LINE]: 'callin' } },
    };
    h = await startHoldless(config);
    const res = await fetch(`${h.url}/v1/call-ins`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 'billing', context: { screen: 'invoice' } }),
    });
    expect(res.status).toBe(201);
    const { id, accessCode } = (await res.json()) as { id: string; accessCode: string };
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    await agentReady(h, 'alice');
    const digits = [...accessCode].map((d, i) => [d, 4000 + i * 400] as [string, number]);
    const call = callerTo(CALL_IN_LINE, '+4930123999', keysAt(...digits, ['2', 12_500]));
    const [a, c] = await Promise.all([alice.done, call.done]);
    expect(a.code, `agent alice:\n${a.out}`).toBe(0);
    expect(c.code, `caller:\n${c.out}`).toBe(0);
    const stored = await h.app.parts.store.read(async (tx) => await tx.callIns.get(id));
    expect(stored?.state).toBe('USED');
    const matched = (await h.app.parts.store.read(async (tx) => await tx.events.between(0, Number.MAX_SAFE_INTEGER))).filter((e) => e.type === 'CALL_IN_MATCHED');
    expect(matched[0]?.data).toMatchObject({ callInId: id, by: 'code' });
    await noChannelsLeft();
  }, 120_000);
});
