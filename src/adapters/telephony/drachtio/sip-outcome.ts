import type { AttemptOutcome } from '../../../domain/model.js';

export type DialFailureOutcome = Exclude<AttemptOutcome, 'PERSON' | 'UNKNOWN' | 'NO_CONFIRM' | 'ANSWERING_MACHINE'>;

/**
 * Final SIP status of an unanswered customer INVITE → attempt outcome (DESIGN.md, telephony-notes §3.1).
 * 487 only happens after our own CANCEL (ring timeout), so it is NO_ANSWER.
 */
export function outcomeForSipStatus(status: number): DialFailureOutcome {
  if (status === 486 || status === 600) return 'BUSY';
  if (status === 480 || status === 408 || status === 487) return 'NO_ANSWER';
  if (status === 603 || status === 403) return 'REJECTED';
  if ([404, 484, 410, 604, 485].includes(status)) return 'INVALID_NUMBER';
  return 'NETWORK_ERROR'; // 5xx, 488/606 (codec config), and anything unexpected: retry per policy
}

/** Agent legs: 486/600/603 mean the agent refused; ring-out and unavailability are RONA. */
export function agentOutcomeForSipStatus(status: number): 'NO_ANSWER' | 'REJECTED' | 'ERROR' {
  if (status === 486 || status === 600 || status === 603) return 'REJECTED';
  if (status === 480 || status === 408 || status === 487) return 'NO_ANSWER';
  return 'ERROR';
}

/** mod_spandsp DETECTED_TONE names (fsmrf 'tone' event) → outcome; undefined = keep listening. */
export function outcomeForTone(tone: string): 'SIT' | 'BUSY' | 'FAX' | undefined {
  const t = tone.toUpperCase();
  if (t === 'SIT' || t === 'REORDER_TONE') return 'SIT';
  if (t === 'BUSY_TONE') return 'BUSY';
  if (t === 'FAX' || t === 'CED_TONE') return 'FAX';
  return undefined; // RING_TONE and others
}

/** Capped exponential backoff for reconnects: 250 ms, 500 ms, … up to maxMs. */
export function backoffDelay(attempt: number, maxMs: number, baseMs = 250): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 20)));
}
