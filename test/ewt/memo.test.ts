/** LastPrediction: the same answer as predictWait for every input, reused only while the input is equal. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LastPrediction } from '../../src/domain/ewt-memo.js';
import { predictWait, type LineState } from '../../src/domain/ewt-predictors.js';

const state = fc.record<LineState>({
  ahead: fc.integer({ min: 0, max: 30 }), freeDirect: fc.integer({ min: 0, max: 3 }), directAgents: fc.integer({ min: 0, max: 8 }),
  capableAgents: fc.integer({ min: 0, max: 10 }), capableFree: fc.integer({ min: 0, max: 3 }), handleSeconds: fc.integer({ min: 0, max: 600 }),
  abandonRatePerSecond: fc.constantFrom(0, 0.001, 0.01), departureRate: fc.option(fc.constantFrom(0.01, 0.05)), capacityShare: fc.option(fc.constantFrom(0.5, 1)),
  headWaitSeconds: fc.option(fc.integer({ min: 0, max: 900 })), lastServedWaitSeconds: fc.option(fc.integer({ min: 0, max: 900 })),
});

describe('LastPrediction', () => {
  it('answers what predictWait answers, over a sequence of lines, states, weights learnt in place and mix weights', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ line: fc.constantFrom('a', 'b'), s: state, w: fc.option(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 })), mix: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }) }), { minLength: 1, maxLength: 25 }),
      (asks) => {
        const memo = new LastPrediction();
        const weights = [1, 0, 0, 0, 0, 0];
        for (const a of asks) {
          if (a.w) a.w.forEach((v, i) => { weights[i] = v; }); // the fit mutates its array
          expect(memo.of(a.line, { ...a.s }, weights, a.mix)).toEqual(predictWait(a.s, weights, a.mix));
        }
      },
    ), { numRuns: 200 });
  });

  it('gives the same frozen object to a second ask with equal inputs', () => {
    const memo = new LastPrediction();
    const s: LineState = { ahead: 4, freeDirect: 0, directAgents: 3, capableAgents: 3, capableFree: 0, handleSeconds: 240, abandonRatePerSecond: 0.002, departureRate: null, capacityShare: null, headWaitSeconds: 30, lastServedWaitSeconds: 50 };
    const first = memo.of('a', s, undefined, 1);
    expect(memo.of('a', { ...s }, undefined, 1)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(memo.of('a', { ...s, ahead: 5 }, undefined, 1)).not.toBe(first);
    // Every field of the line state counts (a field added to LineState must be compared too).
    for (const k of Object.keys(s) as (keyof LineState)[]) {
      const base = memo.of('c', s, undefined, 1);
      expect(memo.of('c', { ...s, [k]: (s[k] ?? 0) + 1 }, undefined, 1), k).not.toBe(base);
    }
    // Weights learnt in place (the same array, new values): asked again, not reused.
    const w = [1, 0, 0, 0, 0, 0];
    const before = memo.of('b', s, w, 1);
    w[0] = 0.5; w[5] = 20;
    const after = memo.of('b', s, w, 1);
    expect(after).toEqual(predictWait(s, w, 1));
    expect(after.blend).not.toBe(before.blend);
  });
});
