/**
 * bench/api inject: POST /v1/callbacks through the whole fastify pipeline (hooks, security
 * headers, API key, rate limit, CAPTCHA guard, validation, use case, group commit with
 * synchronous=FULL, serialisation) by light-my-request, without sockets or a load generator: the
 * server's own cost per request, steadier than the HTTP bench on a shared machine. Prints wall and
 * CPU µs per request (CPU leaves out the time the event loop waited for an fsync).
 *   npx tsx bench/api/inject.ts [--requests 20000] [--concurrency 50]
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../src/build-app.js';
import { tempDir, testCalendar, testConfig } from '../../src/testing/test-config.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const REQUESTS = Number(arg('requests', '20000'));
const CONCURRENCY = Number(arg('concurrency', '50'));

const always = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const config = testConfig();
const dir = tempDir('holdless-inject-');
config.storage = { path: join(dir, 'a.db'), synchronous: 'FULL', groupCommitMaxDelayMs: 0 };
config.calendars = [testCalendar({ weekly: always, holidays: [] })];
config.rules.maxRequestsPerNumberPer24h = 1_000_000;
config.http.apiKeys = config.http.apiKeys.map((k) => ({ ...k, ratePerMinute: 100_000_000 }));
const app = await buildApp(config);
await app.parts.queue?.start();
const http = app.parts.http;
await http.ready();

let n = 0;
let refused = 0;
async function worker(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await http.inject({
      method: 'POST', url: '/v1/callbacks',
      headers: { 'content-type': 'application/json', 'x-api-key': 'partner-secret' },
      payload: JSON.stringify({ serviceId: 'billing', phone: `+4930${String(1_000_000 + n++)}`, firstName: 'Ada', context: { page: '/bench' } }),
    });
    if (r.statusCode !== 201) refused++;
  }
}
async function round(total: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(Math.floor(total / CONCURRENCY))));
  const cpu = process.cpuUsage(cpu0);
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

await round(Math.min(5000, REQUESTS)); // warm-up
const { wall, cpu } = await round(REQUESTS);
const done = Math.floor(REQUESTS / CONCURRENCY) * CONCURRENCY;
console.log(`inject POST ×${done}, ${CONCURRENCY} in flight, synchronous=FULL: ${((wall * 1000) / done).toFixed(1)} µs/request wall (${(done / (wall / 1000)).toFixed(0)}/s), ${((cpu * 1000) / done).toFixed(1)} µs/request CPU${refused ? `; WARNING: ${refused} not 201` : ''}`);
await app.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
