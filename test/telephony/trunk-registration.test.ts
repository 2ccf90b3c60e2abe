/** Outbound registration to a carrier: REGISTER with credentials, refresh, failure and order. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TrunkConfig } from '../../src/adapters/config/types.js';
import { grantedSeconds, refreshDelayMs, TrunkRegistrations } from '../../src/adapters/telephony/drachtio/trunk-registration.js';
import { FakeSrf } from './fakes.js';

class RegisteringSrf extends FakeSrf {
  sent: { uri: string; opts: Record<string, unknown> }[] = [];
  answers: (number | undefined)[] = [];
  override async request(uri?: string, opts?: unknown) {
    this.sent.push({ uri: uri!, opts: opts as Record<string, unknown> });
    const req = new EventEmitter() as EventEmitter & { get(): undefined; cancel(): void };
    const status = this.answers.shift();
    if (status !== undefined) {
      setImmediate(() => req.emit('response', { status, get: (h: string) => (h === 'Contact' ? '<sip:acct1@192.0.2.1>;expires=120' : undefined) }));
    }
    return req as never;
  }
}
class ManualTimers {
  pending: { fn: () => void; ms: number }[] = [];
  set = (fn: () => void, ms: number) => { const t = { fn, ms }; this.pending.push(t); return t; };
  clear = (h: unknown) => { this.pending = this.pending.filter((p) => p !== h); };
  fire(ms: number) { const t = this.pending.find((p) => p.ms === ms)!; this.clear(t); t.fn(); }
}
const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({
  id: 'carrier', host: 'sip.carrier.example:5060', priority: 1, auth: { username: 'acct1', password: 'pw' }, register: true,
  registerExpiresSeconds: 600, inboundAddresses: [], assertIdentity: false, ...over,
});
const silent = { info: () => undefined, warn: () => undefined };
const flush = () => new Promise((r) => setImmediate(r));

describe('carrier registration', () => {
  it('REGISTERs with the credentials, takes the granted expiry and refreshes at 80 %', async () => {
    const srf = new RegisteringSrf();
    srf.answers = [200, 200];
    const timers = new ManualTimers();
    const regs = new TrunkRegistrations(srf, [trunk(), trunk({ id: 'ip-only', register: false, priority: 2 })], silent, timers);
    regs.start();
    await flush(); await flush();
    expect(srf.sent[0]).toMatchObject({
      uri: 'sip:sip.carrier.example:5060',
      opts: { method: 'REGISTER', auth: { username: 'acct1', password: 'pw' }, headers: { To: '<sip:acct1@sip.carrier.example>', Expires: '600' } },
    });
    expect(regs.status()).toEqual([
      { id: 'carrier', registration: 'registered', expiresInSeconds: 120, lastStatus: 200 },
      { id: 'ip-only', registration: 'not-required' },
    ]);
    expect(timers.pending.map((p) => p.ms)).toEqual([refreshDelayMs(120)]);
    timers.fire(90_000); // 120 s granted: 30 s before it runs out
    await flush(); await flush();
    expect(srf.sent).toHaveLength(2);
    regs.stop();
  });

  it('a refused registration is failed, retried with backoff, and its trunk is tried last', async () => {
    const srf = new RegisteringSrf();
    srf.answers = [403];
    const timers = new ManualTimers();
    const regs = new TrunkRegistrations(srf, [trunk(), trunk({ id: 'backup', register: false, priority: 2 })], silent, timers);
    regs.start();
    await flush(); await flush();
    expect(regs.status()[0]).toEqual({ id: 'carrier', registration: 'failed', lastStatus: 403 });
    expect(regs.ordered().map((t) => t.id)).toEqual(['backup', 'carrier']);
    expect(timers.pending.map((p) => p.ms)).toEqual([5_000]);
    regs.stop();
    expect(timers.pending).toEqual([]);
  });

  it('reads the granted expiry from Contact, then Expires, else keeps what it asked', () => {
    const res = (h: Record<string, string>) => ({ get: (n: string) => h[n] });
    expect(grantedSeconds(res({ Contact: '<sip:a@b>;expires=300', Expires: '900' }), 600)).toBe(300);
    expect(grantedSeconds(res({ Expires: '900' }), 600)).toBe(900);
    expect(grantedSeconds(res({}), 600)).toBe(600);
    expect(refreshDelayMs(3600)).toBe(2_880_000);
    expect(refreshDelayMs(60)).toBe(30_000);
  });
});
