/**
 * Load on a running cluster, over plain HTTP: callback requests round-robin over the nodes, and
 * agents kept working through the agent API (READY whenever they are not, their call hung up once
 * connected, so dials keep coming). Agent requests go to any node: a follower forwards them to the
 * dispatcher (cluster design), so this also drives the forwarding.
 */
import { ADMIN_TOKEN, API_KEY, SERVICE, sleep, type Node } from './nodes.js';

export interface Acknowledged { id: string; node: string; life: number }

/** Which node process ("life") created a callback: written into its context, read back from the database. */
export const TAG_NODE = 'loadNode';
export const TAG_LIFE = 'loadLife';

export class CallbackLoad {
  readonly acknowledged: Acknowledged[] = [];
  readonly statuses = new Map<string, number>();
  private stopped = false;
  private next = 0;
  private workers: Promise<void>[] = [];

  /**
   * `paceMs`: each worker waits this long between requests, so arrivals stay near what the agents
   * can dial and the queue head is recent entries from every node (where the order check has teeth).
   */
  constructor(private readonly nodes: Node[], private readonly paceMs = 0, private readonly phoneBase = 1_000_000) {}

  start(workers: number): void {
    this.workers = Array.from({ length: workers }, () => this.worker());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  private async worker(): Promise<void> {
    while (!this.stopped) {
      const i = this.next++;
      const node = this.nodes[i % this.nodes.length]!;
      if (!node.up) { await sleep(20); continue; }
      await this.post(node, i);
      if (this.paceMs > 0) await sleep(this.paceMs);
    }
  }

  /** `n` requests at once to one node (a kill right after leaves some of them in flight). */
  async burst(node: Node, n: number): Promise<void> {
    await Promise.all(Array.from({ length: n }, () => this.post(node, this.next++)));
  }

  private async post(node: Node, i: number): Promise<void> {
    const life = node.starts;
    try {
      const res = await fetch(`${node.base}/v1/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({
          serviceId: SERVICE, phone: `+4930${String(this.phoneBase + i)}`,
          context: { [TAG_NODE]: node.id, [TAG_LIFE]: String(life) },
        }),
      });
      this.count(String(res.status));
      const body = (await res.json()) as { id?: string };
      if (res.status === 201 && body.id) this.acknowledged.push({ id: body.id, node: node.id, life });
    } catch (e) {
      // The node died under the request: not acknowledged.
      this.count(`network-error${node.up ? ' (node up)' : ''}: ${String((e as Error).cause ?? e).slice(0, 60)}`);
      await sleep(20);
    }
  }

  private count(k: string): void {
    this.statuses.set(k, (this.statuses.get(k) ?? 0) + 1);
  }
}

interface AgentView { state: { name: string } }

/** Keeps every agent READY and ends connected calls, until stopped. Counts what it did. */
export class AgentDriver {
  readonly done = { ready: 0, hungUp: 0, errors: 0, refused: {} as Record<string, number> };
  private stopped = false;
  private loop?: Promise<void>;
  private turn = 0;

  constructor(private readonly nodes: Node[], private readonly agents: string[]) {}

  start(): void { this.loop = this.run(); }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Drain: every agent Not Ready (a busy one after its call), so no new dial starts. */
  async pauseAll(): Promise<void> {
    await Promise.all(this.agents.map(async (id) => {
      const node = this.pick();
      if (!node) return;
      await fetch(`${node.base}/v1/agents/${id}/state`, {
        method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'NOT_READY', reason: 'Pause' }),
      }).catch(() => undefined);
    }));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await Promise.all(this.agents.map((id) => this.tend(id)));
      await sleep(200);
    }
  }

  private pick(): Node | undefined {
    const up = this.nodes.filter((n) => n.up);
    return up.length ? up[this.turn++ % up.length] : undefined;
  }

  private async tend(id: string): Promise<void> {
    const node = this.pick();
    if (!node) return;
    const call = (method: string, path: string, body?: object) => fetch(`${node.base}/v1/agents/${id}${path}`, {
      method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    try {
      const res = await call('GET', '');
      if (!res.ok) { this.done.refused[res.status] = (this.done.refused[res.status] ?? 0) + 1; return; }
      const state = ((await res.json()) as AgentView).state.name;
      if (state === 'LOGGED_OUT' || state === 'NOT_READY' || state === 'WRAP_UP') {
        if ((await call('PUT', '/state', { state: 'READY' })).ok) this.done.ready++;
      } else if (state === 'ON_CALL') {
        if ((await call('POST', '/hangup')).ok) this.done.hungUp++;
      }
    } catch {
      this.done.errors++; // the node died under the request
    }
  }
}

/** Resolves once `cond()` holds, polling; false when `ms` passed first (callers fail with a message). */
export async function until(cond: () => boolean | Promise<boolean>, ms: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await sleep(everyMs);
  }
  return cond();
}
