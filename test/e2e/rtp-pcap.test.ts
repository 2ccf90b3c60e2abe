/**
 * The lane's own tools, checked without drachtio or FreeSWITCH (runs in CI): the RTP/pcap writer
 * the DTMF and voicemail scenarios depend on, and the sipp scenarios played against each other.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pcapFile, rtpPackets, type RtpPacket } from './rtp-pcap.js';
import { rtpFile, scenarioFile, sipp } from './harness.js';

function readPcap(buf: Buffer): { link: number; frames: { atUs: number; rtp: Buffer }[] } {
  expect(buf.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const link = buf.readUInt32LE(20);
  const frames: { atUs: number; rtp: Buffer }[] = [];
  let off = 24;
  while (off < buf.length) {
    const sec = buf.readUInt32LE(off);
    const usec = buf.readUInt32LE(off + 4);
    const len = buf.readUInt32LE(off + 8);
    const frame = buf.subarray(off + 16, off + 16 + len);
    off += 16 + len;
    expect(frame.readUInt16BE(12)).toBe(0x0800); // IPv4
    expect(frame[14 + 9]).toBe(17); // UDP
    const ihl = (frame[14]! & 15) * 4;
    const udpLen = frame.readUInt16BE(14 + ihl + 4);
    expect(udpLen).toBe(frame.length - 14 - ihl);
    frames.push({ atUs: sec * 1e6 + usec, rtp: frame.subarray(14 + ihl + 8) });
  }
  return { link, frames };
}

describe('rtp-pcap: one continuous RTP stream for sipp', () => {
  const packets = rtpPackets([
    { kind: 'silence', ms: 100 }, { kind: 'digit', digit: '1' }, { kind: 'silence', ms: 100 }, { kind: 'digit', digit: '#' },
  ]);

  it('sequence numbers increase by one across audio and events (FreeSWITCH drops the rest)', () => {
    for (let i = 1; i < packets.length; i++) expect(packets[i]!.seq).toBe((packets[i - 1]!.seq + 1) & 0xffff);
  });

  it('each digit is an RFC 4733 event: marker first, growing duration, three end packets, one timestamp', () => {
    const events = (code: number) => packets.filter((p) => p.payloadType === 101 && p.payload[0] === code);
    for (const [code, digit] of [[1, '1'], [11, '#']] as const) {
      const ev = events(code);
      expect(ev.length, digit).toBe(8 + 3);
      expect(ev[0]!.marker).toBe(true);
      expect(new Set(ev.map((p) => p.timestamp)).size).toBe(1);
      const durations = ev.map((p) => p.payload.readUInt16BE(2));
      expect(durations.slice(0, 8)).toEqual([160, 320, 480, 640, 800, 960, 1120, 1280]);
      expect(ev.slice(8).every((p) => (p.payload[1]! & 0x80) !== 0 && p.payload.readUInt16BE(2) === 1280)).toBe(true);
    }
  });

  it('audio timestamps resume after an event in step with send time, and packets are 20 ms of A-law', () => {
    const audio = packets.filter((p) => p.payloadType === 8);
    const firstEvent = packets.find((p) => p.payloadType === 101)!;
    const after = audio.find((p) => p.atMs > firstEvent.atMs)!;
    // RTP time keeps pace with send time (8 samples/ms) and is past the event's 1280 samples.
    expect(after.timestamp - firstEvent.timestamp).toBe((after.atMs - firstEvent.atMs) * 8);
    expect(after.timestamp - firstEvent.timestamp).toBeGreaterThanOrEqual(1280);
    const times = packets.map((p) => p.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(audio.every((p) => p.payload.length === 160)).toBe(true);
  });

  it('rejects a key that is not on a keypad', () => {
    expect(() => rtpPackets([{ kind: 'digit', digit: 'A' }])).toThrow(/not a DTMF digit/);
  });

  it('writes an Ethernet/IPv4/UDP capture that reads back packet for packet', () => {
    const { link, frames } = readPcap(pcapFile(packets));
    expect(link).toBe(1);
    expect(frames).toHaveLength(packets.length);
    frames.forEach((f, i) => {
      const p = packets[i] as RtpPacket;
      expect(f.rtp.readUInt16BE(2)).toBe(p.seq);
      expect(f.rtp[1]! & 0x7f).toBe(p.payloadType);
      expect(f.atUs - frames[0]!.atUs).toBe(Math.round(p.atMs * 1000));
    });
  });
});

const hasSipp = !spawnSync('sipp', ['-v']).error;
if (!hasSipp) console.log('[e2e scenarios] sipp not installed: scenario checks skipped (apt-get install sip-tester)');

/** The scenarios against each other on loopback: they parse, and their SIP exchanges complete. */
(hasSipp ? describe : describe.skip)('sipp scenarios played against each other (no servers)', () => {
  const keys = () => rtpFile([{ kind: 'silence', ms: 200 }, { kind: 'digit', digit: '1' }, { kind: 'silence', ms: 200 }]);
  const callerTo = (port: number, byeMs: number) =>
    sipp(scenarioFile('caller.xml', { PCAP_FILE: keys(), CALLER_ANI: '+4930123456', BYE_TIMEOUT_MS: byeMs }), ['-s', 'service', `127.0.0.1:${port}`], 20_000);
  const uasOn = (name: string, port: number, values: Record<string, string | number> = {}) =>
    sipp(scenarioFile(name, { RING_MS: 100, HANGUP_AFTER_MS: 1000, PCAP_FILE: keys(), ...values }), ['-p', String(port)], 20_000);

  it('caller.xml + uas-answer.xml: the answering side hangs up and the caller takes the BYE', async () => {
    const callee = uasOn('uas-answer.xml', 5391);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([callerTo(5391, 5000).done, callee.done]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
  }, 30_000);

  it('uas-busy.xml answers 486 and the caller fails on it', async () => {
    const callee = uasOn('uas-busy.xml', 5392);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([callerTo(5392, 5000).done, callee.done]);
    expect(b.code, b.out).toBe(0);
    expect(a.code).not.toBe(0);
  }, 30_000);

  it('caller.xml fails when nobody hangs up before its BYE timeout', async () => {
    const callee = uasOn('uas-answer.xml', 5393, { HANGUP_AFTER_MS: 8000 });
    await new Promise((r) => setTimeout(r, 300));
    const a = await callerTo(5393, 1500).done;
    expect(a.code).not.toBe(0);
    callee.kill();
    await callee.done;
  }, 30_000);

  const uacFinal = (port: number, values: Record<string, string | number>) =>
    sipp(scenarioFile('uac-final.xml', { CANCEL_AFTER_MS: 500, ...values }), ['-s', 'customer', `127.0.0.1:${port}`], 20_000);

  it('uas-reject.xml declines with 603 and the UAC sees exactly that', async () => {
    const callee = uasOn('uas-reject.xml', 5394);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([uacFinal(5394, { FINAL_STATUS: 603 }).done, callee.done]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
  }, 30_000);

  it('uas-early-media.xml sends 183 with SDP and its tone, then takes our CANCEL (200 + 487)', async () => {
    const callee = uasOn('uas-early-media.xml', 5395, { CANCEL_TIMEOUT_MS: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([uacFinal(5395, { FINAL_STATUS: 487 }).done, callee.done]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
  }, 30_000);

  it('caller-hangup.xml hangs up itself when nobody else does first', async () => {
    const callee = uasOn('uas-answer.xml', 5396, { HANGUP_AFTER_MS: 8000 });
    await new Promise((r) => setTimeout(r, 300));
    const call = sipp(scenarioFile('caller-hangup.xml', { PCAP_FILE: keys(), CALLER_ANI: '+4930123456', HANGUP_AFTER_MS: 1000 }), ['-s', 'service', '127.0.0.1:5396'], 20_000);
    const [a, b] = await Promise.all([call.done, callee.done]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
  }, 30_000);
});
