/**
 * EWT predictors on the shipped days (issue 13 §1): one run of each scenario through the real
 * engine, callers through the IVR flow (callbacks offered), every predictor scored per service on
 * the same callers — the table `npm run simulate` prints. Run alone: npx tsx bench/ewt/days.ts [scenario.yaml ...]
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { renderEwtComparison } from '../../src/cli/sim/ewt-table.js';
import { planDay } from '../../src/cli/sim/plan.js';
import { runDay } from '../../src/cli/sim/run-day.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';

export const SHIPPED_DAYS = ['scenarios/normal-day.yaml', 'scenarios/peak-day.yaml'];

export async function ewtOnDays(files: string[] = SHIPPED_DAYS, configFile = 'config.yaml'): Promise<void> {
  const config = loadConfig(configFile);
  for (const file of files) {
    const scenario = loadScenario(file, config);
    const t0 = performance.now();
    const run = await runDay(config, scenario, planDay(config, scenario), { offerCallbacks: true, ingress: 'ivr', summary: false });
    console.log(`\n${renderEwtComparison(run.figures.ewtComparison, `${scenario.name} (${file}, seed ${scenario.seed})`)}`);
    console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ewtOnDays(process.argv.length > 2 ? process.argv.slice(2) : undefined);
}
