import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SIP_PROBE_MISSES, TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import type { MrfLike, SipRequestLike } from '../../src/adapters/telephony/drachtio/types.js';
import { FakeMediaServer, FakeSrf } from './fakes.js';

/** srf fake whose OPTIONS are answered (or not) by the media server's SIP profile. */
class ProbedSrf extends FakeSrf {
  probes: string[] = [];
  disconnects = 0;
  connects = 0;
  answer = true;
  override connect() { this.connects++; return this; }
  override disconnect() { this.disconnects++; }
  override async request(uri = ""): Promise<SipRequestLike> {
    this.probes.push(uri);
    const req = new EventEmitter() as unknown as SipRequestLike;
    if (this.answer) setImmediate(() => req.emit('response', { status: 200 }));
    return req;
  }
}

async function connected(srf: ProbedSrf): Promise<TelephonyConnections> {
  const ms = new FakeMediaServer();
  (ms as unknown as { sip: object }).sip = { udp: { address: '127.0.0.1:5080' } };
  const mrf: MrfLike = { connect: async () => ms };
  const conn = new TelephonyConnections(srf, mrf, {
    drachtio: { host: '127.0.0.1', port: 9022, secret: 's3cret' }, mediaServer: { host: '127.0.0.1', port: 8021, secret: 'es1' },
    allowDefaultSecrets: false, maxBackoffMs: 50, heartbeatMs: 3_600_000, heartbeatTimeoutMs: 30,
  }, { info: () => undefined, warn: () => undefined });
  await conn.start();
  srf.emit('connect', undefined, 'udp/127.0.0.1:5060');
  await new Promise((r) => setImmediate(r));
  return conn;
}

describe('drachtio heartbeat', () => {
  it('probes FreeSWITCH\'s SIP profile through drachtio (never drachtio itself) and keeps the link on an answer', async () => {
    const srf = new ProbedSrf();
    const conn = await connected(srf);
    await conn.heartbeat();
    expect(srf.probes).toEqual(['sip:heartbeat@127.0.0.1:5080']);
    expect(conn.signalling).toBe('up');
    expect(srf.disconnects).toBe(0);
    await conn.stop();
  });

  it(`reconnects only after ${SIP_PROBE_MISSES} probes in a row went unanswered`, async () => {
    const srf = new ProbedSrf();
    const conn = await connected(srf);
    srf.answer = false;
    for (let i = 1; i < SIP_PROBE_MISSES; i++) {
      await conn.heartbeat();
      expect(conn.signalling).toBe('up');
    }
    await conn.heartbeat();
    expect(conn.signalling).toBe('down');
    expect(srf.disconnects).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(srf.connects).toBe(2); // the first connect and the reconnect
    await conn.stop();
  });
});
