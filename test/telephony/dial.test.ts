import { describe, expect, it } from 'vitest';
import { dialAgent } from '../../src/adapters/telephony/drachtio/dial-agent.js';
import { dialCustomer } from '../../src/adapters/telephony/drachtio/dial-customer.js';
import type { DialCustomerRequest } from '../../src/app/ports/call-control.js';
import { FakeDialog, FakeEndpoint, FakeMediaServer, FakeSrf, SipError } from './fakes.js';

const promptPath = (l: string, k: string) => `/prompts/${l}/${k}.wav`;
const legTimeouts = { perPromptMs: 50, marginMs: 50, cleanupMs: 50 };
const request = (over: Partial<DialCustomerRequest> = {}): DialCustomerRequest => ({
  callId: 'c1', to: '+4930111222', callerId: '+4930999', ringTimeoutMs: 40, language: 'en',
  confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 2, timeoutMs: 20 }, detectAnsweringMachine: true, ...over,
});
function setup() {
  const srf = new FakeSrf();
  const ms = new FakeMediaServer();
  const ctx = { srf, ms, promptPath, uriFor: (n: string) => `sip:${n}@trunk.example`, toneDescriptor: '49', legTimeouts };
  return { srf, ms, ctx };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dialCustomer', () => {
  it('final SIP codes map to outcomes and the endpoint is destroyed', async () => {
    for (const [status, outcome] of [[486, 'BUSY'], [603, 'REJECTED'], [404, 'INVALID_NUMBER'], [503, 'NETWORK_ERROR']] as const) {
      const { srf, ms, ctx } = setup();
      srf.script = ({ reject }) => reject(new SipError(status));
      const r = await dialCustomer(ctx, request());
      expect(r).toMatchObject({ outcome, sipCode: status });
      expect(ms.endpoints[0]?.destroyed).toBe(1);
    }
  });

  it('ring timeout sends CANCEL; the 487 that follows is NO_ANSWER', async () => {
    const { srf, ms, ctx } = setup();
    srf.script = ({ req, reject }) => req.once('cancel-sent', () => reject(new SipError(487)));
    const r = await dialCustomer(ctx, request());
    expect(r.outcome).toBe('NO_ANSWER');
    expect(srf.uacs[0]?.req.canceled).toBe(1);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });

  it('200 OK after our CANCEL: the late dialog gets a BYE and the outcome is NO_ANSWER', async () => {
    const { srf, ms, ctx } = setup();
    const late = new FakeDialog();
    srf.script = ({ req, resolve }) => req.once('cancel-sent', () => resolve(late));
    const r = await dialCustomer(ctx, request());
    expect(r).toMatchObject({ outcome: 'NO_ANSWER', sipCode: 200 });
    expect(late.destroyed).toBe(1);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });

  it('early media goes to FreeSWITCH, and SIT heard there cancels the call', async () => {
    const { srf, ms, ctx } = setup();
    srf.script = ({ req, progress, reject }) => {
      progress.cbProvisional?.({ status: 183, body: 'v=0 early', get: () => undefined });
      setTimeout(() => ms.endpoints[0]?.emit('tone', { tone: 'SIT' }), 5);
      req.once('cancel-sent', () => reject(new SipError(487)));
    };
    const r = await dialCustomer(ctx, request({ ringTimeoutMs: 10_000 }));
    expect(r.outcome).toBe('SIT');
    const ep = ms.endpoints[0]!;
    expect(ep.modified).toEqual(['v=0 early']);
    expect(ep.executed).toContain('spandsp_start_tone_detect 49');
    expect(ep.executed.some((e) => e.startsWith('spandsp_start_fax_detect') && e.includes('ced'))).toBe(true);
  });

  it('answered and confirmed with 1 → PERSON with a live leg on the answer SDP', async () => {
    const { ms, ctx } = setup();
    ms.nextEndpoint = () => { const ep = new FakeEndpoint(); ep.collectAnswers = [async () => ({ digits: '1' })]; return ep; };
    const r = await dialCustomer(ctx, request());
    expect(r.outcome).toBe('PERSON');
    const ep = ms.endpoints[0]!;
    expect(ep.modified).toEqual(['v=0 answer']);
    expect(ep.collected[0]?.file).toBe('/prompts/en/confirm_callback.wav');
    expect(ep.destroyed).toBe(0);
    expect(ep.executed).toContain('avmd_stop');
  });

  it('reports its timing on its clock: INVITE, answer (200 OK) and the press of 1, or INVITE and the failure', async () => {
    const ticks = () => { let t = 0; return () => (t += 1_000); };
    const { ms, ctx } = setup();
    ms.nextEndpoint = () => { const ep = new FakeEndpoint(); ep.collectAnswers = [async () => ({ digits: '1' })]; return ep; };
    expect((await dialCustomer({ ...ctx, now: ticks() }, request())).timing).toEqual({ invitedAt: 1_000, answeredAt: 2_000, endedAt: 3_000 });
    const busy = setup();
    busy.srf.script = ({ reject }) => reject(new SipError(486));
    expect((await dialCustomer({ ...busy.ctx, now: ticks() }, request())).timing).toEqual({ invitedAt: 1_000, endedAt: 2_000 });
  });

  it('no confirmation after the attempts → NO_CONFIRM and both halves torn down', async () => {
    const { srf, ms, ctx } = setup();
    const dlg = new FakeDialog();
    srf.script = ({ resolve }) => resolve(dlg);
    const r = await dialCustomer(ctx, request());
    expect(r.outcome).toBe('NO_CONFIRM');
    expect(ms.endpoints[0]?.collected).toHaveLength(2);
    expect(dlg.destroyed).toBe(1);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });

  it('voicemail beep during the announcement → ANSWERING_MACHINE, playback broken, call ended', async () => {
    const { ms, ctx } = setup();
    ms.nextEndpoint = () => {
      const ep = new FakeEndpoint();
      ep.collectAnswers = [async () => { ep.custom.get('avmd::beep')?.({}); ep.custom.get('avmd::beep')?.({}); return { digits: '' }; }];
      return ep;
    };
    const r = await dialCustomer(ctx, request());
    expect(r.outcome).toBe('ANSWERING_MACHINE');
    expect(ms.endpoints[0]?.apis.some((a) => a.startsWith('uuid_break'))).toBe(true);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });

  // Issue 14: the wait for a digit ran on after the prompt was stopped. Here the collect never
  // returns by itself (and the per-call media budget is a minute), so only the detection can end it.
  for (const [what, fire, outcome] of [
    ['voicemail beep', (ep: FakeEndpoint) => ep.custom.get('avmd::beep')?.({}), 'ANSWERING_MACHINE'],
    ['fax CED tone', (ep: FakeEndpoint) => ep.emit('tone', { tone: 'CED_TONE' }), 'FAX'],
  ] as const) {
    it(`a ${what} ends the attempt at once, not when the digit wait gives up`, async () => {
      const { ms, ctx } = setup();
      ms.nextEndpoint = () => {
        const ep = new FakeEndpoint();
        ep.collectAnswers = [() => { setTimeout(() => fire(ep), 5); return new Promise(() => undefined); }];
        return ep;
      };
      const slow = { ...ctx, legTimeouts: { ...legTimeouts, perPromptMs: 60_000, confirmPromptMs: 60_000 } };
      const r = await dialCustomer(slow, request({ confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 2, timeoutMs: 60_000 } }));
      expect(r.outcome).toBe(outcome);
      expect(ms.endpoints[0]?.apis.some((a) => a.startsWith('uuid_break'))).toBe(true);
      expect(ms.endpoints[0]?.destroyed).toBe(1);
      expect(ms.endpoints[0]?.collected).toHaveLength(1);
    });
  }

  it('a far end that sends no media ends within one confirmation budget, not one per attempt', async () => {
    const { ms, ctx } = setup();
    ms.nextEndpoint = () => {
      const ep = new FakeEndpoint();
      ep.collectAnswers = [() => new Promise(() => undefined), () => new Promise(() => undefined)];
      return ep;
    };
    // Each playCollect alone would be allowed a minute; the whole dialogue 2 × (20 + 10) + 2000 ms.
    const slow = { ...ctx, legTimeouts: { ...legTimeouts, perPromptMs: 60_000, confirmPromptMs: 10 } };
    const r = await dialCustomer(slow, request());
    expect(r).toMatchObject({ outcome: 'NO_CONFIRM', sipCode: 200 });
    expect((r as { detail?: string }).detail).toMatch(/no media/);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });

  it('customer hangs up during the announcement → NO_CONFIRM', async () => {
    const { srf, ctx } = setup();
    const dlg = new FakeDialog();
    srf.script = ({ resolve }) => resolve(dlg);
    setTimeout(() => dlg.emit('destroy'), 10);
    const r = await dialCustomer(ctx, request({ confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 3, timeoutMs: 1000 } }));
    expect(r.outcome).toBe('NO_CONFIRM');
  });

  it('a media server that never creates the endpoint is a NETWORK_ERROR, not a hang', async () => {
    const { ms, ctx } = setup();
    ms.createEndpoint = () => new Promise(() => undefined);
    // The 8 s race only stops a hang from blocking the suite; the outcome says the 50 ms timeout fired.
    const r = await Promise.race([dialCustomer({ ...ctx, createEndpointTimeoutMs: 50 }, request()), sleep(8000).then(() => ({ outcome: 'HUNG' }))]);
    expect(r.outcome).toBe('NETWORK_ERROR');
  });
});

describe('dialAgent', () => {
  it('RONA: our ring timer cancels and the agent outcome is NO_ANSWER', async () => {
    const { srf, ms, ctx } = setup();
    srf.script = ({ req, reject }) => req.once('cancel-sent', () => reject(new SipError(487)));
    const r = await dialAgent(ctx, { callId: 'a1', agentId: 'ann', sip: 'sip:ann@pbx', callerId: '+49', ringTimeoutMs: 20 });
    expect(r).toMatchObject({ outcome: 'NO_ANSWER', detail: 'RONA' });
    expect(ms.endpoints[0]?.destroyed).toBe(1);
    expect(srf.uacs[0]?.uri).toBe('sip:ann@pbx');
  });
  it('answered agent hears the whisper; 486 is REJECTED', async () => {
    const { srf, ms, ctx } = setup();
    const r = await dialAgent(ctx, { callId: 'a1', agentId: 'ann', sip: 'sip:ann@pbx', callerId: '+49', ringTimeoutMs: 1000, whisper: { prompts: ['service_billing'], language: 'de' } });
    expect(r.outcome).toBe('ANSWERED');
    expect(ms.endpoints[0]?.played).toEqual([['/prompts/de/service_billing.wav']]);
    srf.script = ({ reject }) => reject(new SipError(486));
    expect((await dialAgent(ctx, { callId: 'a2', agentId: 'bob', sip: 'sip:bob@pbx', callerId: '+49', ringTimeoutMs: 1000 })).outcome).toBe('REJECTED');
  });
});
