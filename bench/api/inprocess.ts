/**
 * bench/api in-process: the POST use case (requestCallback) without HTTP, `--concurrency` requests
 * in flight like the HTTP bench's connections, each committed with synchronous=FULL (group commit)
 * before it resolves. Prints µs per request and the commit share; --cpu-prof profiles the loop.
 *   npx tsx bench/api/inprocess.ts [--requests 20000] [--concurrency 50] [--cpu-prof out.cpuprofile]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { requestCallback } from '../../src/app/callbacks/request-callback.js';
import { buildApp } from '../../src/build-app.js';
import { tempDir, testCalendar, testConfig } from '../../src/testing/test-config.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const REQUESTS = Number(arg('requests', '20000'));
const CONCURRENCY = Number(arg('concurrency', '50'));
const PROFILE = arg('cpu-prof', '');

const always = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const config = testConfig();
const dir = tempDir('holdless-inproc-');
config.storage = { path: join(dir, 'a.db'), synchronous: 'FULL', groupCommitMaxDelayMs: 0 };
config.calendars = [testCalendar({ weekly: always, holidays: [] })];
config.rules.maxRequestsPerNumberPer24h = 1_000_000;
const app = await buildApp(config);
await app.parts.queue?.start();
const { ctx } = app.parts;
const store = app.parts.sqlite!;

let n = 0;
async function worker(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await requestCallback(ctx, { serviceId: 'billing', phone: `+4930${String(1_000_000 + n++)}`, firstName: 'Ada', context: { page: '/bench' }, channel: 'api' });
  }
}
async function round(total: number): Promise<number> {
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(Math.floor(total / CONCURRENCY))));
  return performance.now() - start;
}

await round(Math.min(5000, REQUESTS)); // warm-up
let profiler: Session | undefined;
if (PROFILE) {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const stats0 = { ...store.committer.stats };
const fsync0 = { ...(store.syncer?.stats ?? { fsyncs: 0, fsyncMs: 0 }) };
const ms = await round(REQUESTS);
const stats1 = store.committer.stats;
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(PROFILE, JSON.stringify(profile));
}
const done = Math.floor(REQUESTS / CONCURRENCY) * CONCURRENCY;
const batches = stats1.batches - stats0.batches;
const commitMs = stats1.commitMs - stats0.commitMs;
console.log(`requestCallback ×${done}, ${CONCURRENCY} in flight, synchronous=FULL: ${((ms * 1000) / done).toFixed(1)} µs/request (${(done / (ms / 1000)).toFixed(0)}/s)`);
console.log(`commits: ${batches} (${(done / batches).toFixed(1)} writes each), ${((commitMs * 1000) / done).toFixed(1)} µs/request in COMMIT, ${((ms - commitMs) * 1000 / done).toFixed(1)} µs/request besides`);
if (store.syncer) {
  const fsyncs = store.syncer.stats.fsyncs - fsync0.fsyncs;
  const fsyncMs = store.syncer.stats.fsyncMs - fsync0.fsyncMs;
  console.log(`WAL fsyncs off the event loop: ${fsyncs} (${(done / Math.max(1, fsyncs)).toFixed(1)} writes each, ${(fsyncMs / Math.max(1, fsyncs)).toFixed(2)} ms each)`);
}
await app.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
