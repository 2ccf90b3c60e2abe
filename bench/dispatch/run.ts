/**
 * bench/dispatch: latency from "an agent becomes ready" (PUT state → READY) to "dial command
 * issued" (CallControl.dialCustomer called, after the committed claim), with 100k queued callbacks
 * over 50 services and 1,000 agents, next to one indexed SELECT of a queue head in the same run.
 * Also prints what one bare one-row commit costs here (FULL and NORMAL, same run; the FULL one is
 * taken between the samples, so both see the same disk at the same moments) and the dispatch
 * latency net of the COMMIT and WAL fsync time spent inside each sample, so the figure can be read honestly.
 * Goal (issue 13): dispatch p99 within 0.5 ms of the bare FULL commit's p99.
 * Run: npx tsx bench/dispatch/run.ts [--callbacks 100000] [--samples 1000] [--rounds 3] [--sync FULL|NORMAL]
 *      [--cpu-prof out.cpuprofile]   (profiles the measured loop only)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { uuidv7 } from 'uuidv7';
import { createCatalog } from '../../src/app/catalog.js';
import type { AppContext } from '../../src/app/context.js';
import type { CallControl, DialCustomerResult } from '../../src/app/ports/call-control.js';
import { createQueueSystem } from '../../src/app/queue/queue-system.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { AgentDef, Callback, CalendarDef, ServiceDef } from '../../src/domain/model.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testService } from '../../src/testing/test-config.js';
import { managementTokensFromSecret } from '../../src/app/callbacks/management-tokens.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const CALLBACKS = Number(arg('callbacks', '100000'));
const SAMPLES = Number(arg('samples', '1000'));
const ROUNDS = Number(arg('rounds', '3'));
const PROFILE = arg('cpu-prof', '');
const SYNC = arg('sync', 'FULL') as 'FULL' | 'NORMAL';
const SERVICES = 50;
const AGENTS = 1000;

const allDay = { from: '00:00', to: '24:00' };
const calendar: CalendarDef = {
  id: 'always', timezone: 'Europe/Berlin', holidays: [], specialDays: [],
  weekly: { mon: [allDay], tue: [allDay], wed: [allDay], thu: [allDay], fri: [allDay], sat: [allDay], sun: [allDay] },
};
const services: ServiceDef[] = Array.from({ length: SERVICES }, (_, i) => testService({
  id: `s${i}`, name: `S${i}`, calendarId: 'always', skills: { allOf: [{ skill: `k${i}`, minLevel: 1 }], anyOf: [], expansion: [] },
}));
const agents: AgentDef[] = Array.from({ length: AGENTS }, (_, i) => ({
  id: `a${i}`, name: `A${i}`, sip: `sip:a${i}@x`, groups: [],
  skills: { [`k${i % SERVICES}`]: 2, [`k${(i * 7 + 3) % SERVICES}`]: 1, [`k${(i * 13 + 5) % SERVICES}`]: 1 },
}));
const dir = mkdtempSync(join(tmpdir(), 'holdless-bench-'));
const store = createSqliteStore(join(dir, 'bench.db'), { synchronous: SYNC, groupCommitMaxDelayMs: 0 });
const clock = new FakeClock(Date.parse('2026-03-02T11:00:00Z'));
const ctx: AppContext = {
  catalog: createCatalog({
    companyName: 'bench', services, subjects: [], calendars: [calendar], agents, reasonCodes: ['Pause'], dispositionCodes: [],
    rules: {
      maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 9, perIpRequestsPerMinute: 1000, allowedCountries: [],
      blockedPatterns: [], callingWindow: { from: '00:00', to: '23:59' },
    },
  }),
  store, clock, newId: uuidv7, queue: { ewtForNew: () => null, ewtFor: () => null, callbackChanged: () => undefined }, tokens: managementTokensFromSecret(Buffer.alloc(32)),
};

let issued: (() => void) | undefined;
const telephony: CallControl = {
  links: () => ({ signalling: 'up', media: 'up' }), canDial: () => true,
  dialCustomer: () => { issued?.(); return new Promise<DialCustomerResult>(() => undefined); },
  dialAgent: async () => ({ outcome: 'NO_ANSWER' }), bridge: async () => ({ kind: 'done' }), onInboundCall: () => undefined,
  callExists: async () => 'no', start: async () => undefined, stop: async () => undefined,
};

// Seed: 100k QUEUED callbacks in one transaction.
const now = clock.now();
const t0 = performance.now();
await store.write(async (tx) => {
  for (let i = 0; i < CALLBACKS; i++) {
    const cb: Callback = {
      id: uuidv7(), serviceId: `s${i % SERVICES}`, phone: `+49301${String(1_000_000 + i).padStart(7, '0')}`, state: 'QUEUED', channel: 'api',
      queuedSince: now - (CALLBACKS - i) * 100, priority: 5, dueAt: now, expiresAt: now + 86_400_000, attempts: 0,
      createdAt: now, updatedAt: now, version: 1, language: 'en',
    };
    await tx.callbacks.insert(cb);
  }
});
const seedMs = performance.now() - t0;
const system = createQueueSystem(ctx, telephony, { dialsPerSecond: 1e9, burst: 1e9 });
ctx.queue = system.engine;
const t1 = performance.now();
await system.start();
const loadMs = performance.now() - t1;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

// What one fsync costs on this disk: a bare one-row commit on its own file.
function bareDb(sync: 'FULL' | 'NORMAL'): { commit(): number; close(): void } {
  const db = new BetterSqlite3(join(dir, `bare-${sync}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  return {
    commit: () => {
      const s = performance.now();
      begin.run();
      ins.run('x');
      commit.run();
      return (performance.now() - s) * 1000;
    },
    close: () => db.close(),
  };
}
const bareFull = bareDb('FULL');
const fullUs: number[] = [];

// Each sample takes an agent NOT_READY, starts the clock, sets it READY and waits for its dial.
// Round 1 is a warm-up (JIT, statement cache); the next rounds are measured.
const dispatchUs: number[] = [];
const netUs: number[] = [];
const perRound = Math.min(SAMPLES, AGENTS);
let profiler: Session | undefined;
for (let round = 0; round <= ROUNDS; round++) {
  if (round === 1 && PROFILE) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  for (let i = 0; i < perRound; i++) {
    const id = `a${(round * 37 + i) % AGENTS}`;
    if (system.board.state(id).name === 'RESERVED') { // still "dialling" from an earlier round: ring no answer
      system.board.setInteraction(id, undefined);
      system.board.apply(id, { type: 'RONA' }, clock.now());
    } else await system.agents.setState(id, 'NOT_READY', 'Pause');
    await store.committer.drain(); // the previous state writes are committed and on disk before the sample starts
    const done = new Promise<number>((resolve) => { issued = () => resolve(performance.now()); });
    // Disk time inside the sample: the COMMIT's, and the WAL fsync's (FULL syncs after COMMIT, wal-sync.ts).
    const diskBefore = store.committer.stats.commitMs + (store.syncer?.stats.fsyncMs ?? 0);
    const start = performance.now();
    await system.agents.setState(id, 'READY', undefined);
    const end = await done;
    if (round === 0) continue;
    const us = (end - start) * 1000;
    dispatchUs.push(us);
    netUs.push(us - (store.committer.stats.commitMs + (store.syncer?.stats.fsyncMs ?? 0) - diskBefore) * 1000);
    fullUs.push(bareFull.commit());
  }
}
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(PROFILE, JSON.stringify(profile));
  profiler.disconnect();
}

bareFull.close();
const bareNormal = bareDb('NORMAL');
const normalUs = Array.from({ length: 1000 }, () => bareNormal.commit());
bareNormal.close();

// The baseline: one indexed SELECT of a service's queue head, prepared, in the same run.
const head = store.db.sqlite.prepare("SELECT * FROM callbacks WHERE service_id = ? AND state = 'QUEUED' ORDER BY queued_since LIMIT 1");
const selectUs: number[] = [];
for (let i = 0; i < 5000; i++) {
  const s = performance.now();
  head.get(`s${i % SERVICES}`);
  selectUs.push((performance.now() - s) * 1000);
}

const row = (name: string, xs: number[]) =>
  `${name.padEnd(34)} ${pct(xs, 50).toFixed(1).padStart(9)} ${pct(xs, 99).toFixed(1).padStart(9)} ${Math.max(...xs).toFixed(1).padStart(9)}`;
console.log(`bench/dispatch: ${CALLBACKS} queued callbacks, ${SERVICES} services, ${AGENTS} agents, synchronous=${SYNC}`);
console.log(`seed ${seedMs.toFixed(0)} ms, engine load ${loadMs.toFixed(0)} ms, samples ${dispatchUs.length} (${ROUNDS} rounds after a warm-up round)`);
console.log(`${'(µs)'.padEnd(34)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`);
console.log(row('agent ready → dial issued', dispatchUs));
console.log(row('  same, net of COMMIT + fsync', netUs));
console.log(row('one indexed SELECT (queue head)', selectUs));
console.log(row('bare one-row commit, FULL', fullUs));
console.log(row('bare one-row commit, NORMAL', normalUs));
const over = pct(dispatchUs, 99) - pct(fullUs, 99);
console.log(`p99 dispatch − p99 bare FULL commit: ${over.toFixed(0)} µs (ratio ${(pct(dispatchUs, 99) / pct(fullUs, 99)).toFixed(2)}×)   goal <= 500 µs: ${over <= 500 ? 'met' : 'NOT met'}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
