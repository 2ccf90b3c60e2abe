/**
 * Issue 9 part 4: three real holdless nodes over one PostgreSQL (simulated telephony), callback
 * load on all of them and agents kept working through the HTTP API, while one node at a time is
 * SIGKILLed (every other time the dispatcher) and restarted. Afterwards, from PostgreSQL itself:
 * every acknowledged callback exists, no attempt beyond the maximum, no call id or attempt claimed
 * twice, no two dials of one callback at once, expired claims of dead dispatchers reconciled,
 * fencing epochs in order, and the queue order held (queue-order.ts states the property).
 * Count-based throughout (kill after K new acknowledgements and D new claims), bounded by time
 * only as a failure ("nothing happened within …"). The one-process SQLite crash test stays in
 * test/api/crash-restart.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testPostgres } from '../store/pg-server.js';
import { AgentDriver, CallbackLoad, until } from './load.js';
import { duplicateClaims, epochProblems, missingAcknowledged, openAttempts, overlappingAttempts, overMaxAttempts, readLog } from './log-checks.js';
import { agentIds, findDispatcher, makeNodes, schemaHasCluster, type ClusterConfig, type Node } from './nodes.js';
import { checkQueueOrder } from './queue-order.js';

const NODES = 3;
const KILLS = 4; // even kills hit the dispatcher, odd ones a follower
const ACKS_PER_ROUND = 8;
const CLAIMS_PER_ROUND = 4;
/** Paced load: about what the agents dial, so the queue stays short and its head is fresh from all nodes. */
const WORKERS = 2;
const PACE_MS = 1500;
/** Requests fired at the victim at once; it is killed when a quarter of them got their 201. */
const BURST = 8;
const STEP_MS = 60_000; // bound of each wait: only a failure ("nothing happened") ever waits this long
const DRAIN_MAX_MS = 80_000;
const config: Omit<ClusterConfig, 'databaseUrl'> = { agents: 8, maxAttempts: 2, ringTimeoutSeconds: 10, checkMs: 500 };

const pgAvail = await testPostgres();
let nodes: Node[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe.skipIf(!pgAvail.ok)(`three nodes over PostgreSQL, kill -9 in a loop${pgAvail.ok ? '' : ` — SKIPPED: ${pgAvail.reason}`}`, () => {
  it('loses nothing acknowledged, never dials twice, keeps the queue order', async () => {
    if (!pgAvail.ok) return;
    const server = pgAvail.server;
    cleanups.push(() => server.close());
    const db = await server.createDatabase();
    cleanups.push(db.drop);
    const probe = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => probe.end());
    const claims = async (): Promise<number> => Number((await probe.query(`SELECT count(*) AS n FROM events WHERE type = 'ATTEMPT_CLAIMED'`)).rows[0].n);

    nodes = await makeNodes(mkdtempSync(join(tmpdir(), 'holdless-cluster-')), NODES, { ...config, databaseUrl: db.url });
    const t = { start: Date.now(), loop: 0, drain: 0 };
    for (const n of nodes) n.start(); // together: the migrations run once under their lock
    await Promise.all(nodes.map((n) => n.waitReady()));
    const first = await findDispatcher(nodes, 15_000);
    expect.soft(first, 'no node reports cluster.role = dispatcher on /readyz (is the cluster code in?)').toBeDefined();
    expect.soft(schemaHasCluster(), 'the config schema has no cluster section: nodes ran without cluster ids').toBe(true);

    t.loop = Date.now();
    const agents = new AgentDriver(nodes, agentIds(config.agents));
    const load = new CallbackLoad(nodes, PACE_MS);
    agents.start();
    load.start(WORKERS);
    const killedLives = new Set<string>();
    const rounds: string[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        const acks = load.acknowledged.length;
        const claimed = await claims();
        const acked = await until(() => load.acknowledged.length >= acks + ACKS_PER_ROUND, STEP_MS);
        if (!acked) throw new Error(`round ${k}: fewer than ${ACKS_PER_ROUND} new 201s within ${STEP_MS} ms (statuses ${JSON.stringify([...load.statuses])})`);
        const dialled = await until(async () => (await claims()) >= claimed + CLAIMS_PER_ROUND, STEP_MS, 250);
        if (!dialled) throw new Error(`round ${k}: fewer than ${CLAIMS_PER_ROUND} new claims within ${STEP_MS} ms: dispatch stalled (agents ${JSON.stringify(agents.done)})`);

        const dispatcher = await findDispatcher(nodes, 5_000);
        const victim = k % 2 === 0 && dispatcher ? dispatcher : nodes.filter((n) => n !== dispatcher)[k % (NODES - 1)]!;
        killedLives.add(`${victim.id}#${victim.starts}`);
        // Requests in flight at the kill: a burst at the victim, killed once part of it is answered.
        const beforeBurst = load.acknowledged.length;
        const burst = load.burst(victim, BURST);
        await until(() => load.acknowledged.length >= beforeBurst + BURST / 4, STEP_MS, 5);
        await victim.kill();
        await burst;
        if (victim === dispatcher) {
          const next = await findDispatcher(nodes, 30_000);
          expect.soft(next, `round ${k}: no new dispatcher within 30 s after killing ${victim.id}`).toBeDefined();
        }
        // The survivors take load while it is down (count-based), then it comes back.
        const downAcks = load.acknowledged.length;
        await until(() => load.acknowledged.length >= downAcks + ACKS_PER_ROUND / 2, STEP_MS);
        const restart = Date.now();
        victim.start();
        await victim.waitReady();
        rounds.push(`${victim === dispatcher ? 'dispatcher' : 'follower'} ${victim.id} (up again in ${Date.now() - restart} ms)`);
      }
    } finally {
      await load.stop();
    }

    // Drain: agents pause, so no new dial starts; the live dispatcher's dials end, and the claims
    // the killed dispatchers left open are reconciled by the survivor once their lease ran out
    // (lease = ring timeout + 52 s margin, reconcile tick 5 s). Bounded by the last lease + 20 s.
    t.drain = Date.now();
    await agents.stop();
    await agents.pauseAll();
    const leftOpen = await openAttempts(probe);
    const drainMs = Math.min(DRAIN_MAX_MS, Math.max(15_000, Math.max(0, ...leftOpen.map((a) => a.leaseUntil)) + 20_000 - Date.now()));
    const settled = await until(async () => (await openAttempts(probe)).length === 0, drainMs, 500);

    const log = await readLog(db.url);
    const problems = {
      overMax: overMaxAttempts(log, config.maxAttempts), duplicates: duplicateClaims(log), overlapping: overlappingAttempts(log),
    };
    const order = checkQueueOrder(log, { slack: config.agents, killedLives, inFlight: BURST + WORKERS });
    const epochs = epochProblems(log);
    console.info(JSON.stringify({
      rounds, acknowledged: load.acknowledged.length, statuses: Object.fromEntries(load.statuses), agents: agents.done,
      callbacks: log.callbacks.size, attempts: log.attempts.length, openAtDrain: leftOpen.length, openAfter: log.attempts.filter((a) => a.endedAt === null).length, drained: settled,
      outcomes: countBy(log.attempts.map((a) => a.outcome ?? 'open')),
      order: { dials: order.dials, worstOvertakes: order.worst, violations: order.violations.length, excused: order.excused },
      epochs: { recorded: epochs.recorded, elected: epochs.epochs, problems: epochs.problems.length, claimsBeforeElection: epochs.claimsBeforeElection },
      ms: { start: t.loop - t.start, loop: t.drain - t.loop, drain: Date.now() - t.drain },
      samples: Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v.slice(0, 3)])),
    }));

    expect(load.acknowledged.length).toBeGreaterThan(KILLS * (ACKS_PER_ROUND + BURST / 4));
    expect(missingAcknowledged(log, load.acknowledged)).toEqual([]);
    expect.soft(problems.overMax.slice(0, 10)).toEqual([]);
    expect.soft(problems.duplicates.slice(0, 10)).toEqual([]);
    expect.soft(problems.overlapping.slice(0, 10)).toEqual([]);
    expect.soft(settled, `attempts still open ${drainMs} ms into the drain: dials not ended, or dead dispatchers' claims not reconciled after their lease`).toBe(true);
    expect.soft(epochs.recorded, 'no dispatcher epoch recorded with the claims (attempts.epoch or ATTEMPT_CLAIMED.data.epoch)').not.toBe('none');
    expect.soft(epochs.problems.slice(0, 10)).toEqual([]);
    expect.soft(order.violations.slice(0, 10)).toEqual([]);
  }, 300_000);
});

const countBy = (xs: string[]): Record<string, number> => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
