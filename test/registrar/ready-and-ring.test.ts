/** The app with a registering agent phone: Ready refused until it registers, then rung at its contact. */
import { afterEach, describe, expect, it } from 'vitest';
import type { PhoneRegistrar } from '../../src/app/registrar/registrar.js';
import { expectedResponse, ha1Of } from '../../src/domain/sip/digest.js';
import { harness, harnessConfig, settle, type Harness } from '../dialer/harness.js';
import { bearerOf, signIn } from '../access/sign-in.js';

let h: Harness;
afterEach(async () => { await h?.close(); });
const admin = { authorization: 'Bearer admin-secret' };

function config() {
  const c = harnessConfig();
  c.agents = c.agents.map((a) => (a.id === 'alice' ? { ...a, sip: 'sip:alice@holdless', phone: { username: 'alice', ha1: ha1Of('MD5', 'alice', 'holdless', 'pw') } } : a));
  return c;
}

async function registerAlice(r: PhoneRegistrar, expires = 300) {
  const base = { sourceIp: '10.0.0.5', sourcePort: 5062, aorUser: 'alice', contact: ['<sip:alice@10.0.0.5:5062>'], expires, callId: 'reg', cseq: 1 };
  const ch = await r.register(base);
  if (ch.status !== 401) throw new Error('no challenge');
  const nonce = /nonce="([^"]+)"/.exec(ch.challenges[0]!)![1]!;
  const c = { nonce, uri: 'sip:holdless', algorithm: 'MD5' as const, qop: 'auth', nc: '00000001', cnonce: 'q' };
  const response = expectedResponse(c, ha1Of('MD5', 'alice', 'holdless', 'pw'), 'REGISTER');
  return r.register({ ...base, cseq: 2, authorization: `Digest username="alice", realm="holdless", nonce="${nonce}", uri="sip:holdless", response="${response}", qop=auth, nc=00000001, cnonce="q"` });
}

describe('agent phones that register', () => {
  it('refuses Ready with 409 PHONE_NOT_REGISTERED until the phone registers; then rings the registered contact', async () => {
    h = await harness({ config: config() });
    const http = h.app.parts.http;
    const auth = bearerOf(await signIn(http, 'alice')); // alice's own session
    const refused = await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth, payload: { state: 'READY' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PHONE_NOT_REGISTERED', message: expect.stringContaining('not registered') });
    const before = (await http.inject({ method: 'GET', url: '/v1/agents/alice', headers: auth })).json();
    expect(before.phone).toEqual({ mode: 'register', registered: false, contact: null, expiresAt: null });
    expect(before.state.name).toBe('LOGGED_OUT');

    expect((await registerAlice(h.app.parts.ctx.phones as PhoneRegistrar)).status).toBe(200);
    const ok = await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth, payload: { state: 'READY' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().phone).toMatchObject({ mode: 'register', registered: true, contact: 'sip:alice@10.0.0.5:5062', expiresAt: new Date(h.clock.now() + 300_000).toISOString() });

    await h.request();
    await h.tick();
    await settle();
    expect(h.tel.agentDials.map((d) => [d.agentId, d.sip])).toEqual([['alice', 'sip:alice@10.0.0.5:5062']]);

    const summary = (await http.inject({ method: 'GET', url: '/v1/supervisor/summary', headers: admin })).json();
    const phones = Object.fromEntries(summary.agents.list.map((a: { id: string; phone: unknown }) => [a.id, a.phone]));
    expect(phones).toEqual({
      alice: expect.objectContaining({ mode: 'register', registered: true }),
      bob: { mode: 'static', registered: true, contact: 'sip:bob@127.0.0.1', expiresAt: null },
    });
  });

  it('a binding that expires while Ready is not rung: the agent goes RONA instead of a dead contact', async () => {
    h = await harness({ config: config() });
    await registerAlice(h.app.parts.ctx.phones as PhoneRegistrar, 60);
    h.ready('alice');
    h.clock.advance(61_000);
    await h.request();
    await h.tick();
    await settle();
    expect(h.tel.agentDials.filter((d) => d.agentId === 'alice')).toEqual([]);
    expect(h.q.board.state('alice')).toMatchObject({ name: 'NOT_READY', reason: 'RONA' });
  });
});
