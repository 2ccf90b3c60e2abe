/**
 * Several simulated days at once: `simulate` runs the day twice (callbacks offered / everyone
 * holds) and a sweep once per value; the runs are independent (each has its own app, store and
 * virtual clock), so they go to worker threads, one per core. A run in a worker is the same run
 * as in this thread (same plan, same seed: same records and figures, test/sim/parallel.test.ts).
 * `workers: 1` runs them here, one after another.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '../../adapters/config/types.js';
import type { Progress } from '../progress.js';
import type { DayPlan } from './plan.js';
import { runDay, type DayRun, type RunOptions } from './run-day.js';
import type { Scenario } from './scenario.js';

export interface DayJob { label: string; config: AppConfig; scenario: Scenario; plan: DayPlan; opts: Omit<RunOptions, 'onProgress'> }
export interface TimedRun { run: DayRun; seconds: number }

/** What a day worker posts back (src/cli/sim/day-worker.ts). */
export type WorkerReply = { kind: 'progress'; share: number } | { kind: 'done'; result: TimedRun } | { kind: 'failed'; message: string; stack?: string };

/** One worker per core, never more than there are runs. */
export const defaultWorkers = (runs: number): number => Math.max(1, Math.min(runs, availableParallelism()));

export async function runDays(jobs: DayJob[], opts: { workers?: number; progress?: Progress } = {}): Promise<TimedRun[]> {
  const workers = Math.min(opts.workers ?? 1, jobs.length);
  if (workers <= 1) return inThisThread(jobs, opts.progress);
  const results: TimedRun[] = new Array(jobs.length);
  const running = new Set<Worker>();
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < jobs.length && !failed) {
      const i = next++;
      results[i] = await inWorker(jobs[i]!, running, (share) => opts.progress?.update(jobs[i]!.label, share));
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } catch (e) {
    // One run failed: the others are stopped, not left to finish behind the error.
    failed = true;
    await Promise.all([...running].map((w) => w.terminate()));
    throw e;
  } finally {
    opts.progress?.done();
  }
  return results;
}

async function inThisThread(jobs: DayJob[], progress?: Progress): Promise<TimedRun[]> {
  const out: TimedRun[] = [];
  for (const job of jobs) {
    const t0 = performance.now();
    const run = await runDay(job.config, job.scenario, job.plan, { ...job.opts, onProgress: (s) => progress?.update(job.label, s) });
    progress?.done();
    out.push({ run, seconds: (performance.now() - t0) / 1000 });
  }
  return out;
}

/**
 * A worker thread does not take the parent's --import loader (Node 20): when this file runs as
 * TypeScript (tsx: npm run simulate, a test runner), the worker registers tsx itself, then loads
 * the day worker.
 */
function tsxEsmApi(): string {
  // The ESM entry of tsx/esm/api (require.resolve would give its CommonJS one; a test runner's
  // import.meta has no resolve()).
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(pkgPath)).href;
}

function startWorker(job: DayJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./day-worker.js', import.meta.url), { workerData: job });
  const api = tsxEsmApi();
  const file = new URL('./day-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

function inWorker(job: DayJob, running: Set<Worker>, onProgress: (share: number) => void): Promise<TimedRun> {
  const worker = startWorker(job);
  running.add(worker);
  return new Promise<TimedRun>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(worker);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerReply) => {
      if (m.kind === 'progress') onProgress(m.share);
      else if (m.kind === 'done') finish(() => resolve(m.result));
      else finish(() => reject(Object.assign(new Error(`${job.label.trim()}: ${m.message}`), { stack: m.stack })));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`${job.label.trim()}: the simulation worker exited with code ${code} before it finished`))));
  });
}
