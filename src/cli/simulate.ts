/**
 * npm run simulate -- --config config.yaml --scenario scenarios/normal-day.yaml [--json out.json] [--no-progress]
 * A day through the real engine on a virtual clock, with and without callbacks offered.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../adapters/config/load-config.js';
import { progressBar } from './progress.js';
import { renderTable } from './sim/report.js';
import { renderEwtComparison } from './sim/ewt-table.js';
import { renderSummaryBlock } from './report-block.js';
import { loadScenario } from './sim/scenario.js';
import { simulate } from './sim/simulate.js';
import { defaultWorkers } from './sim/parallel.js';
import { parseSweep, renderSweep, sweep } from './sim/sweep.js';

const USAGE = 'usage: simulate --config config.yaml --scenario scenarios/<name>.yaml [--json out.json] [--no-progress] [--sweep offer.autoTransferBelowSeconds=60,120,300] [--ingress ivr|queue] [--jobs N (runs at once, default: one per core)]';

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { config: { type: 'string', default: 'config.yaml' }, scenario: { type: 'string' }, json: { type: 'string' }, 'no-progress': { type: 'boolean', default: false }, sweep: { type: 'string' }, ingress: { type: 'string', default: 'ivr' }, jobs: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) { console.log(USAGE); return 0; }
  if (!args.scenario) { console.error(USAGE); return 2; }
  try {
    const config = loadConfig(args.config!);
    const scenario = loadScenario(args.scenario, config);
    if (args.ingress !== 'ivr' && args.ingress !== 'queue') { console.error(`--ingress must be ivr (through the IVR flow) or queue (straight into the queue, faster)\n${USAGE}`); return 2; }
    const ingress = args.ingress;
    const jobs = args.jobs === undefined ? undefined : Number(args.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) { console.error(`--jobs must be a whole number >= 1\n${USAGE}`); return 2; }
    if (args.sweep) return await runSweep(config, scenario, args.sweep, !args['no-progress'], args.json, ingress, jobs);
    const sim = await simulate(config, scenario, progressBar(!args['no-progress']), ingress, jobs ?? defaultWorkers(2));
    console.log(renderTable(sim.report));
    console.log(`\n${renderEwtComparison(sim.report.runs.withCallbacks.ewtComparison, 'with callbacks')}`);
    console.log(`\n${renderEwtComparison(sim.report.runs.withoutCallbacks.ewtComparison, 'without callbacks')}`);
    console.log(`\n${renderSummaryBlock(sim.withCallbacks.summary, 'callback summary of the day with callbacks (from its event log)')}`);
    for (const [label, run] of [['with callbacks', sim.withCallbacks], ['without callbacks', sim.withoutCallbacks]] as const) {
      if (run.errors.length) console.error(`warning (${label}): ${run.errors.length} engine error(s), first: ${run.errors[0]}`);
    }
    if (args.json) {
      writeFileSync(args.json, `${JSON.stringify(sim.report, null, 2)}\n`);
      console.log(`wrote ${args.json}`);
    }
    return 0;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    console.error(err.code === 'SWEEP_INVALID' || err.code === 'SCENARIO_INVALID' || err.code === 'CONFIG_INVALID' || err.code === 'SCENARIO_NOT_FOUND' ? err.message : e);
    return 1;
  }
}

async function runSweep(config: Parameters<typeof sweep>[0], scenario: Parameters<typeof sweep>[1], text: string, progress: boolean, json: string | undefined, ingress: 'queue' | 'ivr', jobs: number | undefined): Promise<number> {
  const spec = parseSweep(text, config);
  const rows = await sweep(config, scenario, spec, progressBar(progress), ingress, jobs ?? defaultWorkers(spec.values.length));
  console.log(`${scenario.name}: sweep of ${text} (same callers each run, callbacks offered, ${ingress === 'ivr' ? 'through the IVR flow' : 'straight into the queue'})\n`);
  console.log(renderSweep(spec, rows));
  if (json) {
    writeFileSync(json, `${JSON.stringify({ scenario: scenario.name, sweep: text, rows }, null, 2)}\n`);
    console.log(`wrote ${json}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
