import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideAfterAttempt, DEFAULT_UNKNOWN_GRACE_MS } from '../../src/domain/retry.js';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, type RetryPolicy } from '../../src/domain/model.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 10, 14, 0);
const policy = (p: Partial<RetryPolicy> = {}): RetryPolicy => ({ maxAttempts: 3, intervalMinutes: 10, perOutcome: {}, ...p });
const far = T0 + 24 * 60 * MIN;

describe('decideAfterAttempt', () => {
  it.each<[string, RetryPolicy, number, AttemptOutcome, number, unknown]>([
    ['person is done', policy(), 1, 'PERSON', far, { kind: 'done' }],
    ['person on the last attempt is done', policy(), 3, 'PERSON', far, { kind: 'done' }],
    ['no answer retries after the interval', policy(), 1, 'NO_ANSWER', far, { kind: 'retry', at: T0 + 10 * MIN }],
    ['busy uses its own interval', policy({ perOutcome: { BUSY: { intervalMinutes: 3 } } }), 1, 'BUSY', far, { kind: 'retry', at: T0 + 3 * MIN }],
    ['busy without override uses the policy interval', policy(), 2, 'BUSY', far, { kind: 'retry', at: T0 + 10 * MIN }],
    ['fax is not retried', policy(), 1, 'FAX', far, { kind: 'fail', reason: 'OUTCOME_FAX' }],
    ['invalid number is not retried', policy(), 1, 'INVALID_NUMBER', far, { kind: 'fail', reason: 'OUTCOME_INVALID_NUMBER' }],
    ['rejected is not retried', policy(), 1, 'REJECTED', far, { kind: 'fail', reason: 'OUTCOME_REJECTED' }],
    ['perOutcome can make rejected retryable', policy({ perOutcome: { REJECTED: { retry: true, intervalMinutes: 60 } } }), 1, 'REJECTED', far, { kind: 'retry', at: T0 + 60 * MIN }],
    ['perOutcome can stop retrying no-answer', policy({ perOutcome: { NO_ANSWER: { retry: false } } }), 1, 'NO_ANSWER', far, { kind: 'fail', reason: 'OUTCOME_NO_ANSWER' }],
    ['max attempts reached', policy(), 3, 'NO_ANSWER', far, { kind: 'fail', reason: 'MAX_ATTEMPTS_NO_ANSWER' }],
    ['max attempts names the last outcome', policy({ maxAttempts: 2 }), 2, 'ANSWERING_MACHINE', far, { kind: 'fail', reason: 'MAX_ATTEMPTS_ANSWERING_MACHINE' }],
    ['retry past expiry fails', policy(), 1, 'NO_ANSWER', T0 + 5 * MIN, { kind: 'fail', reason: 'EXPIRED_BEFORE_RETRY' }],
    ['retry exactly at expiry fails', policy(), 1, 'NO_ANSWER', T0 + 10 * MIN, { kind: 'fail', reason: 'EXPIRED_BEFORE_RETRY' }],
    ['retry just before expiry is scheduled', policy(), 1, 'NO_ANSWER', T0 + 10 * MIN + 1, { kind: 'retry', at: T0 + 10 * MIN }],
    ['unknown retries after the default grace', policy({ intervalMinutes: 30 }), 1, 'UNKNOWN', far, { kind: 'retry', at: T0 + DEFAULT_UNKNOWN_GRACE_MS }],
    ['unknown counts as an attempt', policy(), 3, 'UNKNOWN', far, { kind: 'fail', reason: 'MAX_ATTEMPTS_UNKNOWN' }],
    ['unknown never retries inside the grace even with a shorter override', policy({ perOutcome: { UNKNOWN: { intervalMinutes: 1 } } }), 1, 'UNKNOWN', far, { kind: 'retry', at: T0 + 2 * MIN }],
    ['maxAttempts 1 never retries', policy({ maxAttempts: 1 }), 1, 'BUSY', far, { kind: 'fail', reason: 'MAX_ATTEMPTS_BUSY' }],
  ])('%s', (_name, p, attemptNumber, outcome, expiresAt, expected) => {
    expect(decideAfterAttempt({ policy: p, attemptNumber, outcome, endedAt: T0, expiresAt })).toEqual(expected);
  });

  it('uses the given unknown grace', () => {
    expect(decideAfterAttempt({ policy: policy(), attemptNumber: 1, outcome: 'UNKNOWN', endedAt: T0, expiresAt: far, unknownGraceMs: 45_000 }))
      .toEqual({ kind: 'retry', at: T0 + 45_000 });
  });

  it('property: never more attempts than maxAttempts, retries always in the future and before expiry', () => {
    const outcomeArb = fc.constantFrom(...ATTEMPT_OUTCOMES.filter((o) => o !== 'PERSON'));
    const ruleArb = fc.record({ retry: fc.option(fc.boolean(), { nil: undefined }), intervalMinutes: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }) });
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 0, max: 60 }),
      fc.dictionary(fc.constantFrom(...ATTEMPT_OUTCOMES), ruleArb),
      fc.array(outcomeArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 10_000 }),
      (maxAttempts, intervalMinutes, perOutcome, outcomes, lifetimeMinutes) => {
        const p: RetryPolicy = { maxAttempts, intervalMinutes, perOutcome };
        const expiresAt = T0 + lifetimeMinutes * MIN;
        let now = T0;
        let attempts = 0;
        for (const outcome of outcomes) {
          attempts++;
          const d = decideAfterAttempt({ policy: p, attemptNumber: attempts, outcome, endedAt: now, expiresAt });
          if (d.kind !== 'retry') break;
          expect(d.at).toBeGreaterThanOrEqual(now);
          expect(d.at).toBeLessThan(expiresAt);
          if (outcome === 'UNKNOWN') expect(d.at - now).toBeGreaterThanOrEqual(DEFAULT_UNKNOWN_GRACE_MS);
          now = d.at;
        }
        expect(attempts).toBeLessThanOrEqual(Math.max(1, maxAttempts));
      },
    ), { numRuns: 300 });
  });
});
