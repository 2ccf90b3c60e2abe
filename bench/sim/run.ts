/**
 * Simulator speed (issue 13 §2: "a 20,000-call day should simulate in under 5 s per run").
 * One run (callbacks offered, through the IVR flow) of each shipped day and of a 20,000-call day
 * (the peak day's arrivals scaled to 20,000 expected calls), each printed with wall and CPU time,
 * simulated calls per second, and the ratio to the goal (4,000 calls/s; ≥ 1 meets it).
 * Baseline measured in the same run: the bare virtual scheduler firing the same number of timer
 * events with the same settle after each (no app) — the floor of this event loop on this machine.
 * Machines here are shared: CPU time (user + system of this process) is the steadier figure.
 *
 *   npx tsx bench/sim/run.ts [--calls 20000] [--ingress ivr|queue] [--scaled-only] [scenario.yaml ...]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import { planDay } from '../../src/cli/sim/plan.js';
import { runDay } from '../../src/cli/sim/run-day.js';
import { loadScenario, type Scenario } from '../../src/cli/sim/scenario.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

export const GOAL = { calls: 20_000, seconds: 5 };
const goalRate = GOAL.calls / GOAL.seconds;

export interface SpeedRow { name: string; calls: number; events: number; wallSeconds: number; cpuSeconds: number; floorCpuSeconds: number }

/** The scenario with every hourly rate scaled so the day expects `calls` arrivals. */
export function scaledTo(s: Scenario, calls: number): Scenario {
  const expected = Object.values(s.services).reduce((n, l) => n + Object.values(l.callsPerHour).reduce((a, b) => a + b, 0), 0);
  const k = calls / expected;
  const services = Object.fromEntries(Object.entries(s.services).map(([id, l]) => [id, {
    ...l, callsPerHour: Object.fromEntries(Object.entries(l.callsPerHour).map(([h, n]) => [h, n * k])),
  }]));
  return { ...s, name: `${s.name} scaled to ${calls.toLocaleString('en')} calls`, services };
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** The same number of timer events through the virtual scheduler, each followed by its settle. */
async function floor(events: number): Promise<number> {
  const s = new VirtualScheduler(0);
  const cpu = process.cpuUsage();
  for (let i = 0; i < events; i++) s.setTimer(i, () => undefined);
  await s.runUntilIdle();
  return cpuSeconds(cpu);
}

export async function measure(config: AppConfig, scenario: Scenario, ingress: 'ivr' | 'queue'): Promise<SpeedRow> {
  const plan = planDay(config, scenario);
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const run = await runDay(config, scenario, plan, { offerCallbacks: true, ingress });
  const row = { name: scenario.name, calls: plan.callers.length, events: run.events, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds(cpu) };
  if (run.errors.length) console.error(`warning: ${run.errors.length} engine error(s), first: ${run.errors[0]}`);
  return { ...row, floorCpuSeconds: await floor(run.events) };
}

export function renderSpeed(rows: SpeedRow[]): string {
  const head = ['day', 'calls', 'events', 'wall s', 'CPU s', 'calls/s (CPU)', `ratio to goal`, 'CPU / bare loop'];
  const body = rows.map((r) => {
    const rate = r.calls / r.cpuSeconds;
    return [r.name, String(r.calls), String(r.events), r.wallSeconds.toFixed(2), r.cpuSeconds.toFixed(2), rate.toFixed(0),
      `${(rate / goalRate).toFixed(2)}${rate >= goalRate ? ' ok' : ' MISS'}`, `${(r.cpuSeconds / r.floorCpuSeconds).toFixed(1)}×`];
  });
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  return [
    `simulator speed, one run per day (callbacks offered); goal: ${GOAL.calls.toLocaleString('en')} calls in < ${GOAL.seconds} s = ${goalRate} calls/s (ratio ≥ 1 meets it)`,
    line(head), ...body.map(line),
    'bare loop: the same number of timer events through the virtual scheduler with no app (measured in this run)',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { calls: { type: 'string', default: String(GOAL.calls) }, ingress: { type: 'string', default: 'ivr' }, config: { type: 'string', default: 'config.yaml' }, 'scaled-only': { type: 'boolean', default: false } },
  });
  const config = loadConfig(values.config!);
  const ingress = values.ingress === 'queue' ? 'queue' : 'ivr';
  const files = positionals.length || values['scaled-only'] ? positionals : ['scenarios/normal-day.yaml', 'scenarios/peak-day.yaml'];
  const scenarios = files.map((f) => loadScenario(f, config));
  const peak = loadScenario('scenarios/peak-day.yaml', config);
  if (!positionals.length) scenarios.push(scaledTo(peak, Number(values.calls)));
  const rows: SpeedRow[] = [];
  for (const s of scenarios) {
    rows.push(await measure(config, s, ingress));
    const r = rows.at(-1)!;
    console.error(`${r.name}: ${r.calls} calls, ${r.wallSeconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU`);
  }
  console.log(renderSpeed(rows));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
