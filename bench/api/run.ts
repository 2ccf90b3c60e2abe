/**
 * bench/api: POST /v1/callbacks committed with synchronous=FULL (group commit) next to a bare
 * fastify route with the same body schema and no storage, in the same run; then GET availability
 * with 100k booked callbacks. Loopback only, bounded duration. Prints req/s, p99 and ratios.
 *   npx tsx bench/api/run.ts [--seconds 8] [--cpu-prof-dir DIR] [--only-post]
 * --cpu-prof-dir writes a CPU profile of each holdless server; --only-post skips availability.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../../src/testing/test-config.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 8;
const here = new URL('.', import.meta.url).pathname;
const profIndex = process.argv.indexOf('--cpu-prof-dir');
const profDir = profIndex > 0 ? process.argv[profIndex + 1] : undefined;
const onlyPost = process.argv.includes('--only-post');

async function startServer(args: string[]): Promise<ChildProcess> {
  const prof = profDir && args[0] === 'holdless' ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = fork(join(here, 'server.ts'), args, { execArgv: [...prof, '--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return child;
}

interface Result { rps: number; p99: number; p50: number; non2xx: number; errors: number }

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Result> {
  const r = await autocannon({ url, connections: 50, duration: seconds, ...opts });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, non2xx: r.non2xx, errors: r.errors };
}

let n = 0; // unique numbers across every run (one open callback per number per service)
function postLoad(port: number): Promise<Result> {
  return load(`http://127.0.0.1:${port}/v1/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'partner-secret' },
    requests: [{
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ serviceId: 'billing', phone: `+4930${String(1_000_000 + n++)}`, firstName: 'Ada', context: { page: '/bench' } }),
      }),
    }],
  });
}

const row = (name: string, r: Result) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`;

async function main(): Promise<void> {
  const dir = tempDir('holdless-bench-');
  const results: [string, Result][] = [];
  const run = async (name: string, args: string[], fn: (port: number) => Promise<Result>) => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const child = await startServer([args[0]!, String(port), ...args.slice(1)]);
    await fn(port).then(() => undefined); // warm-up round is the first call's first seconds; measure again
    const r = await fn(port);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    results.push([name, r]);
    console.log(row(name, r));
    return r;
  };
  console.log(`bench/api — ${seconds}s per run after an equal warm-up, 50 connections, loopback\n`);
  const bare = await run('bare fastify POST (no storage)', ['bare'], postLoad);
  const ours = await run('holdless POST (FULL, group commit)', ['holdless', join(dir, 'a.db'), '0'], postLoad);
  const ours2 = await run('holdless POST (FULL, 2 ms window)', ['holdless', join(dir, 'b.db'), '2'], postLoad);
  console.log(`\nratio holdless/bare: ${(ours.rps / bare.rps).toFixed(2)} (setImmediate batching), ${(ours2.rps / bare.rps).toFixed(2)} (2 ms window)   goal >= 0.5`);

  if (onlyPost) return;
  const from = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
  const to = encodeURIComponent(new Date(Date.now() + 8 * 86_400_000).toISOString());
  const avail = await run('GET availability, 100k booked (7 days)', ['holdless', join(dir, 'c.db'), '0', '100000'],
    (port) => load(`http://127.0.0.1:${port}/v1/services/billing/availability?from=${from}&to=${to}`, { connections: 1 }));
  console.log(`\navailability p99 ${avail.p99} ms with one connection (goal <= 5 ms)`);
}

await main();
