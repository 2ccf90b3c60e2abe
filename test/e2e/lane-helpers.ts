/** Shared by the real-stack lane files: scripted keys, sipp exit checks, the idle-FreeSWITCH precondition. */
import { expect } from 'vitest';
import { freeswitchChannels, rtpFile, RTP_TAIL_MS } from './harness.js';
import type { RtpSegment } from './rtp-pcap.js';

/** Digits at absolute times (ms after the caller's ACK), as one RTP stream. */
export function keysAt(...steps: [digit: string, atMs: number][]): RtpSegment[] {
  const segs: RtpSegment[] = [];
  let t = 0;
  for (const [digit, at] of steps) {
    segs.push({ kind: 'silence', ms: at - t }, { kind: 'digit', digit });
    t = at + 240; // 160 ms tone + end packets
  }
  segs.push({ kind: 'silence', ms: RTP_TAIL_MS });
  return segs;
}

/** Customer pressing 1 into "This is your requested callback … press 1" (2.5 s after answering). */
export const pressOne = () => rtpFile([{ kind: 'silence', ms: 2500 }, { kind: 'digit', digit: '1' }, { kind: 'silence', ms: RTP_TAIL_MS }]);

export async function sippOk(run: { done: Promise<{ code: number | null; out: string }> }, who: string): Promise<void> {
  const r = await run.done;
  expect(r.code, `${who} (sipp exit ${r.code}):\n${r.out}`).toBe(0);
}

/** Every case starts from an idle FreeSWITCH, so "no channel left" at its end means something. */
export async function assertIdleFreeswitch(): Promise<void> {
  const left = await freeswitchChannels();
  if (left > 0) throw new Error(`FreeSWITCH has ${left} channel(s) before the case: the lane needs an idle FreeSWITCH (hupall)`);
}
