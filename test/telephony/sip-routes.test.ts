/**
 * What DrachtioCallControl answers before any flow runs: REGISTER goes to the registrar,
 * an INVITE from an address no trunk lists gets 403 without the IVR, OPTIONS gets 200.
 * drachtio-srf's own SipRequest objects (parsed from raw SIP) stand in for the server's.
 */
import Srf from 'drachtio-srf';
import { afterEach, describe, expect, it } from 'vitest';
import { TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import { DrachtioCallControl } from '../../src/adapters/telephony/drachtio/drachtio-call-control.js';
import type { SipRequestLike, SipResponseLike } from '../../src/adapters/telephony/drachtio/types.js';
import type { RegisterRequest } from '../../src/app/registrar/registrar.js';
import { FakeMediaServer, FakeResponse, FakeSrf } from './fakes.js';

type Handler = (req: SipRequestLike, res: SipResponseLike) => void;
class RoutingSrf extends FakeSrf {
  handlers: Record<string, Handler> = {};
  override invite(h?: Handler) { if (h) this.handlers['invite'] = h; }
  override options(h?: Handler) { if (h) this.handlers['options'] = h; }
  override register(h?: Handler) { if (h) this.handlers['register'] = h; }
}
const SrfClasses = Srf as unknown as { SipRequest: new (m: unknown, meta: unknown) => SipRequestLike; SipMessage: new (raw: string) => unknown };
function request(method: string, source: string, extra: string[] = []): SipRequestLike {
  const raw = [
    `${method} sip:+4930999@holdless.example SIP/2.0`, `Via: SIP/2.0/UDP ${source}:5060;branch=z9hG4bK1`, 'From: <sip:+4930111@carrier>;tag=1',
    'To: <sip:alice@holdless.example>', 'Call-ID: c1', `CSeq: 1 ${method}`, ...extra, 'Content-Length: 0', '', '',
  ].join('\r\n');
  return new SrfClasses.SipRequest(new SrfClasses.SipMessage(raw), { source: 'network', address: source, port: '5060', protocol: 'udp', transactionId: 't' });
}
const silent = { info: () => undefined, warn: () => undefined };

let stop: (() => Promise<void>) | undefined;
afterEach(async () => { await stop?.(); stop = undefined; });

async function started(registered: RegisterRequest[]) {
  const srf = new RoutingSrf();
  const ms = new FakeMediaServer();
  const conn = new TelephonyConnections(srf, { connect: async () => ms }, {
    drachtio: { host: '127.0.0.1', port: 9022, secret: 'real-secret' }, mediaServer: { host: '127.0.0.1', port: 8021, secret: 'real-secret' },
    allowDefaultSecrets: false, maxBackoffMs: 100, heartbeatMs: 60_000, heartbeatTimeoutMs: 100,
  }, silent);
  const cc = new DrachtioCallControl(conn, {
    mediaPromptsDir: '/p', trunk: { host: 'unused' },
    trunks: [{ id: 'carrier', host: 'sip.carrier.example', priority: 1, register: false, registerExpiresSeconds: 600, inboundAddresses: ['192.0.2.0/24'], assertIdentity: false }],
    registrar: { register: async (r) => { registered.push(r); return { status: 401, challenges: ['Digest realm="x", nonce="n", algorithm=MD5, qop="auth"'] }; } },
  }, silent);
  const flows: string[] = [];
  cc.onInboundCall(async (call) => { flows.push(call.from); await call.reject(486); });
  await cc.start();
  stop = () => cc.stop();
  return { srf, flows };
}

describe('SIP requests answered by the drachtio driver', () => {
  it('an INVITE from outside the allowlist gets 403 and runs no flow; one from the trunk runs the flow', async () => {
    const { srf, flows } = await started([]);
    const res = new FakeResponse();
    srf.handlers['invite']!(request('INVITE', '203.0.113.66'), res);
    expect(res.sent).toEqual([403]);
    expect(flows).toEqual([]);
    const ok = new FakeResponse();
    srf.handlers['invite']!(request('INVITE', '192.0.2.10'), ok);
    await new Promise((r) => setTimeout(r, 10));
    expect(flows).toHaveLength(1);
    expect(ok.sent).toEqual([486]);
  });

  it('OPTIONS pings are answered 200', async () => {
    const { srf } = await started([]);
    const res = new FakeResponse();
    srf.handlers['options']!(request('OPTIONS', '192.0.2.10'), res);
    expect(res.sent).toEqual([200]);
  });

  it('REGISTER reaches the registrar with the source address, and its challenge is sent', async () => {
    const seen: RegisterRequest[] = [];
    const { srf } = await started(seen);
    const sent: { status: number; opts: unknown }[] = [];
    srf.handlers['register']!(request('REGISTER', '10.0.0.5', ['Contact: <sip:alice@10.0.0.5:5062>', 'Expires: 300']), {
      send: (status: number, opts?: unknown) => void sent.push({ status, opts }),
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen[0]).toMatchObject({ sourceIp: '10.0.0.5', sourcePort: 5060, aorUser: 'alice', contact: ['<sip:alice@10.0.0.5:5062>'], expires: 300, cseq: 1 });
    expect(sent).toEqual([{ status: 401, opts: { headers: { 'WWW-Authenticate': 'Digest realm="x", nonce="n", algorithm=MD5, qop="auth"' } } }]);
  });
});
