/**
 * The callback summary as a fold over the event log (invariant 5). Callback figures belong to the
 * period in which the callback was requested (so a callback requested on Monday and completed on
 * Tuesday counts on Monday, as Bright Pattern counts attempts); offers, live calls, push and
 * call-in steps belong to the period of their own event. Pure: feed events in log order.
 */
import type { Instant } from '../../domain/model.js';
import { localDateOf, localMinutesOf } from '../../domain/time.js';
import type { StoredEvent } from '../ports/store.js';
import { IVR_ABANDONED, REPORT_EVENTS } from './events.js';
import { RowAcc, bump, type ReportSettings, type SummaryRow } from './summary-row.js';

export type Interval = 'day' | 'hour';

export interface FoldOptions {
  from: Instant;
  to: Instant;
  interval: Interval;
  /** Only this channel's callbacks (offers and live calls count for 'ivr', push and call-in for 'call-in'). */
  channel?: string;
  /** The service's IANA zone, or undefined to leave the service out. */
  zoneOf(serviceId: string): string | undefined;
  settings(serviceId: string): ReportSettings;
}

interface CallbackTrack {
  rows: RowAcc[]; createdAt: Instant; slotStart: number | null; ewt: number | null;
  firstAttemptAt?: Instant; attempts: number; answered: boolean; connectedAt?: Instant; waitingSince?: Instant; ended: boolean;
}
interface LiveTrack { rows: RowAcc[]; at: Instant; ewt: number | null; offer?: { at: Instant; ewt: number } }

const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED']);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class SummaryFold {
  private readonly rows = new Map<string, RowAcc>();
  private readonly callbacks = new Map<string, CallbackTrack>();
  private readonly live = new Map<string, LiveTrack>();
  /** IVR offers by call id, so a declined offer's EWT can be compared with the wait that followed. */
  private readonly offers = new Map<string, { at: Instant; ewt: number }>();
  /** Which kind each IVR call was offered, so its acceptance counts under the same kind. */
  private readonly offerKinds = new Map<string, string>();

  constructor(private readonly o: FoldOptions) {}

  /** The period row and the service's 'total' row an event at `at` counts in (none outside the range). */
  private rowsAt(serviceId: string | undefined, at: Instant): RowAcc[] {
    if (!serviceId || at < this.o.from || at >= this.o.to) return [];
    const zone = this.o.zoneOf(serviceId);
    if (!zone) return [];
    const date = localDateOf(zone, at);
    const period = this.o.interval === 'day' ? date : `${date}T${String(Math.floor(localMinutesOf(zone, at) / 60)).padStart(2, '0')}`;
    return [this.row(serviceId, period), this.row(serviceId, 'total')];
  }

  private row(serviceId: string, period: string): RowAcc {
    const key = `${serviceId}|${period}`;
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = new RowAcc(serviceId, period)));
    return r;
  }

  private wants(channel: string): boolean {
    return this.o.channel === undefined || this.o.channel === channel;
  }

  /** Callbacks requested in the range that have not ended yet (their later events are still due). */
  unfinished(): string[] {
    return [...this.callbacks].filter(([, t]) => !t.ended).map(([id]) => id);
  }

  /** Live entries queued in the range and not settled yet. */
  liveUnsettled(): number {
    return this.live.size;
  }

  add(e: StoredEvent): void {
    const d = e.data ?? {};
    switch (e.type) {
      case 'CALLBACK_CREATED': return this.created(e, d);
      case 'CALLBACK_STATE': return this.state(e, d);
      case 'ATTEMPT_CLAIMED': return this.claimed(e);
      case 'ATTEMPT_ENDED': return this.attemptEnded(e, d);
      case 'DISPOSITION': return this.disposition(e, d);
      case 'LIVE_QUEUED': return this.liveQueued(e, d);
      case 'LIVE_CONNECTED': case 'LIVE_ABANDONED': case 'LIVE_LEFT_FOR_CALLBACK': case 'LIVE_LOST': return this.liveEnded(e, d);
      case REPORT_EVENTS.offered: case REPORT_EVENTS.accepted: case REPORT_EVENTS.declined: case REPORT_EVENTS.abandoned: return this.offer(e, d);
      case IVR_ABANDONED: return this.ivrAbandoned(e);
      default: return this.other(e);
    }
  }

  private created(e: StoredEvent, d: Record<string, unknown>): void {
    const channel = String(d.channel ?? 'unknown');
    if (!e.callbackId || !this.wants(channel)) return;
    const rows = this.rowsAt(e.serviceId, e.at);
    if (!rows.length) return;
    const slotStart = num(d.slotStart);
    this.callbacks.set(e.callbackId, { rows, createdAt: e.at, slotStart, ewt: num(d.ewtSeconds), attempts: 0, answered: false, ended: false });
    for (const r of rows) {
      r.requested++;
      bump(r.byChannel, channel);
      if (slotStart === null) r.asap++;
      else r.scheduled++;
    }
  }

  private state(e: StoredEvent, d: Record<string, unknown>): void {
    const t = e.callbackId ? this.callbacks.get(e.callbackId) : undefined;
    if (!t) return;
    const reason = String(d.reason ?? 'unknown');
    if (e.toState === 'WAITING_AGENT') t.waitingSince = e.at;
    if (e.fromState === 'WAITING_AGENT' && e.toState !== 'CONNECTED' && reason.includes('CUSTOMER_LEFT_HOLD')) {
      for (const r of t.rows) {
        r.abandonedWaitingAgent++;
        if (t.waitingSince !== undefined) r.waitingAgentAbandonWaits.push((e.at - t.waitingSince) / 1000);
      }
    }
    if (e.toState === 'CONNECTED' && t.connectedAt === undefined) this.connected(t, e.at);
    if (e.toState && TERMINAL.has(e.toState)) this.ended(t, e.toState, reason);
  }

  private connected(t: CallbackTrack, at: Instant): void {
    t.connectedAt = at;
    const wait = (at - t.createdAt) / 1000;
    for (const r of t.rows) {
      r.connected++;
      if (t.slotStart === null) r.toConnect.push(wait);
      if (t.ewt !== null) {
        r.savedCallbacks++;
        r.savedSeconds += t.ewt;
        if (t.slotStart === null) r.joinPairs.push({ ewt: t.ewt, actual: wait });
      } else r.withoutEstimate++;
    }
  }

  private ended(t: CallbackTrack, state: string, reason: string): void {
    t.ended = true;
    for (const r of t.rows) {
      if (state === 'COMPLETED') { r.successful++; r.attemptsOfSuccessful += t.attempts; }
      else if (state === 'CANCELLED') r.cancelled++;
      else if (state === 'EXPIRED') r.expired++;
      else { r.failed++; bump(r.failedByReason, reason); }
    }
  }

  private claimed(e: StoredEvent): void {
    const t = e.callbackId ? this.callbacks.get(e.callbackId) : undefined;
    if (!t || t.firstAttemptAt !== undefined) return;
    t.firstAttemptAt = e.at;
    for (const r of t.rows) {
      r.attempted++;
      if (t.slotStart === null) r.toFirstAttempt.push((e.at - t.createdAt) / 1000);
      else r.punctualOffsets.push((e.at - t.slotStart) / 1000);
    }
  }

  private attemptEnded(e: StoredEvent, d: Record<string, unknown>): void {
    const t = e.callbackId ? this.callbacks.get(e.callbackId) : undefined;
    if (!t) return;
    t.attempts++;
    const outcome = String(d.outcome ?? 'UNKNOWN');
    const firstPerson = outcome === 'PERSON' && !t.answered;
    if (outcome === 'PERSON') t.answered = true;
    const ring = num(d.ringSeconds);
    const confirm = num(d.confirmSeconds);
    for (const r of t.rows) {
      r.attempts++;
      bump(r.byOutcome, outcome);
      if (firstPerson) r.answered++;
      if (ring !== null) r.ringTimes.push(ring);
      if (confirm !== null) r.confirmTimes.push(confirm);
    }
  }

  private disposition(e: StoredEvent, d: Record<string, unknown>): void {
    const t = e.callbackId ? this.callbacks.get(e.callbackId) : undefined;
    const rows = t ? t.rows : this.o.channel === undefined ? this.rowsAt(e.serviceId, e.at) : [];
    for (const r of rows) bump(r.dispositions, String(d.code ?? 'unknown'));
  }

  private offer(e: StoredEvent, d: Record<string, unknown>): void {
    if (!this.wants('ivr')) return;
    const rows = this.rowsAt(e.serviceId, e.at);
    const ewt = num(d.ewtSeconds);
    const callId = typeof d.callId === 'string' ? d.callId : undefined;
    if (e.type === REPORT_EVENTS.offered && ewt !== null && callId) this.offers.set(callId, { at: e.at, ewt });
    const kind = this.offerKind(e.type, callId, d.offer);
    for (const r of rows) {
      if (e.type === REPORT_EVENTS.offered) { r.offered++; r.kind(kind).offered++; }
      else if (e.type === REPORT_EVENTS.accepted) { r.accepted++; r.kind(kind).accepted++; }
      else if (e.type === REPORT_EVENTS.declined) r.declined++;
      else r.offerAbandoned++;
    }
  }

  private ivrAbandoned(e: StoredEvent): void {
    if (!this.wants('ivr')) return;
    for (const r of this.rowsAt(e.serviceId, e.at)) r.ivrAbandoned++;
  }

  /** The kind named on the event, else the one its call was offered (older events name it on the offer only). */
  private offerKind(type: string, callId: string | undefined, named: unknown): string {
    const kind = typeof named === 'string' ? named : (callId && this.offerKinds.get(callId)) || 'unknown';
    if (type === REPORT_EVENTS.offered && callId) this.offerKinds.set(callId, kind);
    return kind;
  }

  private liveQueued(e: StoredEvent, d: Record<string, unknown>): void {
    if (!this.wants('ivr') || typeof d.entryId !== 'string') return;
    const rows = this.rowsAt(e.serviceId, e.at);
    if (!rows.length) return;
    const offer = typeof d.callId === 'string' ? this.offers.get(d.callId) : undefined;
    this.live.set(d.entryId, { rows, at: e.at, ewt: num(d.ewtSeconds), offer });
    for (const r of rows) r.liveQueued++;
  }

  private liveEnded(e: StoredEvent, d: Record<string, unknown>): void {
    const t = typeof d.entryId === 'string' ? this.live.get(d.entryId) : undefined;
    if (!t) return;
    this.live.delete(d.entryId as string);
    const wait = (e.at - t.at) / 1000;
    for (const r of t.rows) {
      if (e.type === 'LIVE_LEFT_FOR_CALLBACK') { r.liveLeft++; continue; }
      if (e.type === 'LIVE_ABANDONED') { r.liveAbandoned++; r.liveAbandonWaits.push(wait); continue; }
      // Lost with the process that held the media (kill -9): not served; counted with the abandoned, without a wait sample.
      if (e.type === 'LIVE_LOST') { r.liveAbandoned++; continue; }
      r.liveAnswered++;
      if (wait <= this.o.settings(r.serviceId).serviceLevelSeconds) r.liveWithinTarget++;
      if (t.ewt !== null) r.joinPairs.push({ ewt: t.ewt, actual: wait });
      if (t.offer) r.offerPairs.push({ ewt: t.offer.ewt, actual: (e.at - t.offer.at) / 1000 });
    }
  }

  /** Call-in and push steps (issue 8), counted by type when present. */
  private other(e: StoredEvent): void {
    const callIn = e.type.startsWith('CALL_IN_');
    const push = e.type.startsWith('PUSH_');
    if ((!callIn && !push) || !this.wants('call-in')) return;
    for (const r of this.rowsAt(e.serviceId, e.at)) {
      if (callIn) bump(r.callIn, e.type);
      else if (e.type === 'PUSH_REQUESTED') r.pushRequested++;
      else if (e.type === 'PUSH_DELIVERED') r.pushDelivered++;
      else if (e.type === 'PUSH_FAILED') r.pushFailed++;
    }
  }

  /** Final rows: every period of every service, then each service's 'total'. */
  result(): SummaryRow[] {
    for (const t of this.callbacks.values()) if (!t.ended) for (const r of t.rows) r.open++;
    const rows = [...this.rows.values()].map((r) => r.finish(this.o.settings(r.serviceId)));
    return rows.sort((a, b) => a.serviceId.localeCompare(b.serviceId) || order(a.period) - order(b.period) || a.period.localeCompare(b.period));
  }
}

const order = (period: string): number => (period === 'total' ? 1 : 0);
