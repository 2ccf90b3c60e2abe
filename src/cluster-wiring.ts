/**
 * Composition of several nodes over one PostgreSQL (issue 9; docs/deployment.md). Every node keeps
 * its queue view in step with the others through the cluster's signals; the dispatcher, elected
 * by the database, is the only one that claims, dials, runs housekeeping and the notifier. On
 * SQLite there is one node, always the dispatcher: nothing here changes its behaviour.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AppContext } from './app/context.js';
import { soloCluster, type Cluster, type ClusterSignal } from './app/ports/cluster.js';
import type { AgentState } from './domain/agent-state.js';
import type { AppConfig } from './adapters/config/types.js';
import { createPgCluster } from './adapters/postgres/cluster.js';
import type { QueueWiring } from './queue-wiring.js';

export function createCluster(config: AppConfig, ctx: AppContext, logger: Logger): Cluster {
  const nodeId = config.cluster?.nodeId ?? `${hostname()}-${process.pid}`;
  const advertiseUrl = config.cluster?.advertiseUrl ?? `http://${config.http.host}:${config.http.port}`;
  const pg = config.storage.postgres;
  if (config.storage.driver !== 'postgres' || !pg?.url) return soloCluster(nodeId, advertiseUrl);
  return createPgCluster(
    { url: pg.url, nodeId, advertiseUrl, checkMs: config.cluster?.checkMs ?? 1000, connectTimeoutMs: pg.connectTimeoutMs },
    ctx.clock, logger.child({ component: 'cluster', nodeId }),
  );
}

/** Wires signals and the role change; call before the queue starts, start the cluster after it. */
export function wireCluster(cluster: Cluster, ctx: AppContext, queue: QueueWiring | undefined, logger: Logger): void {
  const log = logger.child({ component: 'cluster', nodeId: cluster.nodeId });
  if (!queue) return;
  const { engine, board, dialer } = queue.system;
  engine.onLocalChange((cb) => cluster.publish({ kind: 'callback', id: cb.id }));
  board.onPersisted((id) => cluster.publish({ kind: 'agent', id }));
  cluster.onSignal((s) => void follow(ctx, queue, s).catch((err: unknown) => log.warn({ err, signal: s }, 'cluster signal not applied')));
  cluster.onRoleChange((dispatching) => {
    if (!dispatching) { log.warn({}, 'no longer the dispatcher: dialling stops on this node'); return; }
    void (async () => {
      const r = await queue.system.takeOver();
      await ctx.store.write(async (tx) => await tx.events.append({
        at: ctx.clock.now(), type: 'DISPATCHER_ELECTED', data: { nodeId: cluster.nodeId, epoch: cluster.epoch(), ...r },
      }));
      log.info({ epoch: cluster.epoch(), ...r }, 'this node dispatches now');
      dialer.dispatch();
    })().catch((err: unknown) => log.error({ err }, 'taking over dispatch failed'));
  });
}

/** Another node changed something: read it back from the database and apply it here. */
async function follow(ctx: AppContext, queue: QueueWiring, s: ClusterSignal): Promise<void> {
  const { engine, board, dialer } = queue.system;
  if (s.kind === 'callback') {
    const cb = await ctx.store.read(async (tx) => await tx.callbacks.get(s.id));
    if (!cb) return;
    engine.applyRemote(cb);
    if (cb.state === 'QUEUED') dialer.dispatch();
    return;
  }
  const rec = await ctx.store.read(async (tx) => await tx.agents.get(s.id));
  if (rec?.detail && !ctx.cluster?.isDispatcher()) board.adopt(s.id, JSON.parse(rec.detail) as AgentState, ctx.clock.now());
}
