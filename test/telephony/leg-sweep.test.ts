import { describe, expect, it } from 'vitest';
import { dialCustomer } from '../../src/adapters/telephony/drachtio/dial-customer.js';
import { FsmrfLeg } from '../../src/adapters/telephony/drachtio/fsmrf-leg.js';
import { DrachtioInboundCall } from '../../src/adapters/telephony/drachtio/inbound-call.js';
import { FakeDialog, FakeEndpoint, FakeInviteRequest, FakeMediaServer, FakeResponse, FakeSrf } from './fakes.js';

const promptPath = (l: string, k: string) => `/p/${l}/${k}.wav`;
const t = { perPromptMs: 30, marginMs: 20, cleanupMs: 30, sweepMs: [0, 40], ackTimeoutMs: 40 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const never = <T>() => new Promise<T>(() => undefined);

describe('every FreeSWITCH leg holdless starts ends (issue 14: leaked legs under overload)', () => {
  it('connectCaller that never resolves: the channel is hung up by our leg id, now and again later', async () => {
    const ms = new FakeMediaServer();
    ms.connectCallerImpl = never;
    const res = new FakeResponse();
    const call = new DrachtioInboundCall(new FakeInviteRequest(), res, () => ms, promptPath, t, 20);
    await call.answer();
    expect(res.sent).toEqual([503]);
    expect(ms.connectCallerOpts[0]).toEqual({ headers: { 'X-Holdless-Leg': call.id } });
    const kill = `hupall NORMAL_CLEARING sip_h_X-Holdless-Leg ${call.id}`;
    expect(ms.apis).toEqual([kill]);
    await sleep(60);
    expect(ms.apis).toEqual([kill, kill]);
  });

  it('createEndpoint that never resolves for a customer dial: NETWORK_ERROR and the leg is hung up by id', async () => {
    const ms = new FakeMediaServer();
    ms.createEndpointImpl = never;
    const ctx = { srf: new FakeSrf(), ms, promptPath, uriFor: (n: string) => `sip:${n}@trunk`, toneDescriptor: '49', legTimeouts: t, createEndpointTimeoutMs: 20 };
    const r = await dialCustomer(ctx, {
      callId: 'call-7', to: '+4930111', callerId: '+4930999', ringTimeoutMs: 40, language: 'en', detectAnsweringMachine: false,
      confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 1, timeoutMs: 20 },
    });
    expect(r.outcome).toBe('NETWORK_ERROR');
    expect(ms.createEndpointOpts[0]).toEqual({ headers: { 'X-Holdless-Leg': 'call-7' } });
    expect(ms.apis).toContain('hupall NORMAL_CLEARING sip_h_X-Holdless-Leg call-7');
  });

  it('an endpoint whose destroy never completes is killed by uuid over the main event socket', async () => {
    const ms = new FakeMediaServer();
    const ep = new FakeEndpoint();
    ep.destroy = never;
    const leg = new FsmrfLeg('l1', ep, new FakeDialog(), promptPath, t, ms);
    await leg.hangup();
    expect(ms.apis).toEqual(['uuid_kill fs-uuid-1']);
  });

  it('an endpoint that destroys normally needs no kill', async () => {
    const ms = new FakeMediaServer();
    const ep = new FakeEndpoint();
    await new FsmrfLeg('l1', ep, new FakeDialog(), promptPath, t, ms).hangup();
    expect(ep.destroyed).toBe(1);
    expect(ms.apis).toEqual([]);
  });
});

describe('a caller whose ACK never arrives (issue 14)', () => {
  it('is treated as gone after the ACK timeout: the flow sees a hang-up and both halves are torn down', async () => {
    const ms = new FakeMediaServer();
    const endpoint = new FakeEndpoint();
    const dialog = new FakeDialog();
    ms.connectCallerImpl = async () => ({ endpoint, dialog });
    const call = new DrachtioInboundCall(new FakeInviteRequest(), new FakeResponse(), () => ms, promptPath, t);
    const causes: string[] = [];
    call.onHangup((c) => causes.push(c));
    await call.answer();
    expect(call.ended).toBe(false);
    await sleep(80);
    expect(call.ended).toBe(true);
    expect(causes).toEqual(['local']);
    expect(dialog.destroyed).toBe(1);
    expect(endpoint.destroyed).toBe(1);
  });

  it('an ACK in time keeps the call up', async () => {
    const ms = new FakeMediaServer();
    const dialog = new FakeDialog();
    ms.connectCallerImpl = async () => ({ endpoint: new FakeEndpoint(), dialog });
    const call = new DrachtioInboundCall(new FakeInviteRequest(), new FakeResponse(), () => ms, promptPath, t);
    await call.answer();
    dialog.emit('ack', {});
    await sleep(80);
    expect(call.ended).toBe(false);
    expect(dialog.destroyed).toBe(0);
  });
});
