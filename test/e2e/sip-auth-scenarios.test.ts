/**
 * The digest scenarios of the lane, checked without drachtio or FreeSWITCH (runs in CI when sipp
 * is installed): sipp's own digest implementation against ours (phone-register.xml against the
 * registrar behind a small UDP front standing in for drachtio-server), and the challenging trunk
 * (uas-challenge.xml) against a sipp caller that answers its 407, with the right and a wrong
 * password.
 */
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import Srf from 'drachtio-srf';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { registerHandler } from '../../src/adapters/telephony/drachtio/register-handler.js';
import type { SipRequestLike } from '../../src/adapters/telephony/drachtio/types.js';
import { PhoneRegistrar } from '../../src/app/registrar/registrar.js';
import { ha1Of } from '../../src/domain/sip/digest.js';
import { systemClock } from '../../src/adapters/system/clock.js';
import { tempDir } from '../../src/testing/test-config.js';
import { rtpFile, scenarioFile, sipp } from './harness.js';
import { challengingTrunk, trunkCredentialsValid } from './auth-helpers.js';

const SrfClasses = Srf as unknown as { SipRequest: new (m: unknown, meta: unknown) => SipRequestLike; SipMessage: new (raw: string) => unknown };
const REALM = 'holdless.test';
const silent = { info: () => undefined, warn: () => undefined };
const hasSipp = !spawnSync('sipp', ['-v']).error;

/** A UDP SIP front for the registrar: parses with drachtio-srf's SipMessage, answers like drachtio would. */
function udpRegistrar(port: number, store: SqliteStore): Promise<Socket> {
  const registrar = new PhoneRegistrar({
    store, clock: systemClock, nonceSecret: 'ci', log: silent,
    agents: [{ id: 'alice', name: 'Alice', sip: 'sip:alice@holdless.test', skills: {}, groups: [], phone: { username: 'alice', ha1: ha1Of('MD5', 'alice', REALM, 'desk-pw') } }],
  }, { realm: REALM, nonceTtlSeconds: 60, expiry: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 }, limits: { maxFailuresPerSource: 50, maxFailuresPerUser: 50, windowMs: 60_000, blockMs: 60_000 } });
  const handle = registerHandler(registrar, silent);
  const sock = createSocket('udp4');
  sock.on('message', (buf, rinfo) => {
    const req = new SrfClasses.SipRequest(new SrfClasses.SipMessage(buf.toString()), { source: 'network', address: rinfo.address, port: String(rinfo.port), protocol: 'udp', transactionId: 't' });
    handle(req, {
      send: (status: number, reasonOrOpts?: unknown, maybeOpts?: unknown) => {
        const opts = (typeof reasonOrOpts === 'object' ? reasonOrOpts : maybeOpts) as { headers?: Record<string, string> } | undefined;
        const to = req.get('To')!;
        const lines = [`SIP/2.0 ${status} ${typeof reasonOrOpts === 'string' ? reasonOrOpts : 'Answer'}`, `Via: ${req.get('Via')}`, `From: ${req.get('From')}`,
          `To: ${to.includes('tag=') ? to : `${to};tag=reg1`}`, `Call-ID: ${req.get('Call-ID')}`, `CSeq: ${req.get('CSeq')}`,
          ...Object.entries(opts?.headers ?? {}).map(([k, v]) => `${k}: ${v}`), 'Content-Length: 0', '', ''];
        sock.send(lines.join('\r\n'), rinfo.port, rinfo.address);
      },
    });
  });
  return new Promise((ok) => sock.bind(port, '127.0.0.1', () => ok(sock)));
}

let cleanup: (() => void)[] = [];
afterEach(() => { cleanup.forEach((c) => c()); cleanup = []; });

if (!hasSipp) console.log('[sip auth scenarios] sipp not installed: skipped (apt-get install sip-tester)');
(hasSipp ? describe : describe.skip)('digest scenarios played against sipp (no servers)', () => {
  const register = (registrarPort: number, password: string) => sipp(scenarioFile('phone-register.xml', {
    AOR_USER: 'alice', AUTH_PASSWORD: password, REGISTRAR_DOMAIN: REALM, CONTACT_PORT: 5491, EXPIRES: 300,
  }), [`127.0.0.1:${registrarPort}`], 15_000);

  it('phone-register.xml: sipp\'s MD5 digest is accepted by our registrar and the binding is stored', async () => {
    const store = createSqliteStore(join(tempDir(), 'r.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const sock = await udpRegistrar(5481, store);
    cleanup.push(() => sock.close(), () => void store.close());
    const r = await register(5481, 'desk-pw').done;
    expect(r.code, r.out).toBe(0);
    const b = await store.read(async (tx) => await tx.phoneBindings.forAgent('alice'));
    expect(b.map((x) => x.contact)).toEqual(['sip:alice@127.0.0.1:5491']);
    expect(b[0]!.userAgent).toBe('sipp phone-register');
  }, 30_000);

  it('phone-register.xml with a wrong password: 403, no binding', async () => {
    const store = createSqliteStore(join(tempDir(), 'r.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const sock = await udpRegistrar(5482, store);
    cleanup.push(() => sock.close(), () => store.close());
    const r = await register(5482, 'guess').done;
    expect(r.code).not.toBe(0);
    expect(await store.read(async (tx) => await tx.phoneBindings.all())).toEqual([]);
  }, 30_000);

  const callerWith = (port: number, password: string) => sipp(scenarioFile('caller-auth.xml', {
    AUTH_USER: 'acct1', AUTH_PASSWORD: password, BYE_TIMEOUT_MS: 5000,
  }), ['-s', '+4930111222', `127.0.0.1:${port}`], 20_000);

  it('uas-challenge.xml: 407, the INVITE again with credentials, answered; the response checks out with our digest code', async () => {
    const trunk = challengingTrunk(5483, { HANGUP_AFTER_MS: 1000, PCAP_FILE: rtpFile([{ kind: 'silence', ms: 1500 }]) }, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([callerWith(5483, 'trunk-pw').done, trunk.run.done]);
    expect(b.code, b.out).toBe(0);
    expect(a.code, a.out).toBe(0);
    const check = trunkCredentialsValid(trunk.messages, 'acct1', 'trunk-pw');
    expect(check.header).toMatch(/^Digest username="acct1",realm="carrier.example"/);
    expect(check.valid).toBe(true);
  }, 30_000);

  it('a wrong trunk password is caught by the check (the scenario itself only sees the header)', async () => {
    const trunk = challengingTrunk(5484, { HANGUP_AFTER_MS: 1000, PCAP_FILE: rtpFile([{ kind: 'silence', ms: 1500 }]) }, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([callerWith(5484, 'wrong').done, trunk.run.done]);
    expect(trunkCredentialsValid(trunk.messages, 'acct1', 'trunk-pw').valid).toBe(false);
    expect(trunkCredentialsValid(trunk.messages, 'acct1', 'wrong').valid).toBe(true);
  }, 30_000);
});
