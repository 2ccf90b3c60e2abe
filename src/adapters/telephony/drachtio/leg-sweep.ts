import { bounded } from './media-race.js';
import type { MediaServerLike } from './types.js';

/**
 * Every INVITE holdless sends to FreeSWITCH (connectCaller, createEndpoint) carries this header
 * with our own leg id; FreeSWITCH keeps it as the channel variable `sip_h_X-Holdless-Leg`.
 * When fsmrf never hands us the endpoint (a connectCaller or createEndpoint that does not
 * resolve under overload), the channel can still be found and ended by that variable.
 */
export const LEG_HEADER = 'X-Holdless-Leg';

export const legHeaders = (legId: string): Record<string, string> => ({ [LEG_HEADER]: legId });

/**
 * When to ask FreeSWITCH to end an abandoned leg: at once, after fsmrf's own 4 s wait for the
 * event socket, and after SIP Timer B (32 s), by which the INVITE to FreeSWITCH has either been
 * answered or failed. A kill that finds no channel is harmless (`hupall` matches nothing).
 */
export const DEFAULT_SWEEP_MS = [0, 5_000, 35_000];

/** Hangs up every FreeSWITCH channel of this leg id, now and at each later delay. */
export function sweepLeg(ms: MediaServerLike, legId: string, delaysMs: readonly number[] = DEFAULT_SWEEP_MS, cleanupMs = 3_000): void {
  const kill = () => void bounded(() => ms.api(`hupall NORMAL_CLEARING sip_h_${LEG_HEADER} ${legId}`), cleanupMs);
  for (const delay of delaysMs) {
    if (delay <= 0) { kill(); continue; }
    setTimeout(kill, delay).unref?.();
  }
}

/** What a late connectCaller/createEndpoint produced after we gave up: destroy each part. */
export function destroyParts(...parts: ({ destroy(): unknown } | undefined)[]): void {
  for (const part of parts) {
    if (!part) continue;
    try {
      void Promise.resolve(part.destroy()).catch(() => undefined);
    } catch { /* already gone */ }
  }
}
