/**
 * Holdless nodes in one test process over a real PostgreSQL (the app as built for production,
 * each node with its own telephony fake and cluster connection), for cluster cases that need to
 * look inside the nodes. The crash loop (nodes.ts) runs real processes instead.
 */
import type { AppConfig } from '../../src/adapters/config/types.js';
import { buildApp, type App } from '../../src/build-app.js';
import type { Cluster } from '../../src/app/ports/cluster.js';
import type { QueueSystem } from '../../src/app/queue/queue-system.js';
import { ha1Of } from '../../src/domain/sip/digest.js';
import type { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeTelephony, harnessConfig } from '../dialer/harness.js';

export interface InProcessNode { id: string; app: App; q: QueueSystem; tel: FakeTelephony; cluster: Cluster }

export const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

export function nodeConfig(url: string, nodeId: string): AppConfig {
  const base = harnessConfig();
  return {
    ...base,
    // carol's desk phone registers (issue 14): with whichever node's SIP server it reaches.
    agents: [...base.agents, { id: 'carol', name: 'Carol', sip: 'sip:carol@127.0.0.1', skills: { billing: 1 }, groups: [], phone: { username: 'carol', ha1: ha1Of('MD5', 'carol', 'holdless', 'pw-carol') } }],
    storage: { ...base.storage, driver: 'postgres', postgres: { url, urlEnv: 'UNUSED', poolSize: 4, connectTimeoutMs: 2_000, statementTimeoutMs: 10_000 } },
    cluster: { nodeId, checkMs: 100 },
    logging: { ...base.logging, level: 'silent' },
  };
}

export class InProcessCluster {
  nodes: InProcessNode[] = [];

  constructor(private readonly clock: FakeClock) {}

  async start(id: string, url: string): Promise<InProcessNode> {
    const tel = new FakeTelephony();
    const app = await buildApp(nodeConfig(url, id), { clock: this.clock, telephony: tel, queueOptions: { autoPoll: false, dialer: { dialsPerSecond: 1000, burst: 1000 } } });
    await app.start();
    const node = { id, app, q: app.parts.queue!.system, tel, cluster: app.parts.ctx.cluster! };
    this.nodes.push(node);
    return node;
  }

  /** Two nodes: which one dispatches and which follows. */
  async pair(url: string): Promise<{ d: InProcessNode; f: InProcessNode }> {
    const [a, b] = [await this.start('a', url), await this.start('b', url)];
    await until('a dispatcher', () => a.cluster.isDispatcher() || b.cluster.isDispatcher());
    const d = a.cluster.isDispatcher() ? a : b;
    const f = d === a ? b : a;
    await until('the follower knows it', () => f.cluster.dispatcher()?.nodeId === d.id);
    return { d, f };
  }

  async stopAll(): Promise<void> {
    for (const n of this.nodes.reverse()) await n.app.stop().catch(() => undefined);
    this.nodes = [];
  }
}

export const ready = async (n: InProcessNode, agentId: string): Promise<void> => { await n.q.agents.setState(agentId, 'READY', undefined); };
export const agentState = (n: InProcessNode, agentId: string): string => n.q.board.state(agentId).name;
export const eventsOf = async (n: InProcessNode, type: string, to: number) =>
  (await n.app.parts.store.read(async (tx) => await tx.events.between(0, to + 1, 0, 10_000))).filter((e) => e.type === type);
