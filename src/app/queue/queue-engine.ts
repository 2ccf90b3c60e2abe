/**
 * One virtual queue per service in memory: callbacks in QUEUED state and live inbound calls on
 * hold, ordered together (priority, then original arrival). Loaded from the database at start and
 * kept in step by callbackChanged() after every committed change. Also the EWT source (QueueInsight).
 */
import { AbandonRateTracker, HandleTimeTracker, estimateWaitAtPosition, estimateWaitSeconds } from '../../domain/ewt.js';
import type { Callback, Instant, ServiceDef } from '../../domain/model.js';
import { QueueIndex, eligibleAfterSeconds } from '../../domain/routing.js';
import type { QueueEntry } from '../../domain/queue-order.js';
import type { AgentBoard } from '../agents/agent-board.js';
import type { AppContext } from '../context.js';
import type { QueueInsight } from '../ports/queue-insight.js';

const LOAD_PAGE = 5_000;

export class QueueEngine implements QueueInsight {
  readonly index: QueueIndex;
  /** QUEUED callbacks known to this process (in the index, or taken out while being claimed/offered). */
  readonly callbacks = new Map<string, Callback>();
  /** Callbacks taken out of the index by this process (claiming, offered in preview, parked). */
  readonly taken = new Set<string>();
  private readonly handle = new Map<string, HandleTimeTracker>();
  private readonly abandon = new Map<string, AbandonRateTracker>();
  private readonly capable = new Map<string, string[]>(); // service → agent ids who may ever serve it
  private readonly queuedListeners = new Set<(cb: Callback) => void>();

  constructor(private readonly ctx: AppContext, private readonly agents: AgentBoard) {
    this.index = new QueueIndex(ctx.catalog.services);
    for (const s of ctx.catalog.services) {
      this.handle.set(s.id, new HandleTimeTracker(s.initialHandleSeconds));
      this.abandon.set(s.id, new AbandonRateTracker());
      this.capable.set(s.id, ctx.catalog.agents.filter((a) => Number.isFinite(eligibleAfterSeconds(a, s))).map((a) => a.id));
    }
  }

  /** Reads every QUEUED callback (keyset pages by id). */
  load(): number {
    let afterId: string | undefined;
    for (;;) {
      const page = this.ctx.store.read((tx) => tx.callbacks.list({ states: ['QUEUED'], afterId, limit: LOAD_PAGE }));
      for (const cb of page) this.callbackChanged(cb);
      if (page.length < LOAD_PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    return this.callbacks.size;
  }

  entryOf(cb: Callback): QueueEntry {
    const extra = cb.subjectId !== undefined ? this.subjectExtra(cb.subjectId) : undefined;
    return { id: cb.id, serviceId: cb.serviceId, kind: 'callback', priority: cb.priority, queuedSince: cb.queuedSince, extraSkills: extra };
  }

  private subjectExtra(subjectId: string): QueueEntry['extraSkills'] {
    const s = this.ctx.catalog.subjects.find((x) => x.id === subjectId);
    return s && s.extraSkills.length > 0 ? s.extraSkills : undefined;
  }

  callbackChanged(cb: Callback): void {
    const known = this.callbacks.get(cb.id);
    if (known && known.version > cb.version) return; // a late notice of an older version
    if (cb.state !== 'QUEUED') {
      this.callbacks.delete(cb.id);
      this.index.remove(cb.id);
      return;
    }
    this.callbacks.set(cb.id, cb);
    if (this.taken.has(cb.id)) return;
    const queued = this.index.get(cb.id);
    if (queued && (queued.priority !== cb.priority || queued.queuedSince !== cb.queuedSince)) this.index.remove(cb.id);
    if (!this.index.has(cb.id)) {
      this.index.add(this.entryOf(cb));
      for (const l of this.queuedListeners) l(cb);
    }
  }

  /**
   * 1-based place in line of a QUEUED callback: entries ahead of it in its service (callbacks and
   * live calls, in queue order) + 1, O(lanes × log n). Asked inside the request's write, before
   * the commit, so cb may not be indexed yet: it is then placed for the count and taken out again
   * (single-threaded, nothing else sees it). Other states answer null: the caller counts in SQL.
   */
  positionOf(cb: Callback): number | null {
    if (cb.state !== 'QUEUED') return null;
    const indexed = this.index.get(cb.id);
    if (indexed) {
      const same = indexed.serviceId === cb.serviceId && indexed.priority === cb.priority && indexed.queuedSince === cb.queuedSince;
      return same ? this.index.position(cb.id)! + 1 : null;
    }
    if (!this.index.add(this.entryOf(cb))) return null;
    try {
      return this.index.position(cb.id)! + 1;
    } finally {
      this.index.remove(cb.id);
    }
  }

  onQueued(fn: (cb: Callback) => void): void {
    this.queuedListeners.add(fn);
  }

  /** Takes a callback out of the index while this process works on it (claim, preview offer). */
  take(id: string): Callback | undefined {
    const cb = this.callbacks.get(id);
    if (!cb) return undefined;
    this.index.remove(id);
    this.taken.add(id);
    return cb;
  }

  /** Gives a taken callback back its place in line (if it is still QUEUED). */
  giveBack(id: string): void {
    this.taken.delete(id);
    const cb = this.callbacks.get(id);
    if (cb && !this.index.has(id)) this.index.add(this.entryOf(cb));
  }

  forget(id: string): void {
    this.taken.delete(id);
    this.callbacks.delete(id);
    this.index.remove(id);
  }

  release(id: string): void {
    this.taken.delete(id);
  }

  recordHandle(serviceId: string, seconds: number): void {
    this.handle.get(serviceId)?.record(seconds);
  }

  recordWait(serviceId: string, seconds: number, abandoned: boolean): void {
    this.abandon.get(serviceId)?.record(seconds, abandoned);
  }

  handleSeconds(serviceId: string): number {
    return this.handle.get(serviceId)?.averageSeconds ?? 0;
  }

  /** Agents logged in who can serve the service (busy or ready), and of those the ready ones. */
  staffing(serviceId: string): { agents: number; free: number } {
    let agents = 0;
    let free = 0;
    for (const id of this.capable.get(serviceId) ?? []) {
      const s = this.agents.state(id).name;
      if (s === 'LOGGED_OUT' || s === 'NOT_READY') continue;
      agents++;
      if (s === 'READY') free++;
    }
    return { agents, free };
  }

  private estimate(service: ServiceDef, position: number): number | null {
    const { agents, free } = this.staffing(service.id);
    const w = estimateWaitAtPosition(position, {
      agents, freeAgents: free, handleSeconds: this.handleSeconds(service.id),
      abandonRatePerSecond: this.abandon.get(service.id)?.ratePerSecond ?? 0,
    });
    return Number.isFinite(w) ? Math.round(w) : null;
  }

  ewtForNew(serviceId: string, _now: Instant): number | null {
    const service = this.ctx.catalog.services.find((s) => s.id === serviceId);
    if (!service) return null;
    return this.estimate(service, this.index.serviceSize(serviceId) + 1);
  }

  ewtFor(cb: Callback, position: number, _now: Instant): number | null {
    const service = this.ctx.catalog.services.find((s) => s.id === cb.serviceId);
    if (!service) return null;
    return this.estimate(service, position);
  }

  /** EWT from raw numbers, for the simulator's vendor-formula comparisons. */
  static plain(ahead: number, agents: number, free: number, handleSeconds: number): number {
    return estimateWaitSeconds({ ahead, agents, freeAgents: free, handleSeconds });
  }
}
