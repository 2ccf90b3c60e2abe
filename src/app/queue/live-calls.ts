/**
 * Live inbound callers on hold, as queue entries next to the callbacks (the IVR's enqueueLiveCall).
 * The dialer connects them to agents; a hang-up while waiting is an abandonment.
 */
import type { Instant } from '../../domain/model.js';
import type { QueueEntry } from '../../domain/queue-order.js';
import { callerContextOf, type CallerContext } from '../callins/caller-context.js';
import type { AppContext } from '../context.js';
import type { InboundCall } from '../ports/call-control.js';
import type { LiveQueueEntry, LiveQueueOutcome } from '../ivr/ivr-backend.js';
import type { QueueEngine } from './queue-engine.js';
import { RemoteLiveCalls } from './remote-live.js';

export interface LiveCall {
  entry: QueueEntry;
  call: InboundCall;
  language: string;
  /** The call-in request this caller was matched to (shown to the agent), if any. */
  caller?: CallerContext;
  /** An agent is being connected: too late to leave. */
  connecting: boolean;
  done: boolean;
  settle(o: LiveQueueOutcome): void;
}

export class LiveCalls {
  readonly calls = new Map<string, LiveCall>();
  private readonly queuedListeners = new Set<() => void>();
  /** Callers on hold at the other nodes of a cluster (their media is there). */
  readonly remote: RemoteLiveCalls;

  constructor(private readonly ctx: AppContext, private readonly engine: QueueEngine) {
    this.remote = new RemoteLiveCalls(ctx, engine);
  }

  onQueued(fn: () => void): void {
    this.queuedListeners.add(fn);
  }

  async enqueue(call: InboundCall, serviceId: string, opts: { language: string; queuedSince?: Instant; callInId?: string }): Promise<LiveQueueEntry> {
    const service = this.ctx.catalog.service(serviceId);
    const now = this.ctx.clock.now();
    const entry: QueueEntry = {
      id: this.ctx.newId(), serviceId, kind: 'call', priority: service.priority, queuedSince: opts.queuedSince ?? now,
    };
    let settle!: (o: LiveQueueOutcome) => void;
    const outcome = new Promise<LiveQueueOutcome>((resolve) => (settle = resolve));
    const caller = opts.callInId !== undefined ? await callerContextOf(this.ctx, opts.callInId, entry.queuedSince) : undefined;
    const live: LiveCall = { entry, call, language: opts.language, caller, connecting: false, done: false, settle: (o) => {
      if (live.done) return;
      live.done = true;
      this.calls.delete(entry.id);
      this.engine.index.remove(entry.id);
      this.engine.touch(serviceId, this.ctx.clock.now());
      this.announce(live, 'gone');
      if (o.kind === 'connected') this.engine.liveServed(entry, this.ctx.clock.now());
      else this.engine.liveLeft(entry.id);
      settle(o);
    } };
    // The EWT predicted at the moment it joins (before it is in line), for the EWT accuracy report.
    const ewtSeconds = this.engine.ewtForNew(serviceId, now);
    this.calls.set(entry.id, live);
    this.engine.index.add(entry);
    this.engine.touch(serviceId, now);
    this.engine.liveJoined(entry, now);
    this.log(now, 'LIVE_QUEUED', entry, undefined, { ewtSeconds, callId: call.id, priority: entry.priority, ...(caller ? { callInId: caller.callInId } : {}) });
    this.announce(live, 'joined');
    call.onHangup(() => {
      if (live.done || live.connecting) return;
      this.abandoned(live);
    });
    for (const l of this.queuedListeners) l();
    return {
      id: entry.id,
      queuedSince: entry.queuedSince,
      outcome,
      ewtSeconds: () => {
        const pos = this.engine.index.position(entry.id);
        if (pos === undefined) return null;
        return this.engine.ewtFor({ serviceId, priority: entry.priority, queuedSince: entry.queuedSince } as never, pos + 1, this.ctx.clock.now());
      },
      leave: async (reason) => {
        if (live.done) return true;
        if (live.connecting) return false;
        if (reason === 'hangup') this.abandoned(live);
        else {
          this.log(this.ctx.clock.now(), 'LIVE_LEFT_FOR_CALLBACK', entry);
          live.settle({ kind: 'failed', reason: 'LEFT_FOR_CALLBACK' });
        }
        return true;
      },
    };
  }

  /**
   * Tells the other nodes of a cluster that this caller is in line (again) or out of it, so their
   * queue views and the dispatcher's order count it (RemoteLiveCalls). One node: nobody to tell.
   */
  announce(live: LiveCall, what: 'joined' | 'gone'): void {
    const cluster = this.ctx.cluster;
    if (!cluster || cluster.driver === 'solo') return;
    const { id, serviceId, priority, queuedSince } = live.entry;
    if (what === 'gone') cluster.publish({ kind: 'live-gone', id, owner: cluster.incarnation });
    else cluster.publish({ kind: 'live-joined', entry: { id, serviceId, priority, queuedSince, owner: cluster.incarnation, ...(live.caller ? { callInId: live.caller.callInId } : {}) } });
  }

  private abandoned(live: LiveCall): void {
    const now = this.ctx.clock.now();
    this.engine.recordWait(live.entry.serviceId, (now - live.entry.queuedSince) / 1000, true);
    this.log(now, 'LIVE_ABANDONED', live.entry);
    live.settle({ kind: 'abandoned' });
  }

  log(at: Instant, type: string, entry: QueueEntry, agentId?: string, extra: Record<string, unknown> = {}): void {
    void this.ctx.store.write(async (tx) => await tx.events.append({
      at, type, serviceId: entry.serviceId, agentId,
      data: { entryId: entry.id, queuedSince: entry.queuedSince, ...(this.ctx.cluster ? { node: this.ctx.cluster.incarnation } : {}), ...extra },
    })).catch(() => undefined);
  }
}
