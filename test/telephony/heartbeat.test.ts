import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SIP_PROBE_MISSES, TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import type { MediaServerLike, MrfLike, SipRequestLike } from '../../src/adapters/telephony/drachtio/types.js';
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
  // The object drachtio-fsmrf 4.1.2 builds (lib/mediaserver.js), as logged on a real stack.
  ms.sip = { ipv4: { udp: { address: '127.0.0.1:5080' }, dtls: {} }, ipv6: { udp: {}, dtls: {} } };
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

/** The event-socket connection fsmrf's MediaServer reads `sofia status` from. */
class FakeEslConnection extends EventEmitter {
  socket = { remoteAddress: '127.0.0.1' };
  constructor(private readonly sofiaStatus: string) { super(); }
  subscribe() {}
  disconnect() {}
  api(_cmd: string, cb: (res: { getBody(): string }) => void) { setImmediate(() => cb({ getBody: () => this.sofiaStatus })); }
}

describe('drachtio heartbeat against the real fsmrf MediaServer object', () => {
  it('finds the SIP address where drachtio-fsmrf 4.1.2 puts it (ms.sip.ipv4.udp.address) and probes it', async () => {
    const require = createRequire(import.meta.url);
    const MediaServer = require('drachtio-fsmrf/lib/mediaserver.js') as new (...a: unknown[]) => MediaServerLike & { on(e: string, f: () => void): void };
    const status = [
      '                     Name          Type                                       Data      State',
      '=================================================================================================',
      '              drachtio_mrf       profile            sip:mod_sofia@127.0.0.1:5080      RUNNING (0)',
      '=================================================================================================',
    ].join('\n');
    const ms = new MediaServer(new FakeEslConnection(status), { srf: new FakeSrf() }, '127.0.0.1', 0, undefined, undefined, 'drachtio_mrf');
    await new Promise<void>((resolve) => ms.on('ready', resolve));
    expect(JSON.parse(JSON.stringify(ms.sip))).toEqual({ ipv4: { udp: { address: '127.0.0.1:5080' }, dtls: {} }, ipv6: { udp: {}, dtls: {} } });
    const srf = new ProbedSrf();
    const conn = new TelephonyConnections(srf, { connect: async () => ms }, {
      drachtio: { host: '127.0.0.1', port: 9022, secret: 's3cret' }, mediaServer: { host: '127.0.0.1', port: 8021, secret: 'es1' },
      allowDefaultSecrets: false, maxBackoffMs: 50, heartbeatMs: 3_600_000, heartbeatTimeoutMs: 30,
    }, { info: () => undefined, warn: () => undefined });
    (ms as unknown as { api: (c: string) => Promise<string> }).api = async () => '+OK';
    await conn.start();
    srf.emit('connect', undefined, 'udp/127.0.0.1:5060');
    await new Promise((r) => setImmediate(r));
    await conn.heartbeat();
    expect(srf.probes).toEqual(['sip:heartbeat@127.0.0.1:5080']);
    await conn.stop();
  });
});
