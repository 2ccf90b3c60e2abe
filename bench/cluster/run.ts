/**
 * bench/cluster (issue 9 part 5): real holdless processes, simulated telephony, measured from
 * outside over HTTP, in one run:
 *   - POST /v1/callbacks throughput (count-based: N requests, C concurrent, round-robin over nodes);
 *   - agent-ready → dial latency: PUT /v1/agents/:id/state READY (round-robin over nodes: a follower
 *     forwards it to the dispatcher) until the dispatcher issues the customer dial (its process
 *     prints `DIAL <callbackId> <ms>` from the dialer hook: bench/cluster/node-main.ts). Both clocks
 *     are this machine's, so the difference is real elapsed time. One agent is made ready at a
 *     time, every other agent is not ready, so the next dial is that agent's.
 * for one SQLite node (the baseline: synchronous FULL, the default) and 1, 2 and 3 nodes over one
 * PostgreSQL (synchronous_commit on, fsync on: test/store/pg-server.ts). Prints the ratios of each
 * setup against the SQLite node measured in the same run. All nodes, PostgreSQL and this load
 * generator share the machine's cores: more nodes add CPU contention here, not capacity.
 * Run: npx tsx bench/cluster/run.ts [--requests 3000] [--concurrency 16] [--samples 60]
 *      (HOLDLESS_TEST_PG_URL = use that server instead of a throwaway cluster)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPostgres } from '../../test/store/pg-server.js';
import { ADMIN_TOKEN, API_KEY, SERVICE, findDispatcher, makeNodes, sleep, type Node } from '../../test/cluster/nodes.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const REQUESTS = arg('requests', 3000);
const CONCURRENCY = arg('concurrency', 16);
const SAMPLES = arg('samples', 60);
const WARMUP = 300;
const STEP_MS = 20_000; // a dial that does not come within this fails the bench (never a measured bound)

interface Result { setup: string; postsPerSecond: number; p50: number; p95: number; p50Direct: number | null; p50Forwarded: number | null }

async function postMany(nodes: Node[], count: number, phoneBase: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const res = await fetch(`${nodes[i % nodes.length]!.base}/v1/callbacks`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ serviceId: SERVICE, phone: `+4930${String(phoneBase + i)}` }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) failed++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - t0;
  if (failed > 0) throw new Error(`${failed} of ${count} POSTs were not 201`);
  return count / (ms / 1000);
}

const setState = (node: Node, agent: string, state: 'READY' | 'NOT_READY') => fetch(`${node.base}/v1/agents/${agent}/state`, {
  method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  body: JSON.stringify(state === 'READY' ? { state } : { state, reason: 'Pause' }),
});

async function readyToDial(nodes: Node[], dials: number[], dispatcher: Node | undefined): Promise<{ all: number[]; direct: number[]; forwarded: number[] }> {
  const out = { all: [] as number[], direct: [] as number[], forwarded: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    const node = nodes[i % nodes.length]!;
    const agent = `agent-${i + 1}`;
    const before = dials.length;
    const t0 = Date.now();
    const res = await setState(node, agent, 'READY');
    if (!res.ok) throw new Error(`PUT READY ${agent} on ${node.id}: ${res.status} ${await res.text()}`);
    const end = Date.now() + STEP_MS;
    while (dials.length === before && Date.now() < end) await sleep(1);
    if (dials.length === before) throw new Error(`no dial within ${STEP_MS} ms after ${agent} went READY on ${node.id}`);
    const ms = dials[before]! - t0;
    out.all.push(ms);
    (node === dispatcher || nodes.length === 1 ? out.direct : out.forwarded).push(ms);
    await setState(node, agent, 'NOT_READY'); // after this call: no second dial from this agent
  }
  return out;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function measure(setup: string, count: number, databaseUrl: string | undefined): Promise<Result> {
  const root = mkdtempSync(join(tmpdir(), 'holdless-bench-cluster-'));
  const nodes = await makeNodes(root, count, { databaseUrl, agents: SAMPLES, maxAttempts: 3, ringTimeoutSeconds: 25, checkMs: 500 }, 'bench/cluster/node-main.ts');
  const dials: number[] = [];
  for (const n of nodes) n.onLine = (line) => { const m = /^DIAL \S+ (\d+)$/.exec(line); if (m) dials.push(Number(m[1])); };
  try {
    for (const n of nodes) n.start();
    await Promise.all(nodes.map((n) => n.waitReady()));
    const dispatcher = databaseUrl ? await findDispatcher(nodes, 15_000) : nodes[0];
    if (!dispatcher) throw new Error(`${setup}: no node reports itself dispatcher on /readyz`);
    await postMany(nodes, WARMUP, 1_000_000);
    const postsPerSecond = await postMany(nodes, REQUESTS, 2_000_000);
    const lat = await readyToDial(nodes, dials, dispatcher);
    return {
      setup, postsPerSecond, p50: pct(lat.all, 50), p95: pct(lat.all, 95),
      p50Direct: lat.direct.length ? pct(lat.direct, 50) : null, p50Forwarded: lat.forwarded.length ? pct(lat.forwarded, 50) : null,
    };
  } finally {
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(root, { recursive: true, force: true });
  }
}

const started = Date.now();
const pgAvail = await testPostgres();
if (!pgAvail.ok) throw new Error(`PostgreSQL is needed: ${pgAvail.reason}`);
const results: Result[] = [await measure('SQLite, 1 node', 1, undefined)];
for (const count of [1, 2, 3]) {
  const db = await pgAvail.server.createDatabase();
  try {
    results.push(await measure(`PostgreSQL, ${count} node${count > 1 ? 's' : ''}`, count, db.url));
  } finally {
    await db.drop();
  }
}
await pgAvail.server.close();

const base = results[0]!;
const f = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
console.log(`\nbench/cluster: ${REQUESTS} POSTs (${CONCURRENCY} concurrent, after ${WARMUP} warm-up) and ${SAMPLES} ready→dial samples per setup; ${Math.round((Date.now() - started) / 1000)} s in all\n`);
console.log('| setup | POST /v1/callbacks per s | × SQLite | ready→dial p50 ms | p95 ms | p50 × SQLite | p50 at dispatcher | p50 forwarded |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.setup} | ${f(r.postsPerSecond, 0)} | ${f(r.postsPerSecond / base.postsPerSecond, 2)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p50 / base.p50, 2)} | ${f(r.p50Direct)} | ${f(r.p50Forwarded)} |`);
}
process.exit(0);
