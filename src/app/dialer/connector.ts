/**
 * Agent legs: connects a confirmed customer or a live caller to an agent (dial the agent, bridge),
 * keeps confirmed customers on hold until an agent is free, and handles RONA (the agent's leg
 * does not answer: the entry goes back to the head of the line, the agent NOT_READY('RONA')).
 */
import type { Callback, Instant } from '../../domain/model.js';
import { contactFor } from '../registrar/phones.js';
import { pickAgentForEntry } from '../../domain/routing.js';
import type { CallLeg, DialAgentResult } from '../ports/call-control.js';
import type { LiveCall } from '../queue/live-calls.js';
import type { CallerContext } from '../callins/caller-context.js';
import { transition } from '../callbacks/transition.js';
import type { Dialer } from './dialer.js';

export interface WaitingCustomer { leg: CallLeg; cb: Callback; since: Instant; gone?: boolean }

/** What happens to the agent of a live caller, step by step (see Connector.bridgeLive). */
export interface LiveAgentSide {
  noAnswer(at: Instant): void;
  /** The caller left before the agent answered. */
  callerGone(at: Instant): void;
  connected(at: Instant, entryId: string): void;
  /** The conversation is over (connected at `connectedAt`): wrap-up. */
  ended(connectedAt: Instant): Promise<void>;
}

export const HOLD_PROMPTS = ['hold_music'];
export const WHISPER_PROMPTS = ['whisper_callback'];

export class Connector {
  /** Confirmed customers on the line waiting for an agent, in queue order. */
  readonly waiting: WaitingCustomer[] = [];

  constructor(private readonly d: Dialer) {}

  addWaiting(w: WaitingCustomer, atHead = false): void {
    w.leg.startHold(HOLD_PROMPTS, w.cb.language ?? 'en');
    if (atHead) this.waiting.unshift(w);
    else {
      const i = this.waiting.findIndex((x) => x.cb.queuedSince > w.cb.queuedSince);
      this.waiting.splice(i < 0 ? this.waiting.length : i, 0, w);
    }
    w.leg.onHangup(() => {
      if (w.gone) return;
      const i = this.waiting.indexOf(w);
      if (i < 0) return;
      this.waiting.splice(i, 1);
      w.gone = true;
      void this.d.track(this.requeue(w.cb, 'CUSTOMER_LEFT_HOLD'));
    });
  }

  /** Gives waiting customers the longest-idle ready eligible agents. Returns how many were started. */
  serveWaiting(now: Instant): number {
    let started = 0;
    for (const w of [...this.waiting]) {
      const service = this.d.ctx.catalog.service(w.cb.serviceId);
      if (now - w.since > this.d.opts.waitingAgentMaxMs) {
        this.drop(w);
        void w.leg.hangup();
        void this.d.track(this.requeue(w.cb, 'NO_AGENT'));
        continue;
      }
      const ready = this.d.agents.readyAgents().filter((r) => !this.d.held.has(r.agent.id));
      const pick = pickAgentForEntry(this.d.engine.entryOf(w.cb), service, ready, now);
      if (!pick) continue;
      this.drop(w);
      this.d.reserve(pick.agent.id, w.cb, now, 'dialing');
      void this.d.track(this.connectCustomer(w.leg, w.cb, pick.agent.id));
      started++;
    }
    return started;
  }

  /** End of a graceful stop's drain: customers still waiting for an agent go back to the queue (hung up, not left holding). */
  releaseWaiting(): void {
    for (const w of this.waiting.splice(0)) {
      w.gone = true;
      void w.leg.hangup();
      void this.d.track(this.requeue(w.cb, 'NODE_STOPPING'));
    }
  }

  private drop(w: WaitingCustomer): void {
    const i = this.waiting.indexOf(w);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /**
   * This node lost the dispatcher role without stopping (cut off from the database): customers it
   * holds who are not talking to an agent yet are hung up, because the successor takes their
   * callbacks for orphans and calls them again (Cluster.predecessorFenced). Bridged calls go on.
   */
  fence(): number {
    let n = 0;
    for (const w of this.waiting.splice(0)) { w.gone = true; void w.leg.hangup(); n++; }
    for (const leg of this.unbridged) if (!leg.ended) { void leg.hangup(); n++; }
    return n;
  }

  /** Customer legs between confirmation and CONNECTED (ringing their agent). */
  private readonly unbridged = new Set<CallLeg>();

  /** The customer is confirmed and on the line; the agent is RESERVED for them. */
  async connectCustomer(leg: CallLeg, cb: Callback, agentId: string): Promise<void> {
    this.unbridged.add(leg);
    try {
      await this.connectHeld(leg, cb, agentId);
    } finally {
      this.unbridged.delete(leg);
    }
  }

  private async connectHeld(leg: CallLeg, cb: Callback, agentId: string): Promise<void> {
    const { ctx, agents } = this.d;
    const service = ctx.catalog.service(cb.serviceId);
    if (!leg.ended) leg.startHold(HOLD_PROMPTS, cb.language ?? service.language);
    agents.setInteraction(agentId, { kind: 'callback', id: cb.id, serviceId: cb.serviceId, phase: 'ringing-agent', since: ctx.clock.now() });
    const answer = await this.dialAgent(agentId, service.callerId, service.ringTimeoutSeconds, cb.language ?? service.language);
    const now = ctx.clock.now();
    if (leg.ended) {
      if (answer.outcome === 'ANSWERED') await answer.leg.hangup();
      this.d.releaseAgent(agentId, now);
      return this.requeue(cb, 'CUSTOMER_LEFT_HOLD');
    }
    if (answer.outcome !== 'ANSWERED') {
      this.rona(agentId, now);
      return this.addWaiting({ leg, cb, since: now }, true);
    }
    const connected = await ctx.store.write(async (tx) => {
      const cur = (await tx.callbacks.get(cb.id))!;
      return await transition(tx, cur, { to: 'CONNECTED', now, agentId, changes: { agentId }, reason: 'AGENT_ANSWERED' });
    }).catch(async (e: unknown) => {
      // Not recorded as connected: whoever recovers this callback will call the customer again.
      await Promise.all([leg.hangup(), answer.leg.hangup()]);
      this.d.releaseAgent(agentId, ctx.clock.now());
      throw e;
    });
    this.unbridged.delete(leg);
    ctx.queue.callbackChanged(connected);
    agents.apply(agentId, { type: 'CONNECT' }, now);
    this.d.stats.connected++;
    agents.setInteraction(agentId, { kind: 'callback', id: cb.id, serviceId: cb.serviceId, phase: 'connected', since: now });
    agents.emit({ type: 'connected', agentId, at: now, interaction: agents.interaction(agentId)! });
    this.d.engine.recordWait(cb.serviceId, Math.max(0, now - cb.queuedSince) / 1000, false);
    await leg.stopHold();
    await this.talk(leg, answer.leg, agentId);
    await this.ended(agentId, cb.serviceId, now, async (end) => {
      const done = await ctx.store.write(async (tx) => {
        const cur = (await tx.callbacks.get(cb.id))!;
        return cur.state === 'CONNECTED' ? await transition(tx, cur, { to: 'COMPLETED', now: end, reason: 'HANGUP', agentId }) : cur;
      });
      ctx.queue.callbackChanged(done);
    });
  }

  /** A live caller of this node picked for this agent (this node dispatches). */
  async connectLive(call: LiveCall, agentId: string, now: Instant): Promise<void> {
    const { agents } = this.d;
    agents.apply(agentId, { type: 'RESERVE', entryId: call.entry.id }, now);
    agents.setInteraction(agentId, { kind: 'call', id: call.entry.id, serviceId: call.entry.serviceId, phase: 'ringing-agent', since: now, caller: call.caller });
    await this.bridgeLive(call, agentId, this.agentSide(agentId, call.entry.serviceId, call.caller));
  }

  /**
   * The dispatcher's bookkeeping of an agent connected to a live caller: called directly for a
   * caller of this node, and from the owner's reports for a caller held at another node.
   */
  agentSide(agentId: string, serviceId: string, caller?: CallerContext): LiveAgentSide {
    const { agents } = this.d;
    return {
      noAnswer: (at) => this.rona(agentId, at),
      callerGone: (at) => this.d.releaseAgent(agentId, at),
      connected: (at, entryId) => {
        agents.apply(agentId, { type: 'CONNECT' }, at);
        this.d.stats.connected++;
        agents.setInteraction(agentId, { kind: 'call', id: entryId, serviceId, phase: 'connected', since: at, caller });
        agents.emit({ type: 'connected', agentId, at, interaction: agents.interaction(agentId)! });
      },
      ended: async (connectedAt) => await this.ended(agentId, serviceId, connectedAt, async () => undefined),
    };
  }

  /**
   * On the node that holds the caller's media: rings the agent, bridges, and tells `side` each
   * step (the agent's state is the dispatcher's, here or at another node). The caller is out of
   * line while the agent rings and back at the head (same queuedSince) if the agent does not answer.
   */
  async bridgeLive(call: LiveCall, agentId: string, side: LiveAgentSide): Promise<void> {
    const { ctx, engine, live } = this.d;
    const service = ctx.catalog.service(call.entry.serviceId);
    engine.index.remove(call.entry.id);
    call.connecting = true;
    live.announce(call, 'gone');
    const answer = await this.dialAgent(agentId, service.callerId, service.ringTimeoutSeconds, call.language);
    const at = ctx.clock.now();
    call.connecting = false;
    if (call.call.ended || call.done) {
      if (answer.outcome === 'ANSWERED') await answer.leg.hangup();
      side.callerGone(at);
      if (!call.done) call.settle({ kind: 'abandoned' });
      return;
    }
    if (answer.outcome !== 'ANSWERED') {
      side.noAnswer(at);
      engine.index.add(call.entry); // same queuedSince: back at the head
      live.announce(call, 'joined');
      return;
    }
    call.settle({ kind: 'connected' });
    engine.recordWait(service.id, Math.max(0, at - call.entry.queuedSince) / 1000, false);
    live.log(at, 'LIVE_CONNECTED', call.entry, agentId);
    side.connected(at, call.entry.id);
    await call.call.stopHold();
    await this.talk(call.call, answer.leg, agentId);
    await side.ended(at);
  }

  /** Bridges the two legs and resolves when the conversation is over (bridge() resolves once bridged). */
  private async talk(customer: CallLeg, agent: CallLeg, agentId: string): Promise<void> {
    const legs = [customer, agent];
    this.d.calls.set(agentId, legs);
    try {
      const bridged = await this.d.telephony!.bridge(customer, agent);
      if (bridged.kind !== 'done') return;
      await new Promise<void>((resolve) => {
        if (customer.ended || agent.ended) return resolve();
        customer.onHangup(() => resolve());
        agent.onHangup(() => resolve());
      });
    } finally {
      this.d.calls.clear(agentId, legs);
    }
  }

  private async dialAgent(agentId: string, callerId: string, ringSeconds: number, language: string): Promise<DialAgentResult> {
    const agent = this.d.agents.def(agentId);
    // A phone that must register is rung at its current binding; unregistered, it cannot be rung (→ RONA).
    const sip = contactFor(this.d.ctx, agent, this.d.ctx.clock.now());
    if (sip === undefined) return { outcome: 'ERROR', detail: 'phone not registered' };
    try {
      return await this.d.telephony!.dialAgent({
        callId: this.d.ctx.newId(), agentId, sip, callerId, ringTimeoutMs: ringSeconds * 1000,
        whisper: { prompts: WHISPER_PROMPTS, language },
      });
    } catch (e) {
      return { outcome: 'ERROR', detail: e instanceof Error ? e.message : String(e) };
    }
  }

  private rona(agentId: string, now: Instant): void {
    const i = this.d.agents.interaction(agentId);
    if (i) this.d.agents.emit({ type: 'withdrawn', agentId, at: now, interaction: i });
    this.d.agents.setInteraction(agentId, undefined);
    this.d.agents.apply(agentId, { type: 'RONA' }, now);
    this.d.stats.rona++;
  }

  /** The bridge ended: wrap-up for the agent, handle time measured (talk + configured wrap-up). */
  async ended(agentId: string, serviceId: string, connectedAt: Instant, record: (end: Instant) => Promise<void>): Promise<void> {
    const { ctx, agents } = this.d;
    const end = ctx.clock.now();
    const service = ctx.catalog.service(serviceId);
    await record(end);
    this.d.engine.recordHandle(serviceId, (end - connectedAt) / 1000 + service.wrapUpSeconds);
    const i = agents.interaction(agentId);
    agents.apply(agentId, { type: 'HANGUP' }, end, service.wrapUpSeconds);
    if (i) {
      const wrap = { ...i, phase: 'wrap-up' as const, since: end };
      agents.emit({ type: 'ended', agentId, at: end, interaction: wrap });
      agents.setInteraction(agentId, agents.state(agentId).name === 'WRAP_UP' ? wrap : undefined);
    }
    if (agents.state(agentId).name === 'READY') this.d.dispatchFor(agentId, end);
  }

  /** Back to the head of the queue (queuedSince kept); a new attempt must still be allowed. */
  async requeue(cb: Callback, reason: string): Promise<void> {
    const { ctx } = this.d;
    const now = ctx.clock.now();
    const next = await ctx.store.write(async (tx) => {
      const cur = await tx.callbacks.get(cb.id);
      if (!cur || cur.state !== 'WAITING_AGENT') return cur;
      const max = ctx.catalog.service(cur.serviceId).retry.maxAttempts;
      if (cur.attempts >= max) return await transition(tx, cur, { to: 'FAILED', now, reason: `MAX_ATTEMPTS_${reason}`, changes: { agentId: undefined } });
      return await transition(tx, cur, { to: 'QUEUED', now, reason, changes: { agentId: undefined } });
    });
    if (next) ctx.queue.callbackChanged(next);
  }
}
