/** One simulated day in a worker thread (parallel.ts): the job comes as workerData, the run goes back by message. */
import { parentPort, workerData } from 'node:worker_threads';
import type { DayJob, WorkerReply } from './parallel.js';
import { runDay } from './run-day.js';

const job = workerData as DayJob;
const post = (m: WorkerReply) => parentPort!.postMessage(m);
let shown = -1;
const t0 = performance.now();
try {
  const run = await runDay(job.config, job.scenario, job.plan, {
    ...job.opts,
    // runDay reports often; a message per 0.5 % is enough for the bar.
    onProgress: (share) => {
      const step = Math.floor(share * 200);
      if (step !== shown) { shown = step; post({ kind: 'progress', share }); }
    },
  });
  post({ kind: 'done', result: { run, seconds: (performance.now() - t0) / 1000 } });
} catch (e) {
  post({ kind: 'failed', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
}
