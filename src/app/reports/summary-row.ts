/**
 * One row of the callback summary (service × period) while it is being folded, and its final
 * shape. Every figure's definition is written next to it here and in docs/reports.md.
 */
import { ewtAccuracy, share, waitStats, type EwtAccuracy, type WaitStats } from '../../domain/report-stats.js';

export interface ReportSettings { holdCostPerMinute: number; currency: string; punctualityMinutes: number; serviceLevelSeconds: number }

export interface SummaryRow {
  serviceId: string;
  /** Local date (YYYY-MM-DD), local hour (YYYY-MM-DDTHH), or 'total' for the whole range. */
  period: string;
  /** IVR offers (counted when the offer is made): offered = accepted + declined + abandoned. */
  offers: {
    offered: number; accepted: number; declined: number; abandoned: number; acceptedShare: number | null; declinedShare: number | null;
    /** Offered and accepted by what the flow offered: immediate, scheduled, both (ASAP or a slot); 'unknown' if the event names none. */
    byKind: Record<string, { offered: number; accepted: number }>;
  };
  /** Callbacks requested in the period (by CALLBACK_CREATED), split by channel and timing. */
  requested: { total: number; asap: number; scheduled: number; byChannel: Record<string, number> };
  /** Of the requested callbacks: at least one dial attempt / the customer confirmed / bridged to an agent / completed. */
  attempted: number; answered: number; connected: number; successful: number;
  /**
   * Dial attempts; ringTime = INVITE → answer or final failure, confirmationTime = answer → press of
   * 1 or the end (answered attempts only), over the attempts whose driver reported its timing.
   */
  attempts: { total: number; byOutcome: Record<string, number>; perSuccessful: number | null; ringTime: WaitStats; confirmationTime: WaitStats };
  unsuccessful: { total: number; byReason: Record<string, number> };
  cancelled: number; expired: number; open: number;
  /**
   * Callers who hung up in the IVR: before any offer or queue (greeting, menus; only once the flow
   * had chosen the service, as the figure is per service), and during the offer (= offers.abandoned).
   */
  abandonedInIvr: { total: number; beforeOffer: number; duringOffer: number };
  /** Customers who answered and confirmed, then hung up before an agent came (each time it happened). */
  abandonedWaitingAgent: number;
  /** ASAP callbacks: request → first attempt, and request → connected to an agent. */
  waitToFirstAttempt: WaitStats; waitToConnect: WaitStats;
  /** Scheduled callbacks with a first attempt: dialled within `withinMinutes` after the slot start. */
  punctuality: { measured: number; onTime: number; onTimeShare: number | null; withinMinutes: number; averageOffsetSeconds: number | null };
  waitBeforeAbandon: { live: WaitStats; waitingAgent: WaitStats };
  savings: {
    basis: 'ewt-at-request'; callbacks: number; withoutEstimate: number; timeSavedSeconds: number; timeSavedPerCallbackSeconds: number | null;
    costPerHoldMinute: number; currency: string; moneySaved: number; moneySavedPerCallback: number | null;
  };
  live: { queued: number; answered: number; abandoned: number; leftForCallback: number; answeredWithinTarget: number; targetSeconds: number; serviceLevel: number | null };
  ewtAccuracy: { atJoin: EwtAccuracy; atOffer: EwtAccuracy };
  dispositions: Record<string, number>;
  callIn: Record<string, number>;
  push: { requested: number; delivered: number; failed: number };
}

export const bump = (counts: Record<string, number>, key: string, n = 1): void => { counts[key] = (counts[key] ?? 0) + n; };

/** The mutable accumulator: counts, and the samples the averages and percentiles are taken over. */
export class RowAcc {
  offered = 0; accepted = 0; declined = 0; offerAbandoned = 0; byKind: Record<string, { offered: number; accepted: number }> = {};
  requested = 0; asap = 0; scheduled = 0; byChannel: Record<string, number> = {};
  attempted = 0; answered = 0; connected = 0; successful = 0;
  attempts = 0; byOutcome: Record<string, number> = {}; attemptsOfSuccessful = 0; ringTimes: number[] = []; confirmTimes: number[] = [];
  failedByReason: Record<string, number> = {}; failed = 0; cancelled = 0; expired = 0; open = 0;
  abandonedWaitingAgent = 0; ivrAbandoned = 0;
  toFirstAttempt: number[] = []; toConnect: number[] = [];
  punctualOffsets: number[] = [];
  liveAbandonWaits: number[] = []; waitingAgentAbandonWaits: number[] = [];
  savedCallbacks = 0; withoutEstimate = 0; savedSeconds = 0;
  liveQueued = 0; liveAnswered = 0; liveAbandoned = 0; liveLeft = 0; liveWithinTarget = 0;
  joinPairs: { ewt: number; actual: number }[] = []; offerPairs: { ewt: number; actual: number }[] = [];
  dispositions: Record<string, number> = {}; callIn: Record<string, number> = {};
  pushRequested = 0; pushDelivered = 0; pushFailed = 0;

  constructor(readonly serviceId: string, readonly period: string) {}

  kind(k: string): { offered: number; accepted: number } {
    return (this.byKind[k] ??= { offered: 0, accepted: 0 });
  }

  finish(s: ReportSettings): SummaryRow {
    const onTime = this.punctualOffsets.filter((o) => o <= s.punctualityMinutes * 60).length;
    const money = (this.savedSeconds / 60) * s.holdCostPerMinute;
    const liveEnded = this.liveAnswered + this.liveAbandoned;
    return {
      serviceId: this.serviceId, period: this.period,
      offers: {
        offered: this.offered, accepted: this.accepted, declined: this.declined, abandoned: this.offerAbandoned,
        acceptedShare: share(this.accepted, this.offered), declinedShare: share(this.declined, this.offered), byKind: this.byKind,
      },
      requested: { total: this.requested, asap: this.asap, scheduled: this.scheduled, byChannel: this.byChannel },
      attempted: this.attempted, answered: this.answered, connected: this.connected, successful: this.successful,
      attempts: {
        total: this.attempts, byOutcome: this.byOutcome, perSuccessful: share(this.attemptsOfSuccessful, this.successful),
        ringTime: waitStats(this.ringTimes), confirmationTime: waitStats(this.confirmTimes),
      },
      unsuccessful: { total: this.failed, byReason: this.failedByReason },
      cancelled: this.cancelled, expired: this.expired, open: this.open,
      abandonedInIvr: { total: this.ivrAbandoned + this.offerAbandoned, beforeOffer: this.ivrAbandoned, duringOffer: this.offerAbandoned },
      abandonedWaitingAgent: this.abandonedWaitingAgent,
      waitToFirstAttempt: waitStats(this.toFirstAttempt), waitToConnect: waitStats(this.toConnect),
      punctuality: {
        measured: this.punctualOffsets.length, onTime, onTimeShare: share(onTime, this.punctualOffsets.length), withinMinutes: s.punctualityMinutes,
        averageOffsetSeconds: waitStats(this.punctualOffsets).averageSeconds,
      },
      waitBeforeAbandon: { live: waitStats(this.liveAbandonWaits), waitingAgent: waitStats(this.waitingAgentAbandonWaits) },
      savings: {
        basis: 'ewt-at-request', callbacks: this.savedCallbacks, withoutEstimate: this.withoutEstimate, timeSavedSeconds: this.savedSeconds,
        timeSavedPerCallbackSeconds: share(this.savedSeconds, this.savedCallbacks), costPerHoldMinute: s.holdCostPerMinute, currency: s.currency,
        moneySaved: round2(money), moneySavedPerCallback: this.savedCallbacks ? round2(money / this.savedCallbacks) : null,
      },
      live: {
        queued: this.liveQueued, answered: this.liveAnswered, abandoned: this.liveAbandoned, leftForCallback: this.liveLeft,
        answeredWithinTarget: this.liveWithinTarget, targetSeconds: s.serviceLevelSeconds, serviceLevel: share(this.liveWithinTarget, liveEnded),
      },
      ewtAccuracy: { atJoin: ewtAccuracy(this.joinPairs), atOffer: ewtAccuracy(this.offerPairs) },
      dispositions: this.dispositions, callIn: this.callIn,
      push: { requested: this.pushRequested, delivered: this.pushDelivered, failed: this.pushFailed },
    };
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
