/** The side-by-side table of the two runs, and the JSON written with --json. */
import type { DayFigures } from './metrics.js';

export interface SimulationReport {
  scenario: string;
  date: string;
  seed: number;
  calls: number;
  agents: number;
  /** 'ivr-flow': callers went through the inbound IVR flow; 'enqueueLiveCall': straight into the queue. */
  ingress: 'ivr-flow' | 'enqueueLiveCall';
  runs: { withCallbacks: DayFigures; withoutCallbacks: DayFigures };
  timing: { withCallbacksSeconds: number; withoutCallbacksSeconds: number; totalSeconds: number; workers: number };
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);
const num = (x: number | null) => (x === null ? '-' : String(x));
const ratio = (x: number | null) => (x === null ? '-' : x.toFixed(3));

export function renderTable(r: SimulationReport): string {
  const a = r.runs.withCallbacks;
  const b = r.runs.withoutCallbacks;
  const rows: [string, string, string][] = [
    ['arrivals', num(a.arrivals), num(b.arrivals)],
    ['answered live', num(a.answered), num(b.answered)],
    ['abandoned', num(a.abandoned), num(b.abandoned)],
    [`service level (answered <= ${a.serviceLevel.seconds} s)`, pct(a.serviceLevel.share), pct(b.serviceLevel.share)],
    ['average wait (speed of answer)', sec(a.averageWaitSeconds), sec(b.averageWaitSeconds)],
    ['abandonment rate (of arrivals)', pct(a.abandonmentRate), pct(b.abandonmentRate)],
    ['callbacks offered', num(a.callbacks.offered), num(b.callbacks.offered)],
    ['callbacks accepted', num(a.callbacks.accepted), num(b.callbacks.accepted)],
    ['callbacks successful (completed)', num(a.callbacks.successful), num(b.callbacks.successful)],
    ['callbacks failed', num(a.callbacks.failed), num(b.callbacks.failed)],
    ['callbacks expired / still open', `${a.callbacks.expired} / ${a.callbacks.open}`, `${b.callbacks.expired} / ${b.callbacks.open}`],
    ['callback dial attempts', num(a.callbacks.attempts), num(b.callbacks.attempts)],
    ['callback: arrival to agent (mean)', sec(a.callbacks.meanTimeToConnectSeconds), sec(b.callbacks.meanTimeToConnectSeconds)],
    ['agent occupancy', pct(a.agentOccupancy), pct(b.agentOccupancy)],
    ['EWT mean absolute error', sec(a.ewt.meanAbsoluteErrorSeconds), sec(b.ewt.meanAbsoluteErrorSeconds)],
    ['EWT relative squared error', ratio(a.ewt.relativeSquaredError), ratio(b.ewt.relativeSquaredError)],
    ['EWT samples (answered callers)', num(a.ewt.samples), num(b.ewt.samples)],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max('with callbacks'.length, ...rows.map((x) => x[1].length));
  const line = (c: [string, string, string]) => `${c[0].padEnd(w0)}  ${c[1].padStart(w1)}  ${c[2].padStart(17)}`;
  return [
    `${r.scenario}: ${r.calls} calls, ${r.agents} agents, ${r.date} (seed ${r.seed})`,
    '',
    line(['', 'with callbacks', 'without callbacks']),
    line(['', '-'.repeat(w1), '-'.repeat(17)]),
    ...rows.map(line),
    '',
    `ran in ${r.timing.totalSeconds.toFixed(1)} s (with callbacks ${r.timing.withCallbacksSeconds.toFixed(1)} s, without ${r.timing.withoutCallbacksSeconds.toFixed(1)} s; ${r.timing.workers > 1 ? `${r.timing.workers} at once in worker threads` : 'one after the other'})`,
  ].join('\n');
}
