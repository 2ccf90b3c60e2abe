import { describe, expect, it } from 'vitest';
import { OnlineMix } from '../../src/domain/ewt-select.js';
import { predictWait, type LineState } from '../../src/domain/ewt-predictors.js';

describe('OnlineMix: how much of the learnt blend (against Erlang-A) a line\'s waits bear out', () => {
  it('starts on the blend, and learns the least-squares weight from served callers', () => {
    const m = new OnlineMix();
    expect(m.weight).toBe(1);
    // The wait is always a quarter of the way from qla to the blend.
    for (let i = 0; i < 100; i++) { const qla = 30 + (i % 7); const blend = qla + 8 + (i % 3); m.record(blend, qla, qla + 0.25 * (blend - qla)); }
    expect(m.weight).toBeCloseTo(0.25, 6);
  });

  it('stays within [0, 1]: neither estimate is pushed past the other', () => {
    const over = new OnlineMix();
    for (let i = 0; i < 20; i++) over.record(40, 30, 60);
    expect(over.weight).toBe(1);
    const under = new OnlineMix();
    for (let i = 0; i < 20; i++) under.record(40, 30, 10);
    expect(under.weight).toBe(0);
  });

  it('ignores a sample without both answers, and forgets: a change of regime is followed', () => {
    const m = new OnlineMix(0.95);
    m.record(null, 30, 30);
    expect(m.samples).toBe(0);
    for (let i = 0; i < 200; i++) m.record(40, 30, 30);
    expect(m.weight).toBeLessThan(0.01);
    for (let i = 0; i < 200; i++) m.record(40, 30, 40);
    expect(m.weight).toBeGreaterThan(0.99);
  });

  it('the EWT (ours) is qla + weight x (blend - qla)', () => {
    const line: LineState = {
      ahead: 5, freeDirect: 0, directAgents: 4, capableAgents: 8, capableFree: 0, handleSeconds: 120, abandonRatePerSecond: 0,
      departureRate: 0.05, capacityShare: 1.5, headWaitSeconds: 30, lastServedWaitSeconds: 40,
    };
    const weights = [0.5, 0.5, 0, 0, 0, 10];
    const a = predictWait(line, weights, 0);
    const b = predictWait(line, weights, 1);
    const h = predictWait(line, weights, 0.5);
    expect(a.ours).toBeCloseTo(a.qla!, 9);
    expect(b.ours).toBeCloseTo(b.blend!, 9);
    expect(h.ours).toBeCloseTo((a.qla! + b.blend!) / 2, 9);
  });
});
