/**
 * Real holdless processes over one PostgreSQL database (issue 9 part 4): a config file per node,
 * spawn / SIGKILL / restart, and what /readyz says about the node's cluster role. Used by the
 * crash loop (test/cluster) and the cluster benchmark (bench/cluster).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigFileSchema } from '../../src/adapters/config/schema.js';
import { ALWAYS_OPEN } from '../api/crash-helper.js';
import { freePort } from '../store/pg-server.js';

export const API_KEY = 'loadgen-key';
export const ADMIN_TOKEN = 'admin-secret-for-cluster-test';
export const SERVICE = 'billing';

export interface ClusterConfig {
  /** postgres://… of the database all nodes share; absent = SQLite file in the node's dir (one node). */
  databaseUrl?: string;
  agents: number;
  maxAttempts: number;
  /** Agents' talk is ended by the test (hang-up); the simulated customer's ring decides the rest. */
  ringTimeoutSeconds: number;
  /** Milliseconds between a follower's tries to become dispatcher (cluster.checkMs). */
  checkMs: number;
}

export const agentIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `agent-${i + 1}`);

/** True once the lead's cluster section is in the config schema (until then nodes run without it). */
export const schemaHasCluster = (): boolean =>
  Object.prototype.hasOwnProperty.call((ConfigFileSchema as { properties?: object }).properties ?? {}, 'cluster');


export function writeNodeConfig(dir: string, nodeId: string, port: number, c: ClusterConfig): string {
  const storage = c.databaseUrl
    ? `storage: { driver: postgres, postgres: { url: "${c.databaseUrl}", poolSize: 8, connectTimeoutMs: 2000 } }`
    : 'storage: { path: node.db, synchronous: FULL }';
  const cluster = c.databaseUrl && schemaHasCluster()
    ? `cluster: { nodeId: ${nodeId}, advertiseUrl: "http://127.0.0.1:${port}", checkMs: ${c.checkMs} }` : '';
  const agents = agentIds(c.agents).map((id, i) => `  - { id: ${id}, name: Agent ${i + 1}, sip: "sip:${id}@127.0.0.1:5080", skills: { billing: 3 } }`).join('\n');
  // The IVR is not under test here: one flow that says goodbye (the shipped flows name other services).
  mkdirSync(join(dir, 'flows'), { recursive: true });
  writeFileSync(join(dir, 'flows', 'main.yaml'), 'id: main\nstart: bye\nlanguages: [en]\nnodes:\n  bye:\n    hangup: [goodbye]\n');
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `
company: { name: Cluster Test }
http: { host: 127.0.0.1, port: ${port}, apiKeys: [{ id: loadgen, key: ${API_KEY}, ratePerMinute: 100000000 }], adminToken: ${ADMIN_TOKEN} }
${storage}
${cluster}
telephony: { driver: simulated, flowsDir: flows, promptsDir: "${join(process.cwd(), 'prompts')}" }
logging: { level: warn }
calendars:
  - id: always
    timezone: Europe/Berlin
    weekly:
${ALWAYS_OPEN}
services:
  - id: ${SERVICE}
    name: Billing
    calendar: always
    slotMinutes: 30
    capacity: { default: 10 }
    dialMode: reserved
    callerId: "+493012345678"
    defaultCountry: DE
    skills: { allOf: [{ skill: billing, minLevel: 1 }], anyOf: [], expansion: [] }
    ringTimeoutSeconds: ${c.ringTimeoutSeconds}
    wrapUpSeconds: 0
    retry: { maxAttempts: ${c.maxAttempts}, intervalMinutes: 1 }
agents:
${agents}
rules: { maxRequestsPerNumberPer24h: 100, callingWindow: { from: "00:00", to: "24:00" } }
`);
  return path;
}


export interface ClusterInfo { nodeId: string; role: 'dispatcher' | 'follower'; epoch: number; dispatcher: string | null }

/** One node: its config stays, its process comes and goes. */
export class Node {
  child?: ChildProcess;
  starts = 0;
  /** Answered /readyz since its last start (load goes only to such nodes). */
  up = false;
  private exited?: Promise<void>;

  /** Called with each stdout line of the process (the bench's entry prints its dials there). */
  onLine?: (line: string) => void;

  /** `entry`: the process entry to run (src/main.ts; bench/cluster/node-main.ts adds a dial trace). */
  constructor(readonly id: string, readonly dir: string, readonly port: number, readonly config: string, readonly entry = 'src/main.ts') {}

  get base(): string { return `http://127.0.0.1:${this.port}`; }
  get running(): boolean { return this.child !== undefined; }

  start(): void {
    this.starts++;
    // stderr to a file per start: a node that does not come up says why.
    const log = createWriteStream(join(this.dir, `stderr-${this.starts}.log`));
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry, this.config], {
      stdio: ['ignore', this.onLine ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, HOLDLESS_CONFIG: '' },
    });
    child.stderr!.pipe(log);
    if (this.onLine) createInterface({ input: child.stdout! }).on('line', this.onLine);
    this.exited = new Promise((r) => child.once('exit', () => r()));
    this.child = child;
  }

  /** kill -9 and wait until the process is gone (its PostgreSQL sessions end with it). */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.up = false;
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** /readyz answered 200 (bounded: a node that does not come up fails the caller with its log). */
  async waitReady(ms = 90_000): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) break;
      try {
        if ((await fetch(`${this.base}/readyz`)).ok) { this.up = true; return; }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    throw new Error(`node ${this.id} did not become ready within ${ms} ms (exit code ${this.child?.exitCode ?? 'none'}); see ${this.dir}/stderr-${this.starts}.log`);
  }

  /** The cluster part of /readyz; undefined when the node is down or does not report one. */
  async cluster(): Promise<ClusterInfo | undefined> {
    try {
      const res = await fetch(`${this.base}/readyz`);
      const body = (await res.json()) as { cluster?: ClusterInfo };
      return body.cluster;
    } catch {
      return undefined;
    }
  }
}

export async function makeNodes(root: string, count: number, c: ClusterConfig, entry?: string): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let i = 1; i <= count; i++) {
    const dir = join(root, `node-${i}`);
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    nodes.push(new Node(`node-${i}`, dir, port, writeNodeConfig(dir, `node-${i}`, port, c), entry));
  }
  return nodes;
}

/** Waits (bounded) until one running node reports itself dispatcher; undefined when none does in time. */
export async function findDispatcher(nodes: Node[], ms = 30_000): Promise<Node | undefined> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (const n of nodes.filter((x) => x.up)) {
      if ((await n.cluster())?.role === 'dispatcher') return n;
    }
    await sleep(100);
  }
  return undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
