/** Runs a scenario twice (callbacks offered / everyone holds) and reports both side by side. */
import type { AppConfig } from '../../adapters/config/types.js';
import type { Progress } from '../progress.js';
import { runDay, type DayRun } from './run-day.js';
import { planDay } from './plan.js';
import type { SimulationReport } from './report.js';
import type { Scenario } from './scenario.js';

export interface Simulation { report: SimulationReport; withCallbacks: DayRun; withoutCallbacks: DayRun }

export async function simulate(config: AppConfig, scenario: Scenario, progress?: Progress, ingress: 'queue' | 'ivr' = 'queue'): Promise<Simulation> {
  const plan = planDay(config, scenario);
  const timed = async (offerCallbacks: boolean, label: string) => {
    const t0 = performance.now();
    const run = await runDay(config, scenario, plan, { offerCallbacks, ingress, onProgress: (s) => progress?.update(label, s) });
    progress?.done();
    return { run, seconds: (performance.now() - t0) / 1000 };
  };
  const a = await timed(true, 'with callbacks   ');
  const b = await timed(false, 'without callbacks');
  return {
    withCallbacks: a.run,
    withoutCallbacks: b.run,
    report: {
      scenario: scenario.name, date: scenario.date, seed: scenario.seed, calls: plan.callers.length, agents: plan.shifts.length,
      ingress: ingress === 'ivr' ? 'ivr-flow' : 'enqueueLiveCall',
      runs: { withCallbacks: a.run.figures, withoutCallbacks: b.run.figures },
      timing: { withCallbacksSeconds: a.seconds, withoutCallbacksSeconds: b.seconds, totalSeconds: a.seconds + b.seconds },
    },
  };
}
