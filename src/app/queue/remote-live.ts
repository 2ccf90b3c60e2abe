/**
 * Live callers on hold at other nodes of a cluster (issue 9): every node keeps them in its queue
 * index next to its own callers and the callbacks, so the order is global and the EWT counts the
 * whole line. The owner's signals (live-joined / live-gone) keep the view; a node taking over
 * dispatch reads the open entries from the event log as well, since a signal can be lost.
 */
import type { Instant } from '../../domain/model.js';
import type { QueueEntry } from '../../domain/queue-order.js';
import type { AppContext } from '../context.js';
import type { Cluster, LiveEntryWire } from '../ports/cluster.js';
import { openLiveEntries, type OpenEntry } from './lost-live-calls.js';
import type { QueueEngine } from './queue-engine.js';

export interface RemoteLiveEntry {
  entry: QueueEntry;
  /** The incarnation whose media holds the caller. */
  owner: string;
  callInId?: string;
}

export class RemoteLiveCalls {
  readonly entries = new Map<string, RemoteLiveEntry>();

  constructor(private readonly ctx: AppContext, private readonly engine: QueueEngine) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): RemoteLiveEntry | undefined {
    return this.entries.get(id);
  }

  /** The owner says its caller is (again) in line. */
  joined(w: LiveEntryWire, now: Instant = this.ctx.clock.now()): void {
    if (w.owner === this.ctx.cluster?.incarnation) return;
    if (!this.ctx.catalog.services.some((s) => s.id === w.serviceId)) return;
    const known = this.entries.get(w.id);
    const entry: QueueEntry = known?.entry ?? { id: w.id, serviceId: w.serviceId, kind: 'call', priority: w.priority, queuedSince: w.queuedSince };
    const r: RemoteLiveEntry = known ?? { entry, owner: w.owner, ...(w.callInId ? { callInId: w.callInId } : {}) };
    this.entries.set(w.id, r);
    if (this.engine.index.add(entry)) this.engine.touch(entry.serviceId, now);
  }

  /** Out of the line: connected, abandoned, left for a callback, lost, or an agent is being rung (it may join again). */
  gone(id: string, now: Instant = this.ctx.clock.now()): RemoteLiveEntry | undefined {
    const r = this.entries.get(id);
    if (!r) return undefined;
    this.entries.delete(id);
    if (this.engine.index.remove(id)) this.engine.touch(r.entry.serviceId, now);
    return r;
  }

  owners(): Set<string> {
    return new Set([...this.entries.values()].map((r) => r.owner));
  }

  /** Every entry of a process that is gone (its media with it); returned so assignments can be released. */
  dropOwner(owner: string, now: Instant): RemoteLiveEntry[] {
    const out: RemoteLiveEntry[] = [];
    for (const r of [...this.entries.values()]) if (r.owner === owner && this.gone(r.entry.id, now)) out.push(r);
    return out;
  }

  countByService(): Map<string, number> {
    const by = new Map<string, number>();
    for (const r of this.entries.values()) if (this.engine.index.has(r.entry.id)) by.set(r.entry.serviceId, (by.get(r.entry.serviceId) ?? 0) + 1);
    return by;
  }

  /**
   * A node taking over dispatch: the open live entries of the event log whose processes still
   * run are added (signals sent while this node's connection was down are lost). Entries being
   * connected at their owner may be among them: an assignment of those is answered `busy`.
   */
  async resync(cluster: Cluster, now: Instant, read?: Map<string, OpenEntry>): Promise<number> {
    const open = read ?? await openLiveEntries(this.ctx, now);
    const alive = new Map<string, boolean>();
    let added = 0;
    for (const [id, { e, node }] of open) {
      if (node === cluster.incarnation || this.entries.has(id) || !e.serviceId) continue;
      if (!alive.has(node)) alive.set(node, await cluster.isAlive(node));
      if (!alive.get(node)) continue;
      const queuedSince = Number(e.data?.['queuedSince'] ?? e.at);
      const priority = Number(e.data?.['priority'] ?? this.ctx.catalog.services.find((s) => s.id === e.serviceId)?.priority ?? 0);
      const callInId = e.data?.['callInId'];
      this.joined({ id, serviceId: e.serviceId, priority, queuedSince, owner: node, ...(typeof callInId === 'string' ? { callInId } : {}) }, now);
      added++;
    }
    return added;
  }
}
