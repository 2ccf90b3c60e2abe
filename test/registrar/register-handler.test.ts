/**
 * The drachtio REGISTER handler against drachtio-srf's own SipRequest/SipMessage (built from
 * raw SIP text, as drachtio-srf does for a message from the server) and a response fake with
 * Response#send's signature, over the real registrar and a real SQLite file.
 */
import { join } from 'node:path';
import Srf from 'drachtio-srf';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { aorUser, registerHandler } from '../../src/adapters/telephony/drachtio/register-handler.js';
import type { SipRequestLike, SipResponseLike } from '../../src/adapters/telephony/drachtio/types.js';
import { PhoneRegistrar } from '../../src/app/registrar/registrar.js';
import { expectedResponse, ha1Of } from '../../src/domain/sip/digest.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { tempDir } from '../../src/testing/test-config.js';

const SrfClasses = Srf as unknown as { SipRequest: new (m: unknown, meta: unknown) => SipRequestLike; SipMessage: new (raw: string) => unknown };
const REALM = 'holdless.test';
const silent = { info: () => undefined, warn: () => undefined };

function sipRequest(headers: Record<string, string>, source = '10.0.0.5'): SipRequestLike {
  const lines = [
    'REGISTER sip:holdless.test SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK776', 'From: <sip:alice@holdless.test>;tag=a1',
    'To: <sip:alice@holdless.test>', 'Call-ID: reg-1@10.0.0.5', 'Max-Forwards: 70', 'User-Agent: Yealink T54W',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Content-Length: 0', '', '',
  ];
  return new SrfClasses.SipRequest(new SrfClasses.SipMessage(lines.join('\r\n')), {
    source: 'network', address: source, port: '5062', protocol: 'udp', time: '12:00:00', transactionId: 'txn-1',
  });
}

/** Records what drachtio-srf's Response#send(status, [reason], [opts]) was given. */
class RecordingResponse implements SipResponseLike {
  sent?: { status: number; reason?: string; headers: Record<string, string> };
  done: Promise<void>;
  private finish!: () => void;
  constructor() { this.done = new Promise((r) => { this.finish = r; }); }
  send(status: number, reasonOrOpts?: unknown, opts?: unknown): void {
    const reason = typeof reasonOrOpts === 'string' ? reasonOrOpts : undefined;
    const o = (typeof reasonOrOpts === 'object' ? reasonOrOpts : opts) as { headers?: Record<string, string> } | undefined;
    this.sent = { status, reason, headers: o?.headers ?? {} };
    this.finish();
  }
}

let store: SqliteStore | undefined;
afterEach(() => store?.close());

function handler() {
  store = createSqliteStore(join(tempDir(), 'h.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
  const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
  const registrar = new PhoneRegistrar({
    store, clock, nonceSecret: 'k', log: silent,
    agents: [{ id: 'alice', name: 'Alice', sip: 'sip:alice@holdless.test', skills: {}, groups: [], phone: { username: 'alice', ha1: ha1Of('MD5', 'alice', REALM, 'pw') } }],
  }, { realm: REALM, nonceTtlSeconds: 300, expiry: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 }, limits: { maxFailuresPerSource: 10, maxFailuresPerUser: 2, windowMs: 60_000, blockMs: 60_000 } });
  const handle = registerHandler(registrar, silent);
  return async (headers: Record<string, string>) => {
    const res = new RecordingResponse();
    handle(sipRequest(headers), res);
    await res.done;
    return res.sent!;
  };
}

function authorization(wwwAuthenticate: string, password: string): string {
  const nonce = /nonce="([^"]+)"/.exec(wwwAuthenticate)![1]!;
  const c = { nonce, uri: 'sip:holdless.test', algorithm: 'MD5' as const, qop: 'auth', nc: '00000001', cnonce: 'x1' };
  return `Digest username="alice",realm="${REALM}",nonce="${nonce}",uri="sip:holdless.test",response="${expectedResponse(c, ha1Of('MD5', 'alice', REALM, password), 'REGISTER')}",algorithm=MD5,cnonce="x1",qop=auth,nc=00000001`;
}

describe('drachtio REGISTER handler', () => {
  it('challenges with one WWW-Authenticate, then binds both contacts and lists them with their expiry', async () => {
    const send = handler();
    const contact = '<sip:alice@10.0.0.5:5062;transport=udp>;expires=120, <sip:alice@10.0.0.6>';
    const first = await send({ CSeq: '1 REGISTER', Contact: contact, Expires: '300' });
    expect(first.status).toBe(401);
    expect(first.headers['WWW-Authenticate']).toMatch(/^Digest realm="holdless.test", nonce="[^"]+", algorithm=MD5, qop="auth"$/);
    const ok = await send({ CSeq: '2 REGISTER', Contact: contact, Expires: '300', Authorization: authorization(first.headers['WWW-Authenticate']!, 'pw') });
    expect(ok).toEqual({ status: 200, reason: undefined, headers: { Contact: expect.stringMatching(/^<sip:alice@10\.0\.0\.[56].*>;expires=(120|300), <sip:alice@10\.0\.0\.[56].*>;expires=(120|300)$/) } });
    const rows = await store!.read(async (tx) => await tx.phoneBindings.forAgent('alice'));
    expect(rows.map((r) => [r.contact, r.source, r.userAgent]).sort()).toEqual([
      ['sip:alice@10.0.0.5:5062;transport=udp', '10.0.0.5:5062', 'Yealink T54W'], ['sip:alice@10.0.0.6', '10.0.0.5:5062', 'Yealink T54W'],
    ]);
  });

  it('answers 423 with Min-Expires, 403 to a wrong password, then 429 with Retry-After', async () => {
    const send = handler();
    const ch = (await send({ CSeq: '1 REGISTER', Contact: '<sip:alice@10.0.0.5>', Expires: '30' })).headers['WWW-Authenticate']!;
    expect(await send({ CSeq: '2 REGISTER', Contact: '<sip:alice@10.0.0.5>', Expires: '30', Authorization: authorization(ch, 'pw') }))
      .toEqual({ status: 423, reason: 'Interval Too Brief', headers: { 'Min-Expires': '60' } });
    const bad = (p: string, cseq: number) => send({ CSeq: `${cseq} REGISTER`, Contact: '<sip:alice@10.0.0.5>', Authorization: authorization(ch, p).replace('nc=00000001', `nc=0000000${cseq}`) });
    expect((await bad('nope', 3)).status).toBe(403);
    expect((await bad('nope', 4)).status).toBe(403);
    expect(await bad('pw', 5)).toEqual({ status: 429, reason: 'Too Many Requests', headers: { 'Retry-After': '60' } });
  });

  it('answers 400 to a REGISTER without a CSeq number, and reads the AOR user from To', async () => {
    const send = handler();
    expect((await send({ CSeq: 'REGISTER' })).status).toBe(400);
    expect(aorUser('"Alice" <sips:alice%2B1@pbx.example:5061>;tag=9')).toBe('alice+1');
    expect(aorUser('<tel:+4930>')).toBeUndefined();
  });
});
