/**
 * Bench server, run as a child process so the load generator does not share its event loop.
 *   tsx bench/api/server.ts holdless <port> <dbPath> [groupCommitMs] [preload] [--stats]
 *   tsx bench/api/server.ts bare <port>
 */
import Fastify from 'fastify';
import { buildApp } from '../../src/build-app.js';
import { AvailabilityQuery, AvailabilityReply, CreateCallbackBody } from '../../src/adapters/http/schemas.js';
import { validatorCompiler } from '../../src/adapters/http/validation.js';
import { testConfig, testCalendar } from '../../src/testing/test-config.js';
import { preloadCallbacks } from './preload.js';

const [kind, portText, dbPath, groupMs, preload] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const port = Number(portText);

if (kind === 'bare') {
  // The same framework, body schema and validator, and no storage: the ceiling for our route.
  const app = Fastify({ logger: false, bodyLimit: 16384 });
  app.setValidatorCompiler(validatorCompiler());
  app.post('/v1/callbacks', { schema: { body: CreateCallbackBody } }, async (_req, reply) =>
    reply.status(201).send({ id: crypto.randomUUID(), state: 'QUEUED' }));
  // Availability's ceiling: the same query and reply schemas, a reply of the same size (7 days of
  // 30-minute slots) built in memory, no calendar and no storage.
  const slots = Array.from({ length: 7 * 48 }, (_, i) => {
    const start = Date.now() + 86_400_000 + i * 1_800_000;
    return { start: new Date(start).toISOString(), localStart: new Date(start).toISOString().replace('Z', '+01:00'), capacity: 100, remaining: 30 };
  });
  app.get('/v1/services/:id/availability', { schema: { querystring: AvailabilityQuery, response: { 200: AvailabilityReply } } }, async () =>
    ({ serviceId: 'billing', durationMin: 30, timezone: 'Europe/Berlin', slots }));
  if (process.argv.includes('--stats')) {
    const cpu0 = process.cpuUsage();
    let served = 0;
    app.addHook('onResponse', async () => { served++; });
    process.on('SIGTERM', () => {
      const cpu = process.cpuUsage(cpu0);
      console.error(`    server: ${served} answers; CPU ${((cpu.user + cpu.system) / Math.max(1, served)).toFixed(0)} µs per answer`);
    });
  }
  await app.listen({ host: '127.0.0.1', port });
} else {
  const always = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
  const config = testConfig();
  config.http.port = port;
  config.storage = { path: dbPath!, synchronous: 'FULL', groupCommitMaxDelayMs: Number(groupMs ?? 0) };
  config.calendars = [testCalendar({ weekly: always, holidays: [] })];
  config.rules.maxRequestsPerNumberPer24h = 1_000_000;
  // The rate limiter stays on the route (its cost is measured) but must not answer 429 here:
  // a bench of refusals would measure the error path, not the committed one.
  config.http.apiKeys = config.http.apiKeys.map((k) => ({ ...k, ratePerMinute: 100_000_000 }));
  // 100k preloaded callbacks over 30 days of 30-minute slots is ~70 a slot: leave room in each.
  config.services[0]!.capacity.default = 100;
  const app = await buildApp(config);
  if (preload) preloadCallbacks(app.parts.sqlite!, Number(preload), Date.now());
  await app.start();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const elu0 = performance.eventLoopUtilization();
  if (process.argv.includes('--stats')) {
    // The group commit's totals since start (warm-up included): writes per COMMIT and per fsync.
    process.on('SIGTERM', () => {
      const { batches, writes } = app.parts.sqlite!.committer.stats;
      const fsyncs = app.parts.sqlite!.syncer?.stats;
      const cpu = process.cpuUsage(cpu0);
      const seconds = (performance.now() - started) / 1000;
      console.error(`    server: ${writes} writes, ${(writes / batches).toFixed(1)} per COMMIT${fsyncs ? `, ${(writes / fsyncs.fsyncs).toFixed(1)} per WAL fsync (${(fsyncs.fsyncMs / fsyncs.fsyncs).toFixed(2)} ms each)` : ''}; CPU ${((cpu.user + cpu.system) / writes).toFixed(0)} µs per write, ${((cpu.user + cpu.system) / 1e4 / seconds).toFixed(0)}% of a core, event loop busy ${(100 * performance.eventLoopUtilization(elu0).utilization).toFixed(0)}%`);
    });
  }
}
process.on('SIGTERM', () => process.exit(0)); // exit normally, so --cpu-prof writes its profile
process.send?.('ready');
