import { describe, expect, it } from 'vitest';
import { OnlineLinearFit } from '../../src/domain/ewt-fit.js';
import { DepartureRateTracker, EWT_PRIOR_WEIGHTS, ewtFeatures, predictWait, timeOfDepartures, type LineState } from '../../src/domain/ewt-predictors.js';
import { QueueIndex } from '../../src/domain/routing.js';

const line: LineState = {
  ahead: 9, freeDirect: 0, directAgents: 10, capableAgents: 25, capableFree: 0, handleSeconds: 300, abandonRatePerSecond: 0,
  departureRate: null, capacityShare: null, headWaitSeconds: 50, lastServedWaitSeconds: 40,
};

describe('DepartureRateTracker', () => {
  it('counts departures per second of backlog only, not while the line is empty', () => {
    const t = new DepartureRateTracker(1e9); // no decay: plain counts
    t.observe(0, 0, 0.1);
    t.observe(100_000, 3, 0.1); // empty for 100 s: not counted
    for (let i = 1; i <= 10; i++) t.departed(100_000 + i * 10_000, 3, 0.1); // one every 10 s while backlogged
    t.observe(300_000, 0, 0.1);
    expect(t.rate(300_000)).toBeCloseTo(10 / 200, 6); // 10 departures over 200 backlogged seconds
    expect(t.capacityShare(300_000)).toBeCloseTo(10 / (200 * 0.1), 6);
  });
  it('says nothing without evidence, and forgets with its time constant', () => {
    const t = new DepartureRateTracker(60);
    expect(t.rate(0)).toBeNull();
    t.observe(0, 5, 1);
    for (let i = 1; i <= 60; i++) t.departed(i * 1000, 5, 1); // 1 per second
    for (let i = 1; i <= 600; i++) t.departed(60_000 + i * 5000, 5, 1); // then 1 per 5 s, for 50 minutes
    expect(t.rate(3_060_000)!).toBeGreaterThan(0.19); // the first minute at 1/s is forgotten
    expect(t.rate(3_060_000)!).toBeLessThan(0.22); // (sampled at a departure: up to half a step high)
  });
});

describe('predictors', () => {
  it('time of k departures with abandonment is the Erlang-A sum', () => {
    expect(timeOfDepartures(10, 0.1, 0)).toBeCloseTo(100);
    let exact = 0;
    for (let j = 0; j < 10; j++) exact += 1 / (0.1 + j * 0.01);
    expect(timeOfDepartures(10, 0.1, 0.01)).toBeCloseTo(exact, 9);
    expect(timeOfDepartures(0, 0.1, 0)).toBe(0);
  });
  it('QL-A uses the agents who match outright; the previous estimator every agent who may ever serve', () => {
    const p = predictWait(line);
    expect(p.qla).toBeCloseTo(10 * 300 / 10); // 10 departures at 10/300 per second
    expect(p.previous).toBeCloseTo(10 * 300 / 25);
    expect(p.les).toBe(40);
    expect(p.hol).toBe(50);
    expect(p.rate).toBe(p.qla); // no measured rate yet: falls back to QL-A
    expect(p.ours).toBeCloseTo(p.qla!); // the prior is QL-A alone
  });
  it('the measured rate and capacity share change RATE and the scaled predictor', () => {
    const p = predictWait({ ...line, departureRate: 0.05, capacityShare: 0.5 });
    expect(p.rate).toBeCloseTo(10 / 0.05);
    expect(p.scaled).toBeCloseTo(10 / (0.5 * 10 / 300));
  });
  it('every predictor says 0 when a matching agent is free for this place in line', () => {
    const p = predictWait({ ...line, ahead: 1, freeDirect: 2 });
    expect(Object.values(p).every((v) => v === 0)).toBe(true);
  });
  it('no matching agent and no measured rate: unknown, not a made-up number', () => {
    const p = predictWait({ ...line, directAgents: 0, capableAgents: 0 });
    expect(p.qla).toBeNull();
    expect(p.ours).toBeNull();
  });
});

describe('OnlineLinearFit', () => {
  it('learns the combination that explains the waits, starting from the prior', () => {
    const fit = new OnlineLinearFit(EWT_PRIOR_WEIGHTS, 1e2, 1);
    // Truth: wait = 0.4·qla + 0.6·rate + 5; features as ewtFeatures builds them.
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 3000; i++) {
      const qla = 10 + 100 * rnd();
      const rate = 10 + 100 * rnd();
      const x = ewtFeatures({ qla, rate, scaled: rate, les: 20 + 50 * rnd(), hol: 30 * rnd(), previous: qla })!;
      fit.update(x, 0.4 * qla + 0.6 * rate + 5);
    }
    const w = fit.weights;
    expect(w[0]! + w[2]! * 0).toBeCloseTo(0.4, 1);
    expect(w[1]! + w[2]!).toBeCloseTo(0.6, 1); // rate and scaled carry the same numbers here
    expect(fit.predict(ewtFeatures({ qla: 50, rate: 50, scaled: 50, les: 40, hol: 10, previous: 50 })!)).toBeCloseTo(55, 0);
  });
  it('ignores samples that are not numbers', () => {
    const fit = new OnlineLinearFit([1, 0]);
    fit.update([Number.NaN, 1], 3);
    fit.update([1, 1], Number.POSITIVE_INFINITY);
    expect(fit.samples).toBe(0);
    expect(fit.weights).toEqual([1, 0]);
  });
});

describe('QueueIndex.head', () => {
  it('is the first entry in queue order, optionally of one kind', () => {
    const svc = { id: 's', skills: { allOf: [], anyOf: [], expansion: [] } } as never;
    const ix = new QueueIndex([svc]);
    ix.add({ id: 'a', serviceId: 's', kind: 'callback', priority: 1, queuedSince: 10 });
    ix.add({ id: 'b', serviceId: 's', kind: 'call', priority: 1, queuedSince: 20 });
    ix.add({ id: 'c', serviceId: 's', kind: 'call', priority: 1, queuedSince: 5, extraSkills: [{ skill: 'x', minLevel: 1 }] });
    expect(ix.head('s')?.id).toBe('c');
    ix.remove('c');
    expect(ix.head('s')?.id).toBe('a');
    expect(ix.head('s', 'call')?.id).toBe('b');
    expect(ix.head('nope')).toBeUndefined();
  });
});
