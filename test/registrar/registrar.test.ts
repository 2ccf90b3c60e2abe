/** The registrar use case against a real SQLite file and a fake clock (no drachtio). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { PhoneRegistrar, type RegisterRequest } from '../../src/app/registrar/registrar.js';
import { expectedResponse, ha1Of, type DigestAlgorithm } from '../../src/domain/sip/digest.js';
import type { AgentDef } from '../../src/domain/model.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { tempDir } from '../../src/testing/test-config.js';

const REALM = 'holdless.test';
const agents: AgentDef[] = [
  { id: 'alice', name: 'Alice', sip: 'sip:alice@holdless.test', skills: {}, groups: [], phone: { username: 'alice', ha1: ha1Of('MD5', 'alice', REALM, 's3cret'), ha1Sha256: ha1Of('SHA-256', 'alice', REALM, 's3cret') } },
  { id: 'bob', name: 'Bob', sip: 'sip:bob@10.1.1.1', skills: {}, groups: [] },
];
const settings = {
  realm: REALM, nonceTtlSeconds: 300,
  expiry: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 },
  limits: { maxFailuresPerSource: 5, maxFailuresPerUser: 3, windowMs: 60_000, blockMs: 300_000 },
};
const logs: { level: string; o: object; m?: string }[] = [];
const log = { info: (o: object, m?: string) => logs.push({ level: 'info', o, m }), warn: (o: object, m?: string) => logs.push({ level: 'warn', o, m }) };

let stores: SqliteStore[] = [];
afterEach(async () => { await Promise.all(stores.map((s) => s.close())); stores = []; logs.length = 0; });

function setup(path = join(tempDir(), 'h.db'), clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'))) {
  const store = createSqliteStore(path, { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
  stores.push(store);
  return { store, clock, path, registrar: new PhoneRegistrar({ store, clock, agents, nonceSecret: 'k1', log }, settings) };
}

/** What a phone does: REGISTER, read the challenge, answer it with the password. */
function answer(challenge: string, password: string, opts: { algorithm?: DigestAlgorithm; nc?: string; user?: string } = {}): string {
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const algorithm = opts.algorithm ?? 'MD5';
  const user = opts.user ?? 'alice';
  const c = { nonce, uri: `sip:${REALM}`, algorithm, qop: 'auth', nc: opts.nc ?? '00000001', cnonce: 'abc' };
  const response = expectedResponse(c, ha1Of(algorithm, user, REALM, password), 'REGISTER');
  return `Digest username="${user}", realm="${REALM}", nonce="${nonce}", uri="${c.uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=${c.nc}, cnonce="abc"`;
}
const req = (over: Partial<RegisterRequest> = {}): RegisterRequest => ({
  sourceIp: '10.0.0.5', sourcePort: 5062, aorUser: 'alice', contact: ['<sip:alice@10.0.0.5:5062>'], expires: 300, callId: 'call-1', cseq: 1, ...over,
});

async function registered(r: PhoneRegistrar, over: Partial<RegisterRequest> = {}, algorithm: DigestAlgorithm = 'MD5') {
  const first = await r.register(req(over));
  if (first.status !== 401) throw new Error(`expected a challenge, got ${first.status}`);
  const challenge = first.challenges.find((h) => h.includes(`algorithm=${algorithm}`))!;
  return r.register(req({ ...over, cseq: (over.cseq ?? 1) + 1, authorization: answer(challenge, 's3cret', { algorithm }) }));
}

describe('PhoneRegistrar', () => {
  it('challenges, accepts the right password (MD5 and SHA-256) and stores the binding durably', async () => {
    const { registrar, clock, path } = setup();
    const first = await registrar.register(req());
    expect(first.status).toBe(401);
    expect(first.status === 401 && first.challenges.map((h) => /algorithm=([\w-]+)/.exec(h)![1])).toEqual(['MD5', 'SHA-256']);
    expect(await registered(registrar, {}, 'SHA-256')).toEqual({ status: 200, contacts: [{ uri: 'sip:alice@10.0.0.5:5062', expiresSeconds: 300 }] });
    expect(registrar.contactFor(agents[0]!, clock.now())).toBe('sip:alice@10.0.0.5:5062');
    await stores[0]!.close(); stores = [];
    const again = setup(path, clock); // "restart": a new registrar (new nonce secret is fine) on the same file
    await again.registrar.load();
    expect(again.registrar.status(agents[0]!, clock.now())).toMatchObject({ mode: 'register', registered: true, contact: 'sip:alice@10.0.0.5:5062' });
    const events = (await again.store.read(async (tx) => await tx.events.between(0, clock.now() + 1))).map((e) => e.type);
    expect(events).toEqual(['PHONE_REGISTERED']);
  });

  it('refuses a wrong password with 403, and never binds', async () => {
    const { registrar, clock } = setup();
    const c = await registrar.register(req());
    const wrong = await registrar.register(req({ cseq: 2, authorization: answer(c.status === 401 ? c.challenges[0]! : '', 'guess') }));
    expect(wrong).toEqual({ status: 403, reason: 'Forbidden' });
    expect(registrar.status(agents[0]!, clock.now()).registered).toBe(false);
    expect(logs.some((l) => l.level === 'warn' && (l.o as { why?: string }).why === 'wrong response (password)')).toBe(true);
  });

  it('refreshes, expires, and un-registers with Expires: 0 and Contact: *', async () => {
    const { registrar, clock, store } = setup();
    await registered(registrar);
    clock.advance(200_000);
    expect((await registered(registrar, { callId: 'call-1', cseq: 3 })).status).toBe(200); // refresh: 300 s from now
    clock.advance(200_000);
    expect(registrar.status(agents[0]!, clock.now()).registered).toBe(true);
    clock.advance(101_000);
    expect(registrar.contactFor(agents[0]!, clock.now())).toBeUndefined(); // expired
    expect(await registrar.expire(clock.now())).toBe(1);
    await registered(registrar, { callId: 'call-2', cseq: 10 });
    const bye = await registered(registrar, { callId: 'call-2', cseq: 12, contact: ['*'], expires: 0 });
    expect(bye).toEqual({ status: 200, contacts: [] });
    const types = (await store.read(async (tx) => await tx.events.between(0, clock.now() + 1))).map((e) => `${e.type}:${(e.data as { why?: string })?.why ?? ''}`);
    expect(types).toEqual(['PHONE_REGISTERED:', 'PHONE_UNREGISTERED:expired', 'PHONE_REGISTERED:', 'PHONE_UNREGISTERED:unregistered']);
  });

  it('answers 423 below the minimum, stale=true for an old nonce, and refuses a replayed nc', async () => {
    const { registrar, clock } = setup();
    expect((await registered(registrar, { expires: 10 }))).toEqual({ status: 423, minExpires: 60 });
    const c = await registrar.register(req());
    const challenge = c.status === 401 ? c.challenges[0]! : '';
    clock.advance(301_000);
    const late = await registrar.register(req({ cseq: 2, authorization: answer(challenge, 's3cret') }));
    expect(late.status === 401 && late.challenges[0]).toContain('stale=true');
    const fresh = late.status === 401 ? late.challenges[0]! : '';
    expect((await registrar.register(req({ cseq: 3, authorization: answer(fresh, 's3cret') }))).status).toBe(200);
    expect((await registrar.register(req({ cseq: 4, authorization: answer(fresh, 's3cret') }))).status).toBe(403); // same nc again
    expect((await registrar.register(req({ cseq: 5, authorization: answer(fresh, 's3cret', { nc: '00000002' }) }))).status).toBe(200);
  });

  it('rate-limits per username and per source with 429, and checks no credentials while blocked', async () => {
    const { registrar, clock } = setup();
    const c = await registrar.register(req());
    const ch = c.status === 401 ? c.challenges[0]! : '';
    for (let i = 0; i < 3; i++) expect((await registrar.register(req({ cseq: i + 2, authorization: answer(ch, `guess${i}`, { nc: `0000000${i + 1}` }) }))).status).toBe(403);
    const blocked = await registrar.register(req({ cseq: 9, authorization: answer(ch, 's3cret', { nc: '00000009' }) }));
    expect(blocked).toMatchObject({ status: 429, by: 'username', retryAfterSeconds: 300 });
    // Another source trying an unknown name is limited by source after 5 failures.
    for (let i = 0; i < 5; i++) await registrar.register(req({ sourceIp: '203.0.113.9', aorUser: `u${i}`, authorization: answer(ch, 'x', { user: `u${i}` }) }));
    expect(await registrar.register(req({ sourceIp: '203.0.113.9', aorUser: 'bob' }))).toMatchObject({ status: 429, by: 'source' });
    clock.advance(300_001);
    expect((await registered(registrar, { cseq: 20 })).status).toBe(200);
  });

  it('static agents need no registration; an unknown username gets the same challenge as a known one', async () => {
    const { registrar, clock } = setup();
    expect(registrar.mustRegister('bob')).toBe(false);
    expect(registrar.status(agents[1]!, clock.now())).toEqual({ mode: 'static', registered: true, contact: 'sip:bob@10.1.1.1', expiresAt: null });
    const unknown = await registrar.register(req({ aorUser: 'mallory' }));
    expect(unknown.status).toBe(401);
    expect(unknown.status === 401 && unknown.challenges.length).toBe(2);
  });
});
