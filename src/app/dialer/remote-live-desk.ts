/**
 * Live callers held at another node of a cluster (issue 9). The dispatcher picks them in the one
 * global order like any entry; since their media stays where they called in, it asks the owner
 * to ring and bridge the agent there (live-assign) and keeps the agent's state from the owner's
 * reports (live-report). The owner runs the same Connector.bridgeLive as for a caller of the
 * dispatcher itself, with a side that reports instead of changing agent state.
 */
import type { Instant } from '../../domain/model.js';
import { callerContextOf } from '../callins/caller-context.js';
import type { LiveEntryWire, LiveSignal } from '../ports/cluster.js';
import type { RemoteLiveEntry } from '../queue/remote-live.js';
import type { LiveAgentSide } from './connector.js';
import type { Dialer } from './dialer.js';

/** No word from the owner this long after the agent's ring timeout: is the owner still there? */
const STALL_MS = 20_000;
/** An owner that is alive but silent this long after the ring timeout: the assignment is given up. */
const GIVE_UP_MS = 120_000;

interface Assignment {
  id: string;
  agentId: string;
  wire: LiveEntryWire;
  at: Instant;
  ringMs: number;
  connectedAt?: Instant;
  stalled?: boolean;
  side: LiveAgentSide;
}

type Of<K extends LiveSignal['kind']> = Extract<LiveSignal, { kind: K }>;

export class RemoteLiveDesk {
  private readonly byEntry = new Map<string, Assignment>();
  /** Owner side: the highest dispatcher epoch an assignment came under (older ones are stale). */
  private epochSeen = 0;

  /** Set by the wiring (the node's logger). */
  warn?: (o: object, m: string) => void;

  constructor(private readonly d: Dialer) {}

  get assignments(): number {
    return this.byEntry.size;
  }

  // ---- dispatcher side ----------------------------------------------------------------------

  assign(r: RemoteLiveEntry, agentId: string, now: Instant): void {
    const { ctx, agents, live, connector } = this.d;
    const cluster = ctx.cluster;
    if (!cluster) return;
    const { id, serviceId, priority, queuedSince } = r.entry;
    live.remote.gone(id, now);
    agents.apply(agentId, { type: 'RESERVE', entryId: id }, now);
    agents.setInteraction(agentId, { kind: 'call', id, serviceId, phase: 'ringing-agent', since: now });
    const wire: LiveEntryWire = { id, serviceId, priority, queuedSince, owner: r.owner, ...(r.callInId ? { callInId: r.callInId } : {}) };
    const ringMs = ctx.catalog.service(serviceId).ringTimeoutSeconds * 1000;
    const a: Assignment = { id, agentId, wire, at: now, ringMs, side: connector.agentSide(agentId, serviceId) };
    this.byEntry.set(id, a);
    if (r.callInId) void this.withCaller(a, r.callInId, queuedSince);
    cluster.publish({ kind: 'live-assign', id, agentId, owner: r.owner, epoch: cluster.epoch() });
  }

  /** The call-in request's context for the agent's screen (read after the assignment went out). */
  private async withCaller(a: Assignment, callInId: string, queuedSince: Instant): Promise<void> {
    const caller = await callerContextOf(this.d.ctx, callInId, queuedSince).catch(() => undefined);
    if (!caller || this.byEntry.get(a.id) !== a) return;
    a.side = this.d.connector.agentSide(a.agentId, a.wire.serviceId, caller);
    const i = this.d.agents.interaction(a.agentId);
    if (i?.id === a.id) this.d.agents.setInteraction(a.agentId, { ...i, caller });
  }

  report(s: Of<'live-report'>, now: Instant = this.d.ctx.clock.now()): void {
    const a = this.byEntry.get(s.id);
    if (!a || a.agentId !== s.agentId) return; // an earlier dispatcher's assignment, or settled already
    if (s.result === 'connected') {
      if (a.connectedAt !== undefined) return;
      a.connectedAt = now;
      a.side.connected(now, a.id);
      return;
    }
    this.byEntry.delete(a.id);
    if (s.result === 'ended') { void this.d.track(a.side.ended(a.connectedAt ?? now)); return; }
    if (s.result === 'no-answer') {
      a.side.noAnswer(now);
      this.d.live.remote.joined(a.wire, now); // back at the head; the owner says so too
    } else if (s.result === 'gone') a.side.callerGone(now);
    else this.d.releaseAgent(a.agentId, now); // busy: another agent is being rung for this caller
    this.d.dispatch(now);
  }

  owners(): Set<string> {
    return new Set([...this.byEntry.values()].map((a) => a.wire.owner));
  }

  /** The owner process is gone: its callers went with its media; their agents are free again. */
  ownerGone(owner: string, now: Instant): number {
    let n = 0;
    for (const a of [...this.byEntry.values()]) {
      if (a.wire.owner !== owner) continue;
      this.byEntry.delete(a.id);
      n++;
      if (a.connectedAt !== undefined) void this.d.track(a.side.ended(a.connectedAt));
      else a.side.callerGone(now);
    }
    return n;
  }

  /** Housekeeping: assignments the owner has not answered (ringing) long after the ring timeout. */
  async expire(now: Instant): Promise<void> {
    const cluster = this.d.ctx.cluster;
    for (const a of [...this.byEntry.values()]) {
      if (a.connectedAt !== undefined || now - a.at < a.ringMs + STALL_MS) continue;
      if (cluster && !(await cluster.isAlive(a.wire.owner))) { this.ownerGone(a.wire.owner, now); continue; }
      if (now - a.at < a.ringMs + GIVE_UP_MS || this.byEntry.get(a.id) !== a) continue;
      this.byEntry.delete(a.id);
      a.side.callerGone(now);
      this.warn?.({ entryId: a.id, agentId: a.agentId, owner: a.wire.owner }, 'no report from the node holding a live caller: its agent is released');
    }
  }

  /** The workspace's hang-up for a caller held at another node: the owner hangs up its legs. */
  hangup(agentId: string): boolean {
    const cluster = this.d.ctx.cluster;
    const a = [...this.byEntry.values()].find((x) => x.agentId === agentId && x.connectedAt !== undefined);
    if (!a || !cluster) return false;
    cluster.publish({ kind: 'live-hangup', agentId, owner: a.wire.owner });
    return true;
  }

  // ---- owner side ---------------------------------------------------------------------------

  /** The dispatcher picked one of this node's callers for an agent: ring the agent here and report. */
  onAssign(s: Of<'live-assign'>): void {
    const { ctx, live, connector, engine } = this.d;
    const cluster = ctx.cluster;
    if (!cluster || s.owner !== cluster.incarnation) return;
    if (s.epoch < this.epochSeen) return; // a dispatcher that has been replaced
    this.epochSeen = s.epoch;
    const reply = (result: Of<'live-report'>['result']): void =>
      cluster.publish({ kind: 'live-report', id: s.id, agentId: s.agentId, result, at: ctx.clock.now() });
    const call = live.calls.get(s.id);
    if (!call || call.done) return reply('gone');
    if (call.connecting) return reply('busy');
    const serviceId = call.entry.serviceId;
    void this.d.track(connector.bridgeLive(call, s.agentId, {
      noAnswer: () => reply('no-answer'),
      callerGone: () => reply('gone'),
      connected: () => reply('connected'),
      ended: async (connectedAt) => {
        // This node's EWT learns the handle time too (the dispatcher records it for its own).
        engine.recordHandle(serviceId, (ctx.clock.now() - connectedAt) / 1000 + ctx.catalog.service(serviceId).wrapUpSeconds);
        reply('ended');
      },
    }));
  }

  onHangup(s: Of<'live-hangup'>): void {
    if (s.owner !== this.d.ctx.cluster?.incarnation) return;
    void this.d.calls.hangup(s.agentId);
  }
}
