/**
 * Does a speed change keep the simulation the same? Runs both shipped days (callbacks offered,
 * through the IVR, as bench/sim/run.ts does) and writes every caller's record, every customer
 * dial, every attempt, the callback end states, the day figures and the event-log summary to a
 * JSON file; with --against, compares them field by field with a file written before the change.
 * Ids the app draws at random (callback ids, call ids) are replaced by their order of appearance.
 *
 *   npx tsx bench/sim/same.ts --out /tmp/before.json                  # on the old tree
 *   npx tsx bench/sim/same.ts --out /tmp/after.json --against /tmp/before.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { planDay } from '../../src/cli/sim/plan.js';
import { runDay, type DayRun } from '../../src/cli/sim/run-day.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';

const DAYS = ['scenarios/normal-day.yaml', 'scenarios/peak-day.yaml'];

/** The run with random ids renamed in order of appearance (records first, then dials). */
function normalised(run: DayRun): unknown {
  const names = new Map<string, string>();
  const name = (prefix: string, id: string | undefined) => {
    if (id === undefined) return undefined;
    let n = names.get(id);
    if (!n) names.set(id, (n = `${prefix}${names.size}`));
    return n;
  };
  const records = run.records.map((r) => ({ ...r, callbackId: name('cb', r.callbackId) }));
  const dials = run.dials.map((d) => ({ ...d, callId: name('call', d.callId) }));
  const attempts = run.attempts.map((a) => ({ ...a, callbackId: name('cb', a.callbackId), callId: name('call', a.callId) }));
  const states = Object.entries(run.callbackStates).map(([id, s]) => [name('cb', id), s]).sort();
  return { records, dials, attempts, states, figures: run.figures, summary: run.summary, errors: run.errors, events: run.events };
}

/** The first differences between two JSON values, as paths. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 20 || isDeepStrictEqual(a, b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
    return;
  }
  out.push(`${path}: before ${JSON.stringify(a)}, after ${JSON.stringify(b)}`);
}

const { values } = parseArgs({ options: { out: { type: 'string' }, against: { type: 'string' }, config: { type: 'string', default: 'config.yaml' } } });
const config = loadConfig(values.config!);
const result: Record<string, unknown> = {};
for (const file of DAYS) {
  const scenario = loadScenario(file, config);
  const run = await runDay(config, scenario, planDay(config, scenario), { offerCallbacks: true, ingress: 'ivr' });
  result[file] = normalised(run);
  console.error(`${file}: ${run.records.length} records, ${run.dials.length} dials, ${run.attempts.length} attempts`);
}
const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
if (values.out) writeFileSync(values.out, JSON.stringify(json));
if (values.against) {
  const before = JSON.parse(readFileSync(values.against, 'utf8')) as Record<string, unknown>;
  let same = true;
  for (const file of DAYS) {
    const diff: string[] = [];
    differences(before[file], json[file], file, diff);
    if (diff.length) same = false;
    console.log(diff.length ? `${file}: DIFFERENT\n  ${diff.join('\n  ')}` : `${file}: equal (records, dials, attempts, states, figures, summary)`);
  }
  process.exitCode = same ? 0 : 1;
}
