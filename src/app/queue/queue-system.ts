/** Assembles the queue engine, agents, live calls and dialer over one AppContext. */
import { openLiveEntries, recordLostLiveCalls } from './lost-live-calls.js';
import { dropDeadOwners } from '../dialer/dead-owners.js';
import { isDispatcher } from '../cluster-role.js';
import type { Instant } from '../../domain/model.js';
import { AgentBoard } from '../agents/agent-board.js';
import { AgentService } from '../agents/agent-service.js';
import type { AppContext } from '../context.js';
import { Dialer, defaultDialerOptions, type DialerOptions } from '../dialer/dialer.js';
import { Housekeeping } from '../dialer/housekeeping.js';
import type { CallControl, InboundCall } from '../ports/call-control.js';
import type { LiveQueueEntry } from '../ivr/ivr-backend.js';
import { LiveCalls } from './live-calls.js';
import { QueueEngine } from './queue-engine.js';
import { supervisorSummary, type SupervisorSummary } from './supervisor-summary.js';

export interface QueueSystem {
  engine: QueueEngine;
  board: AgentBoard;
  live: LiveCalls;
  dialer: Dialer;
  housekeeping: Housekeeping;
  agents: AgentService;
  /** Loads queues and agents, reconciles what a previous process left. */
  start(now?: Instant): Promise<{ queued: number; reconciled: number; orphans: number; liveLost: number }>;
  /**
   * This node just became the dispatcher of a cluster: agents and queue read afresh from the
   * database (what the previous dispatcher left), its claims reconciled, then dispatch.
   */
  takeOver(now?: Instant): Promise<{ queued: number; reconciled: number; orphans: number; liveLost: number }>;
  tick(): Promise<unknown>;
  summary(now?: Instant): Promise<SupervisorSummary>;
  enqueueLiveCall(call: InboundCall, serviceId: string, opts: { language: string; queuedSince?: Instant; callInId?: string }): Promise<LiveQueueEntry>;
}

export function createQueueSystem(ctx: AppContext, telephony: CallControl | undefined, opts: Partial<DialerOptions> = {}): QueueSystem {
  const board = new AgentBoard(ctx);
  const engine = new QueueEngine(ctx, board);
  const live = new LiveCalls(ctx, engine);
  const dialer = new Dialer(ctx, engine, board, live, telephony, { ...defaultDialerOptions, ...opts });
  const housekeeping = new Housekeeping(dialer);
  const agents = new AgentService(ctx, board, dialer);
  live.onQueued(() => void dialer.dispatch());
  /** What a dead process (this node's previous run, or another dispatcher) left: claims, orphans, live callers. */
  const recoverLeftovers = async (now: Instant) => {
    const { reconciled } = await housekeeping.reconcile(now);
    const orphans = await housekeeping.recoverOrphans(now);
    const liveLost = ctx.cluster ? await recordLostLiveCalls(ctx, ctx.cluster, now) : 0;
    return { reconciled, orphans, liveLost };
  };
  return {
    engine, board, live, dialer, housekeeping, agents,
    async start(now = ctx.clock.now()) {
      await board.load(now);
      const queued = await engine.load();
      // A follower only keeps its view; reconciling claims is the dispatcher's (takeOver).
      if (!isDispatcher(ctx)) return { queued, reconciled: 0, orphans: 0, liveLost: 0 };
      return { queued, ...(await recoverLeftovers(now)) };
    },
    async takeOver(now = ctx.clock.now()) {
      await board.load(now);
      const queued = await engine.resync();
      const { reconciled } = await housekeeping.reconcile(now);
      const cluster = ctx.cluster;
      // One read of the open live entries: the dead processes' are recorded lost, the living
      // ones' (signals this node may have missed) join its line.
      const open = cluster ? await openLiveEntries(ctx, now) : undefined;
      const liveLost = cluster ? await recordLostLiveCalls(ctx, cluster, now, open) : 0;
      if (cluster && cluster.driver !== 'solo') {
        await live.remote.resync(cluster, now, open);
        await dropDeadOwners(ctx, cluster, live, dialer); // learnt by signal from a node that has died since (reads again only then)
      }
      dialer.dispatch();
      // Customers the predecessor left waiting for an agent are only called again once it has
      // certainly hung up (cut off from the database, it may still be running): after its lease.
      await cluster?.predecessorFenced();
      const orphans = isDispatcher(ctx) ? await housekeeping.recoverOrphans(ctx.clock.now()) : 0;
      dialer.dispatch();
      return { queued, reconciled, orphans, liveLost };
    },
    tick: async () => (isDispatcher(ctx) ? housekeeping.tick(ctx.clock.now()) : undefined),
    summary: (now = ctx.clock.now()) => supervisorSummary(ctx, { engine, live, board, connector: dialer.connector }, now),
    enqueueLiveCall: async (call, serviceId, o) => await live.enqueue(call, serviceId, o),
  };
}
