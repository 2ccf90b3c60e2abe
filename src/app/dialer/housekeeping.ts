/**
 * Due work, polled from the database (DESIGN.md invariant 6: no long timers): SCHEDULED and
 * RETRY_WAIT callbacks become QUEUED when due, open callbacks expire at expiresAt, claims whose
 * lease ran out are reconciled (never re-dialled), wrap-ups end, preview offers time out.
 */
import type { Callback, CallbackState, Instant } from '../../domain/model.js';
import { transition } from '../callbacks/transition.js';
import { recordOutcome } from './claim.js';
import type { Dialer } from './dialer.js';

const BATCH = 500;
const EXPIRABLE: CallbackState[] = ['SCHEDULED', 'QUEUED', 'RETRY_WAIT'];
const PROMOTABLE: CallbackState[] = ['SCHEDULED', 'RETRY_WAIT'];

export interface TickReport { promoted: number; expired: number; reconciled: number; started: number }

export class Housekeeping {
  private reconcileAt = 0;
  private reconciling = false;

  constructor(private readonly d: Dialer, private readonly reconcileEveryMs = 5_000) {}

  async tick(now: Instant = this.d.ctx.clock.now()): Promise<TickReport> {
    const expired = await this.expire(now);
    const promoted = await this.promote(now);
    let reconciled = 0;
    if (now >= this.reconcileAt) {
      this.reconcileAt = now + this.reconcileEveryMs;
      reconciled = (await this.reconcile(now)).reconciled;
    }
    this.endWrapUps(now);
    this.d.expireOffers(now);
    if (this.d.remoteLive.assignments > 0) await this.d.remoteLive.expire(now);
    const started = this.d.dispatch(now);
    return { promoted, expired, reconciled, started };
  }

  async promote(now: Instant): Promise<number> {
    // Polled every tick and nearly always empty: look first, open a write only when there is work.
    if ((await this.d.ctx.store.read((tx) => tx.callbacks.due(PROMOTABLE, now, 1))).length === 0) return 0;
    const changed = await this.d.ctx.store.write(async (tx) => {
      const out: Callback[] = [];
      for (const cb of await tx.callbacks.due(PROMOTABLE, now, BATCH)) {
        if (cb.expiresAt <= now) continue; // expire() takes it
        out.push(await transition(tx, cb, { to: 'QUEUED', now, reason: cb.state === 'SCHEDULED' ? 'SLOT_DUE' : 'RETRY_DUE' }));
      }
      return out;
    });
    changed.forEach((cb) => this.d.ctx.queue.callbackChanged(cb));
    return changed.length;
  }

  async expire(now: Instant): Promise<number> {
    if ((await this.d.ctx.store.read((tx) => tx.queue.expiring(EXPIRABLE, now, 1))).length === 0) return 0;
    const changed = await this.d.ctx.store.write(async (tx) => {
      const out: Callback[] = [];
      for (const cb of await tx.queue.expiring(EXPIRABLE, now, BATCH)) {
        if (cb.state === 'SCHEDULED' && cb.slotStart !== undefined) await tx.slots.adjust(cb.serviceId, cb.slotStart, -1);
        out.push(await transition(tx, cb, { to: 'EXPIRED', now, reason: 'EXPIRED' }));
      }
      return out;
    });
    changed.forEach((cb) => this.d.ctx.queue.callbackChanged(cb));
    return changed.length;
  }

  /**
   * Claims whose lease ran out without an outcome, not dialled by this process: ask the media
   * server. 'yes' → still running, look again later; 'no'/'unknown' → outcome UNKNOWN (counted),
   * retried after the grace period at the earliest.
   */
  async reconcile(now: Instant): Promise<{ reconciled: number; alive: number }> {
    if (this.reconciling) return { reconciled: 0, alive: 0 };
    this.reconciling = true;
    try {
      const stale = (await this.d.ctx.store.read(async (tx) => await tx.queue.openAttempts()))
        .filter((a) => a.leaseUntil < now && !this.d.inflight.has(a.callId));
      let reconciled = 0;
      let alive = 0;
      for (const a of stale) {
        const exists = this.d.telephony ? await this.d.telephony.callExists(a.callId).catch(() => 'unknown' as const) : 'unknown';
        if (exists === 'yes') { alive++; continue; }
        const at = this.d.ctx.clock.now();
        const cb = await this.d.ctx.store.write(async (tx) => {
          const open = (await tx.attempts.forCallback(a.callbackId)).find((x) => x.number === a.number && x.outcome === undefined);
          if (!open) return undefined; // settled meanwhile
          return await recordOutcome(this.d.ctx, tx, {
            attempt: open, outcome: 'UNKNOWN', detail: `lease expired; callExists=${exists}`, now: at, unknownGraceMs: this.d.opts.unknownGraceMs,
          });
        });
        if (cb) this.d.ctx.queue.callbackChanged(cb);
        reconciled++;
      }
      return { reconciled, alive };
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * At start: callbacks left WAITING_AGENT or CONNECTED by a dead process (their attempt is
   * closed, so the lease check does not see them). Asked by the last attempt's call id.
   */
  async recoverOrphans(now: Instant): Promise<number> {
    const { ctx } = this.d;
    const orphans = await ctx.store.read(async (tx) => await tx.callbacks.list({ states: ['WAITING_AGENT', 'CONNECTED', 'CONFIRMING'], limit: 10_000 }));
    let n = 0;
    for (const cb of orphans) {
      const last = (await ctx.store.read(async (tx) => await tx.attempts.forCallback(cb.id))).at(-1);
      if (last && this.d.telephony && (await this.d.telephony.callExists(last.callId).catch(() => 'unknown')) === 'yes') continue;
      const next = await ctx.store.write(async (tx) => {
        const cur = await tx.callbacks.get(cb.id);
        if (!cur || cur.version !== cb.version) return undefined;
        if (cur.state === 'CONNECTED') return await transition(tx, cur, { to: 'COMPLETED', now, reason: 'PROCESS_RESTARTED' });
        const max = ctx.catalog.service(cur.serviceId).retry.maxAttempts;
        if (cur.attempts >= max) return await transition(tx, cur, { to: 'FAILED', now, reason: 'MAX_ATTEMPTS_PROCESS_RESTARTED' });
        if (cur.state === 'CONFIRMING') return await transition(tx, cur, { to: 'RETRY_WAIT', now, reason: 'PROCESS_RESTARTED', changes: { dueAt: now } });
        return await transition(tx, cur, { to: 'QUEUED', now, reason: 'PROCESS_RESTARTED', changes: { agentId: undefined } });
      });
      if (next) { ctx.queue.callbackChanged(next); n++; }
    }
    return n;
  }

  private endWrapUps(now: Instant): void {
    for (const id of this.d.agents.wrapUpsDue(now)) {
      this.d.agents.apply(id, { type: 'END_WRAP_UP' }, now);
      this.d.agents.setInteraction(id, undefined);
    }
  }
}
