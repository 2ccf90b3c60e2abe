/**
 * One virtual queue per service in memory: callbacks in QUEUED state and live inbound calls on
 * hold, ordered together (priority, then original arrival). Loaded from the database at start and
 * kept in step by callbackChanged() after every committed change. Also the EWT source (QueueInsight).
 */
import { AbandonRateTracker, HandleTimeTracker, estimateWaitSeconds } from '../../domain/ewt.js';
import { DepartureRateTracker, EWT_PRIOR_WEIGHTS, ewtFeatures, type Predictions } from '../../domain/ewt-predictors.js';
import { OnlineMix } from '../../domain/ewt-select.js';
import { LastPrediction } from '../../domain/ewt-memo.js';
import { OnlineLinearFit } from '../../domain/ewt-fit.js';
import type { Callback, Instant } from '../../domain/model.js';
import { QueueIndex, eligibleAfterSeconds } from '../../domain/routing.js';
import type { QueueEntry } from '../../domain/queue-order.js';
import type { AgentBoard } from '../agents/agent-board.js';
import type { AppContext } from '../context.js';
import type { QueueInsight } from '../ports/queue-insight.js';

const LOAD_PAGE = 5_000;
const rounded = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x));

export class QueueEngine implements QueueInsight {
  readonly index: QueueIndex;
  /** QUEUED callbacks known to this process (in the index, or taken out while being claimed/offered). */
  readonly callbacks = new Map<string, Callback>();
  /** Callbacks taken out of the index by this process (claiming, offered in preview, parked). */
  readonly taken = new Set<string>();
  private readonly handle = new Map<string, HandleTimeTracker>();
  private readonly abandon = new Map<string, AbandonRateTracker>();
  private readonly capable = new Map<string, string[]>(); // service → agent ids who may ever serve it
  private readonly direct = new Map<string, string[]>(); // service → agent ids who match without expansion
  private readonly departures = new Map<string, DepartureRateTracker>();
  private readonly lastServedWait = new Map<string, number>();
  private readonly fits = new Map<string, OnlineLinearFit>();
  /** Live callers waiting: what the predictors said when they joined (the fit's sample once served). */
  private readonly joined = new Map<string, { x: number[]; p: Predictions }>();
  /** Per service: how much of the blend (against Erlang-A) its served callers' waits bear out. */
  private readonly mixes = new Map<string, OnlineMix>();
  private readonly queuedListeners = new Set<(cb: Callback) => void>();
  private readonly staffed = new Map<string, { version: number; value: { agents: number; free: number } }>();
  private readonly localListeners = new Set<(cb: Callback) => void>();
  private readonly lastPrediction = new LastPrediction();

  constructor(private readonly ctx: AppContext, private readonly agents: AgentBoard) {
    this.index = new QueueIndex(ctx.catalog.services);
    for (const s of ctx.catalog.services) {
      this.handle.set(s.id, new HandleTimeTracker(s.initialHandleSeconds));
      this.abandon.set(s.id, new AbandonRateTracker());
      this.capable.set(s.id, ctx.catalog.agents.filter((a) => Number.isFinite(eligibleAfterSeconds(a, s))).map((a) => a.id));
      this.direct.set(s.id, ctx.catalog.agents.filter((a) => eligibleAfterSeconds(a, s) === 0).map((a) => a.id));
      this.departures.set(s.id, new DepartureRateTracker());
      this.fits.set(s.id, new OnlineLinearFit(EWT_PRIOR_WEIGHTS));
      this.mixes.set(s.id, new OnlineMix());
    }
  }

  /** Reads every QUEUED callback (keyset pages by id). */
  async load(): Promise<number> {
    let afterId: string | undefined;
    for (;;) {
      const page = await this.ctx.store.read(async (tx) => await tx.callbacks.list({ states: ['QUEUED'], afterId, limit: LOAD_PAGE }));
      for (const cb of page) this.apply(cb);
      if (page.length < LOAD_PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    return this.callbacks.size;
  }

  /**
   * Makes the view equal to the database again (a node taking over dispatch: signals of other
   * nodes may have been lost while its connection was down): QUEUED callbacks it does not know are
   * added, ones that left QUEUED are dropped. Entries taken by this process stay as they are.
   */
  async resync(): Promise<number> {
    const stored = new Map<string, Callback>();
    let afterId: string | undefined;
    for (;;) {
      const page = await this.ctx.store.read(async (tx) => await tx.callbacks.list({ states: ['QUEUED'], afterId, limit: LOAD_PAGE }));
      for (const cb of page) stored.set(cb.id, cb);
      if (page.length < LOAD_PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    for (const id of [...this.callbacks.keys()]) if (!stored.has(id) && !this.taken.has(id)) this.forget(id);
    for (const cb of stored.values()) this.apply(cb);
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

  /** A change this node committed: applied, and told to the listeners (other nodes of a cluster). */
  callbackChanged(cb: Callback): void {
    this.apply(cb);
    for (const l of this.localListeners) l(cb);
  }

  /** A change another node committed (read back after its signal): applied, not told again. */
  applyRemote(cb: Callback): void {
    this.apply(cb);
  }

  onLocalChange(fn: (cb: Callback) => void): void {
    this.localListeners.add(fn);
  }

  private apply(cb: Callback): void {
    const known = this.callbacks.get(cb.id);
    if (known && known.version > cb.version) return; // a late notice of an older version
    if (cb.state !== 'QUEUED') {
      this.callbacks.delete(cb.id);
      if (this.index.remove(cb.id)) this.touch(cb.serviceId, this.ctx.clock.now());
      return;
    }
    this.callbacks.set(cb.id, cb);
    if (this.taken.has(cb.id)) return;
    const queued = this.index.get(cb.id);
    if (queued && (queued.priority !== cb.priority || queued.queuedSince !== cb.queuedSince)) this.index.remove(cb.id);
    if (!this.index.has(cb.id)) {
      this.index.add(this.entryOf(cb));
      this.touch(cb.serviceId, this.ctx.clock.now());
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
  staffing(serviceId: string, which: 'capable' | 'direct' = 'capable'): { agents: number; free: number } {
    // Asked for every prediction (each arrival, each hold announcement): counted again only
    // after an agent's state changed, instead of a walk over every agent per question.
    const key = `${which}:${serviceId}`;
    const cached = this.staffed.get(key);
    if (cached && cached.version === this.agents.version) return cached.value;
    const value = Object.freeze(this.countStaffing(serviceId, which));
    this.staffed.set(key, { version: this.agents.version, value });
    return value;
  }

  private countStaffing(serviceId: string, which: 'capable' | 'direct'): { agents: number; free: number } {
    let agents = 0;
    let free = 0;
    for (const id of (which === 'capable' ? this.capable : this.direct).get(serviceId) ?? []) {
      const s = this.agents.state(id).name;
      if (s === 'LOGGED_OUT' || s === 'NOT_READY') continue;
      agents++;
      if (s === 'READY') free++;
    }
    return { agents, free };
  }

  /** The line of a service changed size (an entry joined or left): keeps the backlog clock right. */
  touch(serviceId: string, now: Instant): void {
    this.departures.get(serviceId)?.observe(now, this.index.serviceSize(serviceId), this.directCapacity(serviceId));
  }

  /** Completions per second the agents who match the service outright can make (logged in ÷ AHT). */
  private directCapacity(serviceId: string): number {
    const aht = this.handleSeconds(serviceId);
    return aht > 0 ? this.staffing(serviceId, 'direct').agents / aht : 0;
  }

  /** An entry left its line for an agent (picked by the dialer); call after it left the index. */
  departed(entry: QueueEntry, now: Instant): void {
    this.departures.get(entry.serviceId)?.departed(now, this.index.serviceSize(entry.serviceId), this.directCapacity(entry.serviceId));
    // LES and HOL follow live callers only: a retried callback re-enters with its original
    // queuedSince (it keeps its place), so its "wait" says nothing about a new caller's.
    if (entry.kind !== 'call') return;
    const waited = Math.max(0, now - entry.queuedSince) / 1000;
    this.lastServedWait.set(entry.serviceId, waited);
  }

  /**
   * A live caller was connected to an agent: the sample the EWT learns from. The wait is up to
   * the connection (what the caller hears as their wait, the agent's ring included), not up to
   * being picked; an agent who does not answer puts the caller back and the sample waits.
   */
  liveServed(entry: QueueEntry, now: Instant): void {
    const j = this.joined.get(entry.id);
    this.joined.delete(entry.id);
    if (!j) return;
    const waited = Math.max(0, now - entry.queuedSince) / 1000;
    this.fits.get(entry.serviceId)?.update(j.x, waited);
    this.mixes.get(entry.serviceId)?.record(j.p.blend, j.p.qla, waited);
  }

  /** A live caller joined the line: remember the predictors' view for the fit (none if an agent was free). */
  liveJoined(entry: QueueEntry, now: Instant): void {
    const position = this.index.position(entry.id);
    if (position === undefined) return;
    const p = this.predictions(entry.serviceId, now, position + 1);
    const x = p.ours !== 0 ? ewtFeatures(p) : null;
    if (x) this.joined.set(entry.id, { x, p });
  }

  /** A live caller left without being served (abandoned, chose a callback): no sample. */
  liveLeft(entryId: string): void {
    this.joined.delete(entryId);
  }

  /** Every predictor for the entry at 1-based `position` (a new arrival: line length + 1). */
  predictions(serviceId: string, now: Instant, position = this.index.serviceSize(serviceId) + 1): Predictions {
    const capable = this.staffing(serviceId, 'capable');
    const direct = this.staffing(serviceId, 'direct');
    const head = this.index.head(serviceId, 'call');
    const line = this.departures.get(serviceId);
    return this.lastPrediction.of(serviceId, {
      ahead: Math.max(0, position - 1),
      freeDirect: direct.free, directAgents: direct.agents, capableAgents: capable.agents, capableFree: capable.free,
      handleSeconds: this.handleSeconds(serviceId),
      abandonRatePerSecond: this.abandon.get(serviceId)?.ratePerSecond ?? 0,
      departureRate: line?.rate(now) ?? null,
      capacityShare: line?.capacityShare(now) ?? null,
      headWaitSeconds: head ? Math.max(0, now - head.queuedSince) / 1000 : null,
      lastServedWaitSeconds: this.lastServedWait.get(serviceId) ?? null,
    }, this.fits.get(serviceId)?.weights, this.mixes.get(serviceId)?.weight);
  }

  ewtForNew(serviceId: string, now: Instant): number | null {
    if (!this.ctx.catalog.services.some((s) => s.id === serviceId)) return null;
    return rounded(this.predictions(serviceId, now).ours);
  }

  /** A waiting callback at its place in line: the same estimator, asked for that position. */
  ewtFor(cb: Callback, position: number, now: Instant): number | null {
    if (!this.ctx.catalog.services.some((s) => s.id === cb.serviceId)) return null;
    return rounded(this.predictions(cb.serviceId, now, position).ours);
  }

  /** EWT from raw numbers, for the simulator's vendor-formula comparisons. */
  static plain(ahead: number, agents: number, free: number, handleSeconds: number): number {
    return estimateWaitSeconds({ ahead, agents, freeAgents: free, handleSeconds });
  }
}
