/**
 * Composition of several nodes over one PostgreSQL (issue 9; docs/deployment.md). Every node keeps
 * its queue view in step with the others through the cluster's signals; the dispatcher, elected
 * by the database, is the only one that claims, dials, runs housekeeping and the notifier. On
 * SQLite there is one node, always the dispatcher: nothing here changes its behaviour.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AppContext } from './app/context.js';
import { soloCluster, type Cluster, type ClusterSignal, type LiveSignal } from './app/ports/cluster.js';
import { dropDeadOwners } from './app/dialer/dead-owners.js';
import type { PhoneRegistrar } from './app/registrar/registrar.js';
import type { AgentState } from './domain/agent-state.js';
import type { AppConfig } from './adapters/config/types.js';
import { createPgCluster } from './adapters/postgres/cluster.js';
import type { QueueWiring } from './queue-wiring.js';

/** `mayDispatch`: false while this node's telephony is configured but cannot dial (see PgClusterOptions.eligible). */
export function createCluster(config: AppConfig, ctx: AppContext, logger: Logger, mayDispatch: () => boolean = () => true): Cluster {
  const nodeId = config.cluster?.nodeId ?? `${hostname()}-${process.pid}`;
  const advertiseUrl = config.cluster?.advertiseUrl ?? `http://${config.http.host}:${config.http.port}`;
  const pg = config.storage.postgres;
  if (config.storage.driver !== 'postgres' || !pg?.url) return soloCluster(nodeId, advertiseUrl);
  return createPgCluster(
    { url: pg.url, nodeId, advertiseUrl, checkMs: config.cluster?.checkMs ?? 1000, connectTimeoutMs: pg.connectTimeoutMs, eligible: mayDispatch },
    ctx.clock, logger.child({ component: 'cluster', nodeId }),
  );
}

/** Wires signals and the role change; call before the queue starts, start the cluster after it. */
export function wireCluster(cluster: Cluster, ctx: AppContext, queue: QueueWiring | undefined, logger: Logger, phones?: PhoneRegistrar): void {
  const log = logger.child({ component: 'cluster', nodeId: cluster.nodeId });
  cluster.onSignal((s) => void follow(ctx, queue, s, phones).catch((err: unknown) => log.warn({ err, signal: s }, 'cluster signal not applied')));
  phones?.onChanged((agentId) => cluster.publish({ kind: 'phone', agentId }));
  if (!queue) return;
  const { engine, board, dialer } = queue.system;
  dialer.remoteLive.warn = (o, m) => log.warn(o, m);
  engine.onLocalChange((cb) => cluster.publish({ kind: 'callback', id: cb.id }));
  board.onPersisted((id) => cluster.publish({ kind: 'agent', id }));
  cluster.onRoleChange((dispatching) => {
    if (!dispatching) {
      const ended = dialer.roleLost();
      log.warn({ ended }, 'no longer the dispatcher: dialling stops on this node, customers not yet with an agent are hung up');
      return;
    }
    void (async () => {
      // Logged before the first claim under the new epoch: the log reads in the order things happened.
      const epoch = cluster.epoch();
      await ctx.store.write(async (tx) => await tx.events.append({
        at: ctx.clock.now(), type: 'DISPATCHER_ELECTED', data: { nodeId: cluster.nodeId, incarnation: cluster.incarnation, epoch },
      }));
      const r = await queue.system.takeOver();
      log.info({ epoch, ...r }, 'this node dispatches now'); // takeOver dispatched already
    })().catch((err: unknown) => log.error({ err }, 'taking over dispatch failed'));
  });
}

/** How far back the dispatcher looks for new callbacks whose signal may have been lost. */
const SWEEP_BACK_MS = 120_000;
const SWEEP_EVERY_MS = 5_000;

/**
 * A signal is lost when its node dies between COMMIT and NOTIFY, or when a connection drops: the
 * dispatcher looks every few seconds for QUEUED callbacks created lately that its view lacks.
 * (A lost change of a known callback is harmless: the claim reads the row again in its write.)
 */
export function startSignalSweep(ctx: AppContext, queue: QueueWiring, log: { warn(o: object, m?: string): void }): { stop(): void } {
  const { engine, dialer } = queue.system;
  const timer = setInterval(() => {
    const cluster = ctx.cluster;
    if (!cluster || cluster.driver !== 'postgres') return;
    void (async () => {
      const dropped = await dropDeadOwners(ctx, cluster, queue.system.live, dialer);
      if (dropped.dropped > 0) log.warn(dropped, 'live callers of a node that died were taken out of the queue');
      if (!cluster.isDispatcher()) return;
      const now = ctx.clock.now();
      const recent = await ctx.store.read(async (tx) => await tx.callbacks.list({ states: ['QUEUED'], createdFrom: now - SWEEP_BACK_MS, limit: 5_000 }));
      let added = 0;
      for (const cb of recent) if (!engine.callbacks.has(cb.id) && !engine.taken.has(cb.id)) { engine.applyRemote(cb); added++; }
      if (added > 0) { log.warn({ added }, 'callbacks whose signal was lost were added to the queue'); dialer.dispatch(); }
    })().catch(() => undefined);
  }, SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Another node changed something: read it back from the database and apply it here. */
export async function follow(ctx: AppContext, queue: QueueWiring | undefined, s: ClusterSignal, phones?: PhoneRegistrar): Promise<void> {
  if (s.kind === 'phone') return await phones?.refresh(s.agentId);
  if (s.kind.startsWith('live-')) { if (queue) followLive(queue, s as LiveSignal); return; }
  if (s.kind === 'callback') {
    const cb = await ctx.store.read(async (tx) => await tx.callbacks.get(s.id));
    if (!cb) return;
    // Booked, moved, cancelled or expired in a slot: that service's kept counters are stale.
    if (cb.slotStart !== undefined) ctx.slotCounts?.invalidate(cb.serviceId);
    if (!queue) return;
    queue.system.engine.applyRemote(cb);
    if (cb.state === 'QUEUED') queue.system.dialer.dispatch();
    return;
  }
  if (!queue || s.kind !== 'agent') return;
  const { board } = queue.system;
  const rec = await ctx.store.read(async (tx) => await tx.agents.get(s.id));
  if (rec?.detail && !ctx.cluster?.isDispatcher()) board.adopt(s.id, JSON.parse(rec.detail) as AgentState, ctx.clock.now());
}

/** Live callers across nodes: every node keeps the line; the dispatcher assigns; the owner bridges. */
function followLive(queue: QueueWiring, s: LiveSignal): void {
  const { live, dialer } = queue.system;
  switch (s.kind) {
    case 'live-joined': live.remote.joined(s.entry); dialer.dispatch(); return;
    case 'live-gone': live.remote.gone(s.id); return;
    case 'live-assign': dialer.remoteLive.onAssign(s); return;
    case 'live-report': dialer.remoteLive.report(s); return;
    case 'live-hangup': dialer.remoteLive.onHangup(s); return;
  }
}
