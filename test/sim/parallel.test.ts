import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { planDay } from '../../src/cli/sim/plan.js';
import { runDays, type DayJob, type TimedRun } from '../../src/cli/sim/parallel.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';

const config = loadConfig('config.yaml', {});
const scenario = loadScenario('test/sim/fixtures/tiny.yaml', config);
const plan = planDay(config, scenario);
const jobs: DayJob[] = [
  { label: 'with', config, scenario, plan, opts: { offerCallbacks: true, ingress: 'ivr' } },
  { label: 'without', config, scenario, plan, opts: { offerCallbacks: false, ingress: 'ivr' } },
];

/** A run without the ids the app draws at random (callback ids, call ids). */
const comparable = ({ run }: TimedRun) => ({
  figures: run.figures, summary: run.summary, errors: run.errors, events: run.events,
  records: run.records.map(({ callbackId: _id, ...r }) => r),
  dials: run.dials.map((d) => d.to), attempts: run.attempts.map((a) => [a.number, a.outcome]),
});

describe('simulated days in worker threads', () => {
  it('gives each run exactly what it gives in this thread, in the order of the jobs', async () => {
    const shares = new Map<string, number[]>();
    const progress = { update: (label: string, s: number) => shares.set(label, [...(shares.get(label) ?? []), s]), done: () => undefined };
    const here = await runDays(jobs, { workers: 1 });
    const there = await runDays(jobs, { workers: 2, progress });
    expect(there.map(comparable)).toEqual(here.map(comparable));
    expect(here[0]!.run.figures.callbacks.accepted).toBeGreaterThan(0);
    expect(here[1]!.run.figures.callbacks.offered).toBe(0);
    // Each worker reported its own progress, rising to the end of the day.
    for (const label of ['with', 'without']) {
      const s = shares.get(label)!;
      expect(s.length).toBeGreaterThan(10);
      expect(s.at(-1)!).toBeGreaterThan(0.95);
      expect([...s].sort((a, b) => a - b)).toEqual(s);
    }
  }, 120_000);

  it('a run that fails in its worker rejects with the run\'s label', async () => {
    const broken = { ...jobs[0]!, label: 'broken run', config: { ...config, services: [] } };
    await expect(runDays([broken, jobs[1]!], { workers: 2 })).rejects.toThrow(/broken run/);
  }, 120_000);
});
