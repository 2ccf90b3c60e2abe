/**
 * The dialer: matches READY agents (longest idle first) with the longest-waiting eligible entry,
 * and works callbacks by their service's dial mode. Reserved: the agent is RESERVED, then the
 * customer is dialled. Unreserved: a ready agent is held (counted, not reserved) while the customer
 * is dialled; the confirmed customer goes to the longest-idle ready eligible agent. Preview: the
 * agent is offered the callback and dials by accepting. Every dial is preceded by a committed claim.
 */
import { isDispatcher } from '../cluster-role.js';
import { HoldlessError } from '../../domain/errors.js';
import { isOpenAt } from '../../domain/calendar.js';
import type { AgentDef, Callback, Instant } from '../../domain/model.js';
import { ActiveCalls } from '../agents/active-calls.js';
import type { AgentBoard } from '../agents/agent-board.js';
import type { AppContext } from '../context.js';
import type { CallControl, CallLeg } from '../ports/call-control.js';
import type { LiveCalls } from '../queue/live-calls.js';
import type { QueueEngine } from '../queue/queue-engine.js';
import { PHONE_ZONES_KEY } from '../ports/number-zones.js';
import { CONFIRMATION, attemptDurations, claimAttempt, dialBlock, recordOutcome, warmNumberCheck, type ClaimResult } from './claim.js';
import { Connector, type WaitingCustomer } from './connector.js';
import { RemoteLiveDesk } from './remote-live-desk.js';
import type { DelayedDispatch } from '../callins/call-in-desk.js';
import { prepareVoicemail, settleVoicemail } from '../callins/voicemail.js';

export interface DialerOptions {
  /** Customer dials started per second at most (token bucket), so a clock jump is not a burst. */
  dialsPerSecond: number;
  burst: number;
  unknownGraceMs?: number;
  /** A callback blocked by the customer's calling window is looked at again after this. */
  parkMs: number;
  previewTimeoutMs: number;
  previewRejectCooldownMs: number;
  /** A confirmed customer on hold gets an agent within this, else back to the head of the queue. */
  waitingAgentMaxMs: number;
}

export const defaultDialerOptions: DialerOptions = {
  dialsPerSecond: 20, burst: 20, parkMs: 5 * 60_000, previewTimeoutMs: 120_000, previewRejectCooldownMs: 60_000, waitingAgentMaxMs: 120_000,
};

export interface DialerStats { claims: number; dials: number; lostClaims: number; connected: number; rona: number }

export class Dialer {
  readonly stats: DialerStats = { claims: 0, dials: 0, lostClaims: 0, connected: 0, rona: 0 };
  /** Call ids of attempts this process is dialling now (not reconciled by its own poller). */
  readonly inflight = new Set<string>();
  /** Unreserved mode: agent → callback being dialled on the strength of that agent. */
  readonly held = new Map<string, string>();
  readonly offers = new Map<string, { callbackId: string; at: Instant }>();
  private readonly rejected = new Map<string, Map<string, Instant>>();
  private readonly parked = new Map<string, Instant>();
  private readonly tasks = new Set<Promise<unknown>>();
  private tokens: number;
  private refilledAt: Instant;
  private openCache = { minute: -1, ids: [] as string[] };
  readonly connector: Connector;
  /** Live callers held at other nodes of a cluster: assigned here, bridged there. */
  readonly remoteLive: RemoteLiveDesk;
  /** Graceful stop: no new customer dial starts; ringing ones are cancelled through this signal. */
  private readonly stopping = new AbortController();
  /** Call-in (delayed) callbacks are pushed, not dialled (set by the call-in wiring). */
  callIn?: DelayedDispatch;
  /** Bridged conversations by agent (the workspace's hang-up button). */
  readonly calls = new ActiveCalls();
  /** Test and benchmark hook: called just before CallControl.dialCustomer. */
  onDialIssued?: (callId: string, callbackId: string) => void;

  constructor(
    readonly ctx: AppContext,
    readonly engine: QueueEngine,
    readonly agents: AgentBoard,
    readonly live: LiveCalls,
    readonly telephony: CallControl | undefined,
    readonly opts: DialerOptions = defaultDialerOptions,
  ) {
    this.tokens = opts.burst;
    this.refilledAt = ctx.clock.now();
    this.connector = new Connector(this);
    this.remoteLive = new RemoteLiveDesk(this);
  }

  /** Only the dispatcher of a cluster dials (one node: always), and only with working telephony. */
  canDial(): boolean {
    return isDispatcher(this.ctx) && (this.telephony?.canDial() ?? false);
  }

  /** One round: waiting customers first, then every READY agent not held. Returns entries started. */
  dispatch(now: Instant = this.ctx.clock.now()): number {
    if (!this.canDial()) return 0;
    this.refill(now);
    this.unpark(now);
    let started = this.connector.serveWaiting(now);
    for (const r of this.agents.readyAgents()) {
      if (this.held.has(r.agent.id)) continue;
      if (this.startFor(r.agent, now)) started++;
    }
    return started;
  }

  /** An agent just became ready: route for this agent only (the fast path the bench measures). */
  dispatchFor(agentId: string, now: Instant = this.ctx.clock.now()): boolean {
    if (!this.canDial() || this.held.has(agentId) || this.agents.state(agentId).name !== 'READY') return false;
    this.refill(now);
    if (this.connector.serveWaiting(now) > 0 && this.agents.state(agentId).name !== 'READY') return true;
    return this.startFor(this.agents.def(agentId), now);
  }

  /**
   * Graceful stop (SIGTERM): dials still ringing are cancelled before the customer can confirm and
   * no new one starts; customers already confirmed, live callers and connected calls carry on.
   */
  beginDrain(): void {
    this.stopping.abort();
  }

  /** Cancels the dials ringing under the current dispatcher role (see roleLost). */
  private role = new AbortController();

  /**
   * This node stopped being the dispatcher while running (its database connection failed or
   * went silent): ringing customer dials are cancelled and customers not yet with an agent hung
   * up, before the successor may take their callbacks over. Returns how many calls it ended.
   */
  roleLost(): number {
    this.role.abort();
    this.role = new AbortController();
    return this.connector.fence();
  }

  get draining(): boolean {
    return this.stopping.signal.aborted;
  }


  /**
   * A call-in (delayed) entry at the head is pushed, and the agent goes on to the next entry (not
   * held); when the service has as many pushed as ready agents, the entry is stepped over for now.
   */
  private pushInstead(cb: Callback): void {
    this.engine.take(cb.id);
    void this.track(this.callIn!.tryPush(cb.id, cb.serviceId).then((after) => {
      if (after === 'full') { this.engine.giveBack(cb.id); return; } // stepped over for now: keeps its place
      this.engine.release(cb.id);
      if (after) this.ctx.queue.callbackChanged(after);
      else this.engine.forget(cb.id);
    }, (e: unknown) => {
      this.engine.giveBack(cb.id); // not pushed: it keeps its place for the next round
      throw e;
    }));
  }

  private startFor(agent: AgentDef, now: Instant): boolean {
    for (let tries = 0; tries < 16; tries++) {
      const entry = this.engine.index.pickForAgent(agent, now, this.candidateServices(now));
      if (!entry) return false;
      if (entry.kind === 'call') {
        const call = this.live.calls.get(entry.id);
        const remote = call ? undefined : this.live.remote.get(entry.id);
        if (call) void this.track(this.connector.connectLive(call, agent.id, now));
        else if (remote) this.remoteLive.assign(remote, agent.id, now);
        else { this.engine.index.remove(entry.id); continue; }
        this.engine.departed(entry, now);
        return true;
      }
      if (this.draining) return false; // a callback at the head: dialled by the next process
      const until = this.rejected.get(agent.id)?.get(entry.id);
      if (until !== undefined && until > now) return false;
      const cb = this.engine.callbacks.get(entry.id);
      if (!cb) { this.engine.index.remove(entry.id); continue; }
      if (dialBlock(this.ctx, cb, now)) { this.park(cb.id, now); continue; }
      if (this.callIn?.isDelayed(cb.id)) { this.pushInstead(cb); continue; }
      const mode = this.ctx.catalog.service(cb.serviceId).dialMode;
      if (mode === 'preview') { this.offer(agent.id, cb, now); this.engine.departed(entry, now); return true; }
      if (this.tokens < 1) return false;
      this.tokens--;
      this.engine.take(cb.id);
      this.warmNextOf(cb.serviceId);
      if (mode === 'reserved') {
        this.reserve(agent.id, cb, now, 'dialing');
        void this.track(this.dialReserved(agent.id, cb));
      } else {
        this.held.set(agent.id, cb.id);
        void this.track(this.dialUnreserved(agent.id, cb));
      }
      this.engine.departed(entry, now);
      return true;
    }
    return false;
  }

  /**
   * After this turn (the claim's batch and its dial go first): parse the number of the service's
   * new head, so the claim that takes it finds the parse memoised (a cold parse cost ~70 µs inside
   * the claim's batch, bench/dispatch). The claim still checks the number against the rules.
   */
  private warmNextOf(serviceId: string): void {
    setImmediate(() => {
      const head = this.engine.index.head(serviceId, 'callback');
      const cb = head ? this.engine.callbacks.get(head.id) : undefined;
      try {
        if (cb) warmNumberCheck(this.ctx, cb);
      } catch {
        // only a head start: a service gone in a reload is the claim's to report
      }
    });
  }

  /** Services with something to route now: open ones (callbacks) and any with live callers. */
  private candidateServices(now: Instant): string[] {
    const minute = Math.floor(now / 60_000);
    if (this.openCache.minute !== minute) {
      const ids = this.ctx.catalog.services.filter((s) => isOpenAt(this.ctx.catalog.calendarOf(s), now)).map((s) => s.id);
      this.openCache = { minute, ids };
    }
    if (this.live.calls.size === 0 && this.live.remote.size === 0) return this.openCache.ids;
    // Asked per ready agent per dispatch: no copy while every live caller's service is open anyway.
    let extra = false;
    for (const c of this.live.calls.values()) if (!this.openCache.ids.includes(c.entry.serviceId)) { extra = true; break; }
    if (!extra) for (const r of this.live.remote.entries.values()) if (!this.openCache.ids.includes(r.entry.serviceId)) { extra = true; break; }
    if (!extra) return this.openCache.ids;
    const set = new Set(this.openCache.ids);
    for (const c of this.live.calls.values()) set.add(c.entry.serviceId);
    for (const r of this.live.remote.entries.values()) set.add(r.entry.serviceId);
    return [...set];
  }

  reserve(agentId: string, cb: Callback, now: Instant, phase: 'dialing' | 'offered'): void {
    this.agents.apply(agentId, { type: 'RESERVE', entryId: cb.id }, now);
    this.agents.setInteraction(agentId, { kind: 'callback', id: cb.id, serviceId: cb.serviceId, phase, since: now });
  }

  releaseAgent(agentId: string, now: Instant): void {
    this.agents.setInteraction(agentId, undefined);
    if (this.agents.state(agentId).name === 'RESERVED') this.agents.apply(agentId, { type: 'RELEASE' }, now);
  }

  private async dialReserved(agentId: string, cb: Callback): Promise<void> {
    const dialled = await this.claimAndDial(cb, agentId);
    if (!dialled) return this.releaseAgent(agentId, this.ctx.clock.now());
    await this.connector.connectCustomer(dialled.leg, dialled.cb, agentId);
  }

  private async dialUnreserved(heldAgent: string, cb: Callback): Promise<void> {
    let dialled: { leg: CallLeg; cb: Callback } | undefined;
    try {
      dialled = await this.claimAndDial(cb, undefined);
    } finally {
      this.held.delete(heldAgent);
    }
    if (dialled) this.connector.addWaiting({ leg: dialled.leg, cb: dialled.cb, since: this.ctx.clock.now() });
    this.dispatch();
  }

  /** Claim (committed), then dial; records the outcome. Returns the customer's leg on PERSON. */
  async claimAndDial(cb: Callback, agentId: string | undefined): Promise<{ leg: CallLeg; cb: Callback } | undefined> {
    const claim = await this.claim(cb.id, agentId);
    return claim.kind === 'claimed' ? this.dialClaimed(claim) : undefined;
  }

  async dialClaimed(claim: Extract<ClaimResult, { kind: 'claimed' }>): Promise<{ leg: CallLeg; cb: Callback } | undefined> {
    const { attempt } = claim;
    const service = this.ctx.catalog.service(claim.cb.serviceId);
    this.inflight.add(attempt.callId);
    this.stats.dials++;
    // Last attempt, service wants it: a code for the answering machine, committed before the INVITE.
    const voicemail = await prepareVoicemail(this.ctx, claim.cb, attempt).catch(() => undefined);
    this.onDialIssued?.(attempt.callId, claim.cb.id);
    let result: Awaited<ReturnType<CallControl['dialCustomer']>>;
    try {
      result = await this.telephony!.dialCustomer({
        callId: attempt.callId, to: claim.cb.phone, callerId: service.callerId, callerName: service.callerName, ringTimeoutMs: service.ringTimeoutSeconds * 1000,
        language: claim.cb.language ?? service.language, confirmation: CONFIRMATION, detectAnsweringMachine: true,
        signal: AbortSignal.any([this.stopping.signal, this.role.signal]),
        ...(voicemail ? { voicemail: { prompts: voicemail.prompts } } : {}),
      });
    } catch (e) {
      result = { outcome: 'NETWORK_ERROR', detail: e instanceof Error ? e.message : String(e) };
    }
    const now = this.ctx.clock.now();
    const after = await this.ctx.store.write(async (tx) => {
      const cb = await recordOutcome(this.ctx, tx, {
        attempt, outcome: result.outcome, sipCode: result.sipCode, detail: 'detail' in result ? result.detail : undefined,
        now, unknownGraceMs: this.opts.unknownGraceMs, durations: attemptDurations(result.timing),
      });
      if (voicemail) await settleVoicemail(tx, voicemail, cb, result.outcome === 'ANSWERING_MACHINE' && result.voicemailLeft === true, now);
      return cb;
    }).catch(async (e: unknown) => {
      // The outcome is not recorded: the open attempt is reconciled after its lease (by this node
      // or a successor) and may be dialled again, so this call must not go on.
      this.inflight.delete(attempt.callId);
      if (result.outcome === 'PERSON') await result.leg.hangup();
      throw e;
    });
    this.inflight.delete(attempt.callId);
    if (after) this.ctx.queue.callbackChanged(after);
    if (result.outcome !== 'PERSON') return undefined;
    if (after?.state === 'WAITING_AGENT') return { leg: result.leg, cb: after };
    await result.leg.hangup(); // the callback changed meanwhile (should not happen: DIALING is not cancellable)
    return undefined;
  }

  async claim(callbackId: string, agentId: string | undefined): Promise<ClaimResult> {
    const callId = this.ctx.newId();
    const phoneZones = await this.phoneZonesFor(callbackId);
    let claim: ClaimResult;
    try {
      claim = await this.ctx.store.write(async (tx) => await claimAttempt(this.ctx, tx, { callbackId, agentId, callId, now: this.ctx.clock.now(), phoneZones }));
    } catch (e) {
      if (!(e instanceof HoldlessError) || e.code !== 'CONCURRENT_UPDATE') throw e;
      claim = { kind: 'gone' };
    }
    this.engine.release(callbackId);
    if (claim.kind === 'claimed') this.stats.claims++;
    else this.stats.lostClaims++;
    if (claim.kind === 'blocked') this.park(callbackId, this.ctx.clock.now());
    else if (claim.cb) this.ctx.queue.callbackChanged(claim.cb);
    else this.engine.forget(callbackId);
    return claim;
  }

  /**
   * The callee's zones (issue 14: the calling window is the customer's), looked up once per
   * callback off the request path (the data file lookup costs milliseconds) and stored by the claim.
   */
  private async phoneZonesFor(callbackId: string): Promise<string[] | undefined> {
    const cb = this.engine.callbacks.get(callbackId);
    if (!cb || !this.ctx.numberZones || cb.context?.[PHONE_ZONES_KEY]) return undefined;
    try {
      return await this.ctx.numberZones.zonesOf(cb.phone);
    } catch {
      return undefined; // no data: the request's or the service's zone decides, as before
    }
  }

  // ---- preview mode -------------------------------------------------------------------------

  private offer(agentId: string, cb: Callback, now: Instant): void {
    this.engine.take(cb.id);
    this.reserve(agentId, cb, now, 'offered');
    this.offers.set(agentId, { callbackId: cb.id, at: now });
    this.agents.emit({ type: 'offered', agentId, at: now, interaction: this.agents.interaction(agentId)! });
  }

  /** The agent pressed dial: the claim is committed before this resolves; the call runs on. */
  async acceptPreview(agentId: string): Promise<{ dialling: boolean; reason?: string }> {
    const offer = this.takeOffer(agentId);
    const now = this.ctx.clock.now();
    const known = this.engine.callbacks.get(offer.callbackId);
    if (known) this.agents.setInteraction(agentId, { kind: 'callback', id: known.id, serviceId: known.serviceId, phase: 'dialing', since: now });
    const claim = await this.claim(offer.callbackId, agentId);
    if (claim.kind !== 'claimed') {
      this.releaseAgent(agentId, this.ctx.clock.now());
      return { dialling: false, reason: claim.kind === 'blocked' ? claim.block : claim.cb?.state ?? 'GONE' };
    }
    void this.track((async () => {
      const dialled = await this.dialClaimed(claim);
      if (!dialled) return this.releaseAgent(agentId, this.ctx.clock.now());
      await this.connector.connectCustomer(dialled.leg, dialled.cb, agentId);
    })());
    return { dialling: true };
  }

  rejectPreview(agentId: string, now: Instant = this.ctx.clock.now()): void {
    const offer = this.takeOffer(agentId);
    let map = this.rejected.get(agentId);
    if (!map) this.rejected.set(agentId, (map = new Map()));
    map.set(offer.callbackId, now + this.opts.previewRejectCooldownMs);
    this.engine.giveBack(offer.callbackId);
    this.agents.emit({ type: 'withdrawn', agentId, at: now, interaction: this.agents.interaction(agentId)! });
    this.releaseAgent(agentId, now);
  }

  private takeOffer(agentId: string): { callbackId: string; at: Instant } {
    const offer = this.offers.get(agentId);
    if (!offer) throw new HoldlessError('NO_PREVIEW_OFFER', 'This agent has no callback offered.', { agentId });
    this.offers.delete(agentId);
    return offer;
  }

  /** Offers nobody answered in time: back to the queue, the agent NOT_READY('RONA'). */
  expireOffers(now: Instant): void {
    for (const [agentId, offer] of [...this.offers]) {
      if (now - offer.at < this.opts.previewTimeoutMs) continue;
      this.offers.delete(agentId);
      this.engine.giveBack(offer.callbackId);
      this.agents.emit({ type: 'withdrawn', agentId, at: now, interaction: this.agents.interaction(agentId)! });
      this.agents.setInteraction(agentId, undefined);
      this.agents.apply(agentId, { type: 'RONA' }, now);
      this.stats.rona++;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private park(id: string, now: Instant): void {
    this.engine.take(id);
    this.parked.set(id, now + this.opts.parkMs);
  }

  private unpark(now: Instant): void {
    for (const [id, until] of this.parked) {
      if (until > now) continue;
      this.parked.delete(id);
      this.engine.giveBack(id);
    }
  }

  private refill(now: Instant): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.refilledAt = now;
    this.tokens = Math.min(this.opts.burst, this.tokens + (elapsed / 1000) * this.opts.dialsPerSecond);
  }

  /** Tracks a task (idle() waits for it, onError hears its failure); the promise returned has that handler. */
  track<T>(p: Promise<T>): Promise<T> {
    this.tasks.add(p);
    void p.catch((e: unknown) => this.onError?.(e)).finally(() => this.tasks.delete(p));
    return p;
  }

  onError?: (e: unknown) => void;

  /** Resolves when no dial or connection started so far is still running (tests). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  get busy(): number {
    return this.tasks.size;
  }
}
