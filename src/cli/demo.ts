/**
 * npm run demo [-- --duration 60s] [--port 8080] [--every 4s] [--config config.yaml]
 * Starts the server with the simulated telephony driver on the real clock, a stream of simulated
 * customers asking for callbacks through the HTTP API, and simulated agents who answer them.
 * Ctrl-C stops it; with --duration it stops by itself (exit 0 when callbacks flowed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../adapters/config/load-config.js';
import { SimulatedCallControl } from '../adapters/telephony/simulated/index.js';
import { buildApp } from '../build-app.js';
import { seededRandom } from '../sim/random.js';
import { RealTimeScheduler } from '../sim/scheduler.js';
import { agentBot, callerStream, type Bot } from './demo/bots.js';
import { demoConfig } from './demo/demo-config.js';
import { eventTail } from './demo/event-tail.js';
import { withoutInbound } from './sim/without-inbound.js';

export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: ${s} (use e.g. 30s, 2m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

export interface DemoResult { counts: Record<string, number>; errors: string[] }

export async function runDemo(argv: string[], print: (line: string) => void = console.log): Promise<DemoResult> {
  const { values: a } = parseArgs({
    args: argv,
    options: { config: { type: 'string', default: 'config.yaml' }, duration: { type: 'string' }, port: { type: 'string' }, every: { type: 'string', default: '4s' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'holdless-demo-'));
  const { config, notes } = demoConfig(loadConfig(a.config!), { dir, now: Date.now(), port: a.port === undefined ? undefined : Number(a.port) });
  const scheduler = new RealTimeScheduler();
  const driver = new SimulatedCallControl({
    scheduler, random: seededRandom(Date.now() & 0xffff),
    customerMix: { PERSON: 0.75, BUSY: 0.1, ANSWERING_MACHINE: 0.08, NO_ANSWER: 0.07 },
    defaults: { ringMs: 2_000, talkMs: 6_000, patienceMs: 60_000, detectMs: 1_500 }, promptMs: 800,
    defaultAgent: { answers: true, ringMs: 1_500 },
  });
  const app = await buildApp(config, { telephony: withoutInbound(driver) });
  const errors: string[] = [];
  const onError = (m: string) => { errors.push(m); print(`!! ${m}`); };
  const address = await app.start();
  const started = Date.now();
  print(`holdless demo on ${address} (API docs ${address}/docs, agent workspace ${address}/agent)`);
  for (const n of notes) print(`note: ${n}`);
  print(`telephony: simulated driver, real clock; ${config.agents.length} agents, a callback request every ${a.every}`);

  const tail = eventTail(app.parts.store, started - 1000, print);
  const bots: Bot[] = config.agents.map((ag) => agentBot(address, config, ag.id, onError));
  bots.push(callerStream(address, config, parseDuration(a.every!), onError));
  const follow = setInterval(() => void tail.poll(), 250);

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    for (const b of bots) b.stop();
    clearInterval(follow);
    // No new dials; end the calls in progress and give their last writes a moment before closing
    // (App.stop does not wait for dial tasks still ringing; their late writes are dropped).
    const q = app.parts.queue!;
    await q.stop();
    q.system.dialer.onError = () => undefined;
    await driver.stop();
    await Promise.race([q.system.dialer.idle(), new Promise((r) => setTimeout(r, 1_000))]);
    await tail.poll();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  })());
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (a.duration) setTimeout(done, parseDuration(a.duration));
  });
  await tail.poll();
  await stop();
  const summary = Object.entries(tail.counts).map(([k, v]) => `${k} ${v}`).join(', ');
  print(`demo stopped after ${((Date.now() - started) / 1000).toFixed(0)} s: ${summary || 'no events'}`);
  return { counts: tail.counts, errors };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const r = await runDemo(process.argv.slice(2));
    // Simulated calls still ringing hold real timers: the demo is over, so is the process.
    process.exit((r.counts['requested'] ?? 0) > 0 ? 0 : 1);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    console.error(err.code === 'CONFIG_INVALID' ? err.message : e);
    process.exit(1);
  }
}
