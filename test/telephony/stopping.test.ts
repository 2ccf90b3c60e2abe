import { describe, expect, it } from 'vitest';
import type { TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import { dialCustomer } from '../../src/adapters/telephony/drachtio/dial-customer.js';
import { DrachtioCallControl } from '../../src/adapters/telephony/drachtio/drachtio-call-control.js';
import type { SipRequestLike, SipResponseLike } from '../../src/adapters/telephony/drachtio/types.js';
import { FakeInviteRequest, FakeMediaServer, FakeResponse, FakeSrf, SipError } from './fakes.js';

const log = { info: () => undefined, warn: () => undefined };
const promptPath = (l: string, k: string) => `/p/${l}/${k}.wav`;

class InviteSrf extends FakeSrf {
  handler?: (req: SipRequestLike, res: SipResponseLike) => void;
  override invite(h?: (req: SipRequestLike, res: SipResponseLike) => void) { this.handler = h; }
}

describe('drachtio driver during a graceful stop', () => {
  it('answers new INVITEs with 503 (the trunk fails over) and never runs the flow for them', async () => {
    const srf = new InviteSrf();
    const conn = { srf, ms: new FakeMediaServer(), signalling: 'up', media: 'up', start: async () => undefined } as unknown as TelephonyConnections;
    const cc = new DrachtioCallControl(conn, { mediaPromptsDir: '/p', trunk: { host: 'trunk' } }, log);
    let flows = 0;
    cc.onInboundCall(async () => { flows++; });
    await cc.start();
    cc.stopAccepting();
    const res = new FakeResponse();
    srf.handler!(new FakeInviteRequest(), res);
    expect(res.sent).toEqual([503]);
    expect(flows).toBe(0);
  });

  it('a ringing customer dial is cancelled when holdless stops; the outcome says so', async () => {
    const srf = new FakeSrf();
    const ms = new FakeMediaServer();
    srf.script = ({ req, reject }) => req.once('cancel-sent', () => reject(new SipError(487)));
    const stop = new AbortController();
    const dialling = dialCustomer({ srf, ms, promptPath, uriFor: (n) => `sip:${n}@trunk`, toneDescriptor: '49' }, {
      callId: 'c1', to: '+4930111', callerId: '+4930999', ringTimeoutMs: 60_000, language: 'en', detectAnsweringMachine: true,
      confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 2, timeoutMs: 5_000 }, signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    expect(await dialling).toMatchObject({ outcome: 'NO_ANSWER', sipCode: 487, detail: 'cancelled: holdless is stopping' });
    expect(srf.uacs[0]?.req.canceled).toBe(1);
    expect(ms.endpoints[0]?.destroyed).toBe(1);
  });
});
