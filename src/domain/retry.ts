import type { AttemptOutcome, Instant, RetryPolicy } from './model.js';

/**
 * What happens to a callback after an attempt ended. PERSON is done; FAX, INVALID_NUMBER and
 * REJECTED are not retried unless the policy's perOutcome says so; everything else is retried
 * after the outcome's interval (or the policy's) until maxAttempts attempts have been made.
 * UNKNOWN (the process died mid-dial) counts as an attempt and waits at least unknownGraceMs,
 * so a call that may still be ringing is never dialled again inside the grace window.
 * A retry at or after expiresAt (the first instant the callback is expired) is not scheduled.
 */

export type RetryDecision =
  | { kind: 'retry'; at: Instant }
  | { kind: 'fail'; reason: string }
  | { kind: 'done' };

export interface AttemptEnd {
  policy: RetryPolicy;
  /** 1-based number of the attempt that just ended. */
  attemptNumber: number;
  outcome: AttemptOutcome;
  endedAt: Instant;
  expiresAt: Instant;
  /** Minimum wait after an UNKNOWN outcome; default 2 minutes. */
  unknownGraceMs?: number;
}

export const DEFAULT_UNKNOWN_GRACE_MS = 2 * 60_000;
const NOT_RETRIED_BY_DEFAULT: readonly AttemptOutcome[] = ['FAX', 'INVALID_NUMBER', 'REJECTED'];

export function isRetriedOutcome(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  if (outcome === 'PERSON') return false;
  return policy.perOutcome[outcome]?.retry ?? !NOT_RETRIED_BY_DEFAULT.includes(outcome);
}

export function retryDelayMs(policy: RetryPolicy, outcome: AttemptOutcome, unknownGraceMs = DEFAULT_UNKNOWN_GRACE_MS): number {
  const minutes = policy.perOutcome[outcome]?.intervalMinutes ?? (outcome === 'UNKNOWN' ? 0 : policy.intervalMinutes);
  const delay = Math.max(0, minutes) * 60_000;
  return outcome === 'UNKNOWN' ? Math.max(delay, unknownGraceMs) : delay;
}

export function decideAfterAttempt(input: AttemptEnd): RetryDecision {
  const { policy, attemptNumber, outcome, endedAt, expiresAt } = input;
  if (outcome === 'PERSON') return { kind: 'done' };
  if (!isRetriedOutcome(policy, outcome)) return { kind: 'fail', reason: `OUTCOME_${outcome}` };
  if (attemptNumber >= Math.max(1, policy.maxAttempts)) return { kind: 'fail', reason: `MAX_ATTEMPTS_${outcome}` };
  const at = endedAt + retryDelayMs(policy, outcome, input.unknownGraceMs);
  if (at >= expiresAt) return { kind: 'fail', reason: 'EXPIRED_BEFORE_RETRY' };
  return { kind: 'retry', at };
}
