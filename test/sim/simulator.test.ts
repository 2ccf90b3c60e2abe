import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';
import { simulate, type Simulation } from '../../src/cli/sim/simulate.js';
import { renderTable } from '../../src/cli/sim/report.js';
import type { DayRun } from '../../src/cli/sim/run-day.js';

// 200-odd callers for billing, 3 agents: loaded enough that callbacks are offered.
const config = loadConfig('config.yaml', {});
const scenario = loadScenario('test/sim/fixtures/tiny.yaml', config);
let sim: Simulation;

beforeAll(async () => {
  sim = await simulate(config, scenario);
}, 240_000); // a bound against a hang only: the run took > 30 s on a loaded machine

const runs = (): [string, DayRun][] => [['with callbacks', sim.withCallbacks], ['without callbacks', sim.withoutCallbacks]];

describe('simulator on a tiny day (real engine, virtual clock)', () => {
  it('replays the same callers in both runs', () => {
    expect(sim.withCallbacks.figures.arrivals).toBe(sim.withoutCallbacks.figures.arrivals);
    expect(sim.withCallbacks.figures.arrivals).toBeGreaterThan(150);
    expect(sim.report.agents).toBe(3);
  });

  it.each([0, 1])('totals add up: answered + abandoned + callbacks accepted = arrivals (run %i)', (i) => {
    const [, run] = runs()[i]!;
    const f = run.figures;
    expect(f.stillWaiting).toBe(0);
    expect(run.records.filter((r) => r.outcome === 'callback-refused')).toHaveLength(0);
    expect(f.answered + f.abandoned + f.callbacks.accepted).toBe(f.arrivals);
    expect(run.errors).toEqual([]);
  });

  it('never dials the same attempt twice, and every dial is a claimed attempt', () => {
    for (const [, run] of runs()) {
      const ids = run.dials.map((d) => d.callId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(run.attempts.map((a) => a.callId)));
      const perCallback = new Map<string, number[]>();
      for (const a of run.attempts) perCallback.set(a.callbackId, [...(perCallback.get(a.callbackId) ?? []), a.number]);
      for (const numbers of perCallback.values()) {
        expect(numbers.sort((x, y) => x - y)).toEqual(numbers.map((_, k) => k + 1));
        expect(numbers.length).toBeLessThanOrEqual(config.services.find((s) => s.id === 'billing')!.retry.maxAttempts);
      }
    }
  });

  it('accounts for every accepted callback in a terminal or open state', () => {
    const cb = sim.withCallbacks.figures.callbacks;
    expect(cb.accepted).toBeGreaterThan(0);
    expect(cb.successful + cb.failed + cb.expired + cb.cancelled + cb.open).toBe(cb.accepted);
    expect(Object.keys(sim.withCallbacks.callbackStates)).toHaveLength(cb.accepted);
    expect(cb.successful).toBe(Object.values(sim.withCallbacks.callbackStates).filter((s) => s === 'COMPLETED').length);
    expect(cb.offered).toBeGreaterThanOrEqual(cb.accepted);
    expect(sim.withoutCallbacks.figures.callbacks.offered).toBe(0);
  });

  it('offering callbacks reduces abandonment on a loaded day', () => {
    expect(sim.withCallbacks.figures.abandonmentRate!).toBeLessThan(sim.withoutCallbacks.figures.abandonmentRate!);
  });

  it('measures occupancy, service level and EWT accuracy within their ranges', () => {
    for (const [, run] of runs()) {
      const f = run.figures;
      expect(f.agentOccupancy!).toBeGreaterThan(0.5);
      expect(f.agentOccupancy!).toBeLessThanOrEqual(1);
      expect(f.serviceLevel.share!).toBeGreaterThanOrEqual(0);
      expect(f.serviceLevel.share!).toBeLessThanOrEqual(1);
      expect(f.ewt.samples).toBe(f.answered);
      expect(f.ewt.meanAbsoluteErrorSeconds!).toBeGreaterThanOrEqual(0);
    }
    expect(renderTable(sim.report)).toMatch(/abandonment rate.*%.*%/);
  });
});
