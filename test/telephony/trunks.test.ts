/** Carrier trunks: failover order and rules, digest credentials, caller identity, inbound allowlist. */
import { describe, expect, it } from 'vitest';
import type { TrunkConfig } from '../../src/adapters/config/types.js';
import { dialCustomer } from '../../src/adapters/telephony/drachtio/dial-customer.js';
import { InboundGate, identityHeaders, staticOrder } from '../../src/adapters/telephony/drachtio/trunks.js';
import type { DialCustomerRequest } from '../../src/app/ports/call-control.js';
import { failoverAfter } from '../../src/domain/sip/failover.js';
import { FakeDialog, FakeMediaServer, FakeSrf, SipError } from './fakes.js';

const trunk = (id: string, priority: number, over: Partial<TrunkConfig> = {}): TrunkConfig => ({
  id, host: `${id}.carrier.example`, priority, register: false, registerExpiresSeconds: 600, inboundAddresses: [], assertIdentity: false, ...over,
});
const request = (over: Partial<DialCustomerRequest> = {}): DialCustomerRequest => ({
  callId: 'c1', to: '+4930111222', callerId: '+4930999', callerName: 'Northwind Billing', ringTimeoutMs: 200, language: 'en',
  confirmation: { prompts: ['confirm_callback'], digit: '1', attempts: 1, timeoutMs: 20 }, detectAnsweringMachine: false, ...over,
});
function setup(trunks: TrunkConfig[], answers: ((ctl: Parameters<FakeSrf['script']>[0]) => void)[]) {
  const srf = new FakeSrf();
  const ms = new FakeMediaServer();
  let n = 0;
  srf.script = (ctl) => answers[Math.min(n++, answers.length - 1)]!(ctl);
  const ctx = {
    srf, ms, promptPath: (l: string, k: string) => `/p/${l}/${k}.wav`, uriFor: () => 'unused', toneDescriptor: '1',
    legTimeouts: { perPromptMs: 50, marginMs: 50, cleanupMs: 50 }, trunks: staticOrder(trunks),
  };
  return { srf, ms, ctx };
}
const reject = (status: number) => ({ reject }: { reject: (e: unknown) => void }) => reject(new SipError(status));

describe('failoverAfter', () => {
  it.each([
    [{ sipCode: 503, ringTimeout: false, provisional: true }, true],
    [{ sipCode: 500, ringTimeout: false, provisional: false }, true],
    [{ sipCode: 408, ringTimeout: false, provisional: false }, true],
    [{ sipCode: undefined, ringTimeout: false, provisional: false }, true],
    [{ sipCode: 408, ringTimeout: false, provisional: true }, false], // rang, then timed out at the far end
    [{ sipCode: 486, ringTimeout: false, provisional: true }, false],
    [{ sipCode: 603, ringTimeout: false, provisional: true }, false],
    [{ sipCode: 404, ringTimeout: false, provisional: false }, false],
    [{ sipCode: 487, ringTimeout: true, provisional: true }, false],
    [{ sipCode: 503, ringTimeout: false, provisional: true, tone: 'SIT' }, false],
  ])('%o → %s', (f, expected) => expect(failoverAfter(f)).toBe(expected));
});

describe('outbound INVITEs over trunks', () => {
  it('tries trunks by priority and moves on after a 503; the second one answers', async () => {
    const { srf, ctx } = setup([trunk('backup', 2), trunk('main', 1, { auth: { username: 'acct', password: 'pw' } })], [
      reject(503), ({ resolve }) => resolve(new FakeDialog()),
    ]);
    const r = await dialCustomer(ctx, request());
    expect(srf.uacs.map((u) => u.uri)).toEqual(['sip:+4930111222@main.carrier.example', 'sip:+4930111222@backup.carrier.example']);
    expect(srf.uacs[0]!.opts).toMatchObject({ auth: { username: 'acct', password: 'pw' }, callingNumber: '+4930999', callingName: 'Northwind Billing' });
    expect(srf.uacs[1]!.opts.auth).toBeUndefined();
    expect(r.outcome).toBe('NO_CONFIRM'); // answered on the backup, nobody pressed 1
  });

  it('never tries another trunk after the customer answered 486 or 603', async () => {
    for (const [status, outcome] of [[486, 'BUSY'], [603, 'REJECTED']] as const) {
      const { srf, ms, ctx } = setup([trunk('main', 1), trunk('backup', 2)], [reject(status)]);
      expect(await dialCustomer(ctx, request())).toMatchObject({ outcome, sipCode: status });
      expect(srf.uacs).toHaveLength(1);
      expect(ms.endpoints.every((e) => e.destroyed === 1)).toBe(true);
    }
  });

  it('when every trunk fails the last failure is the outcome, and every endpoint is destroyed', async () => {
    const { srf, ms, ctx } = setup([trunk('a', 1), trunk('b', 2)], [reject(500), reject(503)]);
    expect(await dialCustomer(ctx, request())).toMatchObject({ outcome: 'NETWORK_ERROR', sipCode: 503 });
    expect(srf.uacs).toHaveLength(2);
    expect(ms.endpoints.map((e) => e.destroyed)).toEqual([1, 1]);
  });

  it('P-Asserted-Identity only where the trunk asserts it, with the display name', () => {
    expect(identityHeaders(trunk('a', 1), '+4930999', 'X')).toEqual({});
    expect(identityHeaders(trunk('a', 1, { assertIdentity: true, host: 'sip.carrier.example:5060' }), '+4930999', 'Northwind "Billing"'))
      .toEqual({ 'P-Asserted-Identity': '"Northwind Billing" <sip:+4930999@sip.carrier.example:5060>' });
  });
});

describe('InboundGate', () => {
  it('admits only the trunks\' IPs and CIDRs (IPv4 and IPv6)', () => {
    const gate = new InboundGate([trunk('a', 1, { inboundAddresses: ['192.0.2.0/24'] }), trunk('b', 2, { inboundAddresses: ['198.51.100.7', '2001:db8::/32'] })]);
    expect(['192.0.2.77', '198.51.100.7', '2001:db8::5'].map((a) => gate.admits(a))).toEqual([true, true, true]);
    expect(['192.0.3.1', '198.51.100.8', '2001:db9::1', '', 'not-an-ip', undefined].map((a) => gate.admits(a))).toEqual([false, false, false, false, false, false]);
  });

  it('admits everyone when no trunk lists an address, and says so', () => {
    const warned: string[] = [];
    const gate = new InboundGate([trunk('a', 1)], { info: () => undefined, warn: (_o, m) => warned.push(String(m)) });
    expect(gate.admits('203.0.113.1')).toBe(true);
    expect(warned[0]).toMatch(/accepted from any source/);
  });
});
