import { describe, expect, it } from 'vitest';
import { AbandonRateTracker, HandleTimeTracker, estimateWaitAtPosition, estimateWaitSeconds, expectedAbandonsAhead } from '../../src/domain/ewt.js';
import { simulateMms } from '../../src/sim/mms.js';

const base = { agents: 10, freeAgents: 0, handleSeconds: 300 };

describe('estimateWaitSeconds', () => {
  it('is 0 when an agent is free and nobody is ahead', () => {
    expect(estimateWaitSeconds({ ...base, ahead: 0, freeAgents: 1 })).toBe(0);
    expect(estimateWaitSeconds({ ...base, ahead: 2, freeAgents: 3 })).toBe(0);
  });
  it('is k × AHT / s when all agents are busy', () => {
    expect(estimateWaitSeconds({ ...base, ahead: 0 })).toBeCloseTo(30);
    expect(estimateWaitSeconds({ ...base, ahead: 9 })).toBeCloseTo(300);
    expect(estimateWaitAtPosition(5, base)).toBeCloseTo(150);
  });
  it('counts free agents against those ahead', () => {
    expect(estimateWaitSeconds({ ...base, ahead: 4, freeAgents: 2 })).toBeCloseTo(3 * 30);
  });
  it('is Infinity when nobody can serve', () => {
    expect(estimateWaitSeconds({ ...base, agents: 0, ahead: 3 })).toBe(Infinity);
  });
  it('abandonment shortens the wait, more so further back', () => {
    const theta = 1 / 600;
    const front = estimateWaitSeconds({ ...base, ahead: 0, abandonRatePerSecond: theta });
    const back = estimateWaitSeconds({ ...base, ahead: 50, abandonRatePerSecond: theta });
    expect(front).toBeCloseTo(30); // nobody ahead to give up
    expect(back).toBeLessThan(51 * 30);
    let exact = 0;
    for (let j = 0; j <= 50; j++) exact += 1 / (10 / 300 + j * theta);
    expect(back).toBeCloseTo(exact, 6);
    expect(expectedAbandonsAhead({ ...base, ahead: 50, abandonRatePerSecond: theta })).toBeGreaterThan(0);
  });
  it('long queues use the integral tail accurately', () => {
    const theta = 1 / 900;
    let exact = 0;
    for (let j = 0; j < 10_000; j++) exact += 1 / (10 / 300 + j * theta);
    const got = estimateWaitSeconds({ ...base, ahead: 9_999, abandonRatePerSecond: theta });
    expect(Math.abs(got - exact) / exact).toBeLessThan(1e-5);
  });
});

describe('trackers', () => {
  it('HandleTimeTracker starts at the configured value and learns the measured average', () => {
    const t = new HandleTimeTracker(600);
    expect(t.averageSeconds).toBe(600);
    for (let i = 0; i < 2000; i++) t.record(200);
    expect(t.averageSeconds).toBeCloseTo(200, 0);
    t.record(-5);
    t.record(Number.NaN);
    expect(t.samples).toBe(2000);
  });
  it('HandleTimeTracker follows a change of handle time', () => {
    const t = new HandleTimeTracker(300, { minAlpha: 0.05 });
    for (let i = 0; i < 200; i++) t.record(300);
    for (let i = 0; i < 200; i++) t.record(100);
    expect(t.averageSeconds).toBeLessThan(110);
  });
  it('AbandonRateTracker measures abandons per second of waiting', () => {
    const t = new AbandonRateTracker(1);
    expect(t.ratePerSecond).toBe(0);
    t.record(100, true);
    t.record(300, false);
    expect(t.ratePerSecond).toBeCloseTo(1 / 400);
    expect(t.fractionWithin(400)).toBeCloseTo(1 - Math.exp(-1));
  });
});

describe('M/M/s simulation (small)', () => {
  it('matches Little and the Erlang-C mean wait of waiters, 1/(sμ(1-ρ))', () => {
    const s = 5;
    const aht = 100;
    const load = 0.8;
    let waits = 0;
    let waiters = 0;
    const r = simulateMms({ servers: s, arrivalRatePerSecond: (load * s) / aht, meanServiceSeconds: aht, durationSeconds: 400_000, seed: 7 }, {
      onServiceStart: (_id, w) => { if (w > 0) { waits += w; waiters++; } },
    });
    expect(r.abandoned).toBe(0);
    expect(r.arrivals).toBeGreaterThan(15_000);
    const theory = aht / (s * (1 - load)); // 100 s
    expect(waits / waiters).toBeGreaterThan(theory * 0.85);
    expect(waits / waiters).toBeLessThan(theory * 1.15);
  });
  it('with patience, some abandon and each gets a virtual wait', () => {
    let virtual = 0;
    const r = simulateMms({ servers: 3, arrivalRatePerSecond: 0.05, meanServiceSeconds: 100, meanPatienceSeconds: 60, durationSeconds: 50_000, seed: 3 }, {
      onVirtualWaitEnd: () => virtual++,
    });
    expect(r.abandoned).toBeGreaterThan(0);
    expect(virtual).toBeGreaterThan(r.abandoned * 0.95); // the last few may still be in line at the end
  });
});
