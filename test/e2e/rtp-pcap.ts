/**
 * Writes the RTP streams sipp replays (play_pcap_audio) as libpcap files: G.711 A-law audio,
 * silence and RFC 2833 telephone-events in ONE continuous stream (one SSRC, increasing sequence
 * numbers and timestamps). FreeSWITCH drops packets whose sequence numbers go backwards, so
 * replaying sip-tester's per-digit pcaps one after another loses every digit but the first.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export type RtpSegment =
  | { kind: 'silence'; ms: number }
  | { kind: 'digit'; digit: string; ms?: number } // default 160 ms of tone, as sip-tester's pcaps
  | { kind: 'audio'; alaw: Buffer }; // 8 kHz A-law samples

const PTIME_MS = 20;
const SAMPLES = 160; // per 20 ms packet at 8 kHz
const PT_PCMA = 8;
const PT_EVENT = 101;
const ALAW_SILENCE = 0xd5;
const EVENTS = '0123456789*#';

export interface RtpPacket { atMs: number; payloadType: number; marker: boolean; seq: number; timestamp: number; payload: Buffer }

/** The packets of a stream, in send order, with their send time from the start. */
export function rtpPackets(segments: RtpSegment[]): RtpPacket[] {
  const out: RtpPacket[] = [];
  let seq = 1000;
  let ts = 8000;
  let at = 0;
  const push = (payloadType: number, marker: boolean, timestamp: number, payload: Buffer, advance: boolean) => {
    out.push({ atMs: at, payloadType, marker, seq: seq++ & 0xffff, timestamp: timestamp >>> 0, payload });
    if (advance) { at += PTIME_MS; ts += SAMPLES; }
  };
  for (const s of segments) {
    if (s.kind === 'silence') {
      for (let i = 0; i < Math.ceil(s.ms / PTIME_MS); i++) push(PT_PCMA, false, ts, Buffer.alloc(SAMPLES, ALAW_SILENCE), true);
    } else if (s.kind === 'audio') {
      for (let o = 0; o < s.alaw.length; o += SAMPLES) {
        const chunk = Buffer.alloc(SAMPLES, ALAW_SILENCE);
        s.alaw.copy(chunk, 0, o, Math.min(o + SAMPLES, s.alaw.length));
        push(PT_PCMA, false, ts, chunk, true);
      }
    } else {
      const event = EVENTS.indexOf(s.digit);
      if (event < 0 || s.digit.length !== 1) throw new Error(`not a DTMF digit: ${s.digit}`);
      const start = ts;
      const packets = Math.max(1, Math.round((s.ms ?? 160) / PTIME_MS));
      for (let i = 1; i <= packets; i++) push(PT_EVENT, i === 1, start, eventPayload(event, false, i * SAMPLES), true);
      // RFC 4733 §2.5.1.4: the end packet is sent three times with the same timestamp.
      for (let i = 0; i < 3; i++) push(PT_EVENT, false, start, eventPayload(event, true, packets * SAMPLES), i === 2);
    }
  }
  return out;
}

function eventPayload(event: number, end: boolean, duration: number): Buffer {
  const b = Buffer.alloc(4);
  b[0] = event;
  b[1] = (end ? 0x80 : 0) | 10; // volume -10 dBm0, as sip-tester's captures
  b.writeUInt16BE(duration & 0xffff, 2);
  return b;
}

/** libpcap file (Ethernet link type, as sip-tester's captures); sipp rewrites addresses and ports. */
export function pcapFile(packets: RtpPacket[], ssrc = 0x484c4453): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const parts = [header];
  const base = 1_700_000_000;
  for (const p of packets) {
    const rtp = Buffer.alloc(12 + p.payload.length);
    rtp[0] = 0x80;
    rtp[1] = (p.marker ? 0x80 : 0) | p.payloadType;
    rtp.writeUInt16BE(p.seq, 2);
    rtp.writeUInt32BE(p.timestamp, 4);
    rtp.writeUInt32BE(ssrc, 8);
    p.payload.copy(rtp, 12);
    const frame = Buffer.concat([ethernet(), ipv4(8 + rtp.length), udp(rtp.length), rtp]);
    const rec = Buffer.alloc(16);
    const usec = Math.round(p.atMs * 1000);
    rec.writeUInt32LE(base + Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
  }
  return Buffer.concat(parts);
}

const ethernet = () => Buffer.from('0000000000020000000000010800', 'hex');

function ipv4(payloadLength: number): Buffer {
  const b = Buffer.alloc(20);
  b[0] = 0x45;
  b.writeUInt16BE(20 + payloadLength, 2);
  b[8] = 64;
  b[9] = 17; // UDP
  Buffer.from([127, 0, 0, 1]).copy(b, 12);
  Buffer.from([127, 0, 0, 1]).copy(b, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, 10);
  return b;
}

function udp(payloadLength: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(6000, 0);
  b.writeUInt16BE(6002, 2);
  b.writeUInt16BE(8 + payloadLength, 4);
  return b; // checksum 0: none (allowed for UDP over IPv4)
}

export function writeRtpPcap(path: string, segments: RtpSegment[]): string {
  writeFileSync(path, pcapFile(rtpPackets(segments)));
  return path;
}

/** A sine tone as A-law samples, made with sox (Debian package), e.g. a voicemail beep. */
export function toneAlaw(hz: number, seconds: number, workPath: string): Buffer {
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'a-law', '-t', 'al', workPath, 'synth', String(seconds), 'sine', String(hz), 'vol', '0.5']);
  return readFileSync(workPath);
}

/** Any audio file (e.g. a prompt WAV) as 8 kHz mono A-law samples. */
export function fileAlaw(input: string, workPath: string): Buffer {
  execFileSync('sox', [input, '-r', '8000', '-c', '1', '-e', 'a-law', '-t', 'al', workPath]);
  return readFileSync(workPath);
}

/** A caller's keypad script: each digit sent `gapMs` after the previous one (or after `leadMs`). */
export function dtmfScript(steps: { digit: string; afterMs: number }[], tailMs = 1000): RtpSegment[] {
  const segs: RtpSegment[] = [];
  for (const s of steps) {
    segs.push({ kind: 'silence', ms: s.afterMs }, { kind: 'digit', digit: s.digit });
  }
  segs.push({ kind: 'silence', ms: tailMs });
  return segs;
}
