/** Runs a scenario twice (callbacks offered / everyone holds) and reports both side by side. */
import type { AppConfig } from '../../adapters/config/types.js';
import type { Progress } from '../progress.js';
import type { DayRun } from './run-day.js';
import { runDays, type TimedRun } from './parallel.js';
import { planDay } from './plan.js';
import type { SimulationReport } from './report.js';
import type { Scenario } from './scenario.js';

export interface Simulation { report: SimulationReport; withCallbacks: DayRun; withoutCallbacks: DayRun }

/** `workers`: runs at once in worker threads (sim/parallel.ts); 1 (default) runs both here, one after the other. */
export async function simulate(config: AppConfig, scenario: Scenario, progress?: Progress, ingress: 'queue' | 'ivr' = 'queue', workers = 1): Promise<Simulation> {
  const plan = planDay(config, scenario);
  const t0 = performance.now();
  const [a, b] = await runDays([
    { label: 'with callbacks   ', config, scenario, plan, opts: { offerCallbacks: true, ingress } },
    { label: 'without callbacks', config, scenario, plan, opts: { offerCallbacks: false, ingress } },
  ], { workers, progress }) as [TimedRun, TimedRun];
  const elapsed = (performance.now() - t0) / 1000;
  return {
    withCallbacks: a.run,
    withoutCallbacks: b.run,
    report: {
      scenario: scenario.name, date: scenario.date, seed: scenario.seed, calls: plan.callers.length, agents: plan.shifts.length,
      ingress: ingress === 'ivr' ? 'ivr-flow' : 'enqueueLiveCall',
      runs: { withCallbacks: a.run.figures, withoutCallbacks: b.run.figures },
      timing: { withCallbacksSeconds: a.seconds, withoutCallbacksSeconds: b.seconds, totalSeconds: elapsed, workers: Math.min(workers, 2) },
    },
  };
}
