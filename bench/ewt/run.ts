/**
 * EWT accuracy on M/M/s (issue 3 §4). For every arriving customer who has to wait we record the
 * prediction of our estimator (with the AHT learnt by HandleTimeTracker from completions, not
 * the true service rate), of two vendor formulas (same learnt AHT), and of the oracle
 * (n+1)/(sμ) with the true μ, then the actual wait. Printed: relative mean squared error
 * MSE / (mean wait)², next to the theoretical optimum 1 − load. Then the shipped days through the
 * real engine, every real-time predictor per service (bench/ewt/days.ts; skip with --mms-only).
 * Run: npx tsx bench/ewt/run.ts [--mms-only]
 */
import { ewtOnDays } from './days.js';
import { AbandonRateTracker, HandleTimeTracker, estimateWaitSeconds } from '../../src/domain/ewt.js';
import { simulateMms } from '../../src/sim/mms.js';

const AHT = 300; // true mean handle time, seconds
const INITIAL_AHT = 450; // the configured starting value: deliberately 50% off, the tracker must learn
const WARMUP_SECONDS = 100 * AHT;

interface Case {
  servers: number;
  load: number;
  hours: number;
  meanPatienceSeconds?: number;
}

const PREDICTORS = ['ours', 'oracle', 'ahtQueuedOverAgents', 'queuedPlusOne'] as const;
type Predictor = (typeof PREDICTORS)[number];

function runCase(c: Case, seed: number) {
  const mu = 1 / AHT;
  const handle = new HandleTimeTracker(INITIAL_AHT);
  const abandon = new AbandonRateTracker();
  const theta = c.meanPatienceSeconds ? 1 / c.meanPatienceSeconds : 0;
  const predicted = new Map<number, Record<Predictor, number>>();
  const sq: Record<Predictor, number> = { ours: 0, oracle: 0, ahtQueuedOverAgents: 0, queuedPlusOne: 0 };
  let count = 0;
  let sumWait = 0;
  const settle = (id: number, wait: number) => {
    const p = predicted.get(id);
    if (!p) return;
    predicted.delete(id);
    count++;
    sumWait += wait;
    for (const k of PREDICTORS) sq[k] += (p[k] - wait) ** 2;
  };
  const totals = simulateMms(
    {
      servers: c.servers,
      arrivalRatePerSecond: c.load * c.servers * mu,
      meanServiceSeconds: AHT,
      meanPatienceSeconds: c.meanPatienceSeconds,
      durationSeconds: c.hours * 3600,
      seed,
    },
    {
      onArrival(a) {
        if (a.busy < a.servers || a.atSeconds < WARMUP_SECONDS) return; // only those who wait
        const n = a.ahead;
        const aht = handle.averageSeconds;
        const ours = estimateWaitSeconds({ ahead: n, agents: a.servers, freeAgents: 0, handleSeconds: aht, abandonRatePerSecond: abandon.ratePerSecond });
        let oracle = 0;
        for (let j = 0; j <= n; j++) oracle += 1 / (a.servers * mu + j * theta);
        predicted.set(a.id, { ours, oracle, ahtQueuedOverAgents: (aht * n) / a.servers, queuedPlusOne: ((n + 1) * aht) / a.servers });
      },
      onServiceStart(id, wait) {
        abandon.record(wait, false);
        settle(id, wait);
      },
      onAbandoned(_id, wait) {
        abandon.record(wait, true);
      },
      onVirtualWaitEnd: settle,
      onCompleted: (h) => handle.record(h),
    },
  );
  const meanWait = sumWait / count;
  const rel = Object.fromEntries(PREDICTORS.map((k) => [k, sq[k] / count / meanWait ** 2])) as Record<Predictor, number>;
  return { totals, count, meanWait, rel, learntAht: handle.averageSeconds };
}

const fmt = (x: number, d = 4) => x.toFixed(d).padStart(8);
const cases: Case[] = [];
const ARRIVALS_PER_CASE = 1_500_000; // bounds the runtime: about 1-2 s per case
const hoursFor = (servers: number, load: number, arrivals: number) => arrivals / (load * servers * (3600 / AHT));
for (const servers of [20, 50, 100]) for (const load of [0.8, 0.9, 0.95]) cases.push({ servers, load, hours: hoursFor(servers, load, ARRIVALS_PER_CASE) });

const started = performance.now();
console.log(`EWT accuracy, M/M/s FIFO, AHT ${AHT}s (tracker starts at ${INITIAL_AHT}s), warm-up ${(WARMUP_SECONDS / 3600).toFixed(1)} h excluded, ${ARRIVALS_PER_CASE} arrivals per case`);
console.log('relative MSE = mean((predicted - actual)^2) / (mean wait)^2 over customers who waited\n');
console.log('   s  load  waiters  meanWait(s)     ours  optimum ours/opt  oracle ours/orcl  AHT*q/s (q+1)AHT/s  verdict');
let seed = 1;
for (const c of cases) {
  const r = runCase(c, seed++);
  const opt = 1 - c.load;
  const within = r.rel.ours <= opt * 1.1;
  const vsF2 = r.rel.ours < r.rel.queuedPlusOne - 1e-12 ? 'better' : r.rel.ours <= r.rel.queuedPlusOne + 1e-12 ? 'equal' : 'WORSE';
  console.log(
    `${String(c.servers).padStart(4)} ${c.load.toFixed(2).padStart(5)} ${String(r.count).padStart(8)} ${r.meanWait.toFixed(1).padStart(11)}` +
      ` ${fmt(r.rel.ours)} ${fmt(opt)} ${fmt(r.rel.ours / opt, 3)} ${fmt(r.rel.oracle)} ${fmt(r.rel.ours / r.rel.oracle, 3)}` +
      ` ${fmt(r.rel.ahtQueuedOverAgents)} ${fmt(r.rel.queuedPlusOne, 4).padStart(11)}  ${within ? 'within10%' : 'OUTSIDE10%'}, vs AHT*q/s ${r.rel.ours < r.rel.ahtQueuedOverAgents ? 'better' : 'WORSE'}, vs (q+1) ${vsF2}`,
  );
}

console.log('\nWith abandonment (M/M/s+M, exponential patience, mean 2 x AHT): the optimum is the oracle');
console.log('   s  load  waiters  meanWait(s)     ours   oracle ours/orcl  AHT*q/s (q+1)AHT/s');
for (const servers of [20, 50, 100]) {
  const c: Case = { servers, load: 1.1, hours: hoursFor(servers, 1.1, ARRIVALS_PER_CASE / 2), meanPatienceSeconds: 2 * AHT };
  const r = runCase(c, seed++);
  console.log(
    `${String(c.servers).padStart(4)} ${c.load.toFixed(2).padStart(5)} ${String(r.count).padStart(8)} ${r.meanWait.toFixed(1).padStart(11)}` +
      ` ${fmt(r.rel.ours)} ${fmt(r.rel.oracle)} ${fmt(r.rel.ours / r.rel.oracle, 3)} ${fmt(r.rel.ahtQueuedOverAgents)} ${fmt(r.rel.queuedPlusOne, 4).padStart(11)}`,
  );
}
console.log('\nWithout abandonment our estimator reduces to (q+1) x AHT / s (same learnt AHT), so those columns match;');
console.log('with abandonment it subtracts those ahead who give up, at the measured rate.');
console.log(`\n(M/M/s part ${((performance.now() - started) / 1000).toFixed(1)} s)`);
if (!process.argv.includes('--mms-only')) {
  console.log('\nShipped days through the real engine (multi-skill, expansion, abandonment, callbacks and live calls in one queue):');
  await ewtOnDays();
}
