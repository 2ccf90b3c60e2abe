/**
 * The report vocabulary: event types the reports fold, beyond the callback/attempt events the
 * use cases already write. One place, so writers and readers spell them the same.
 */
import type { OfferKind } from '../../domain/flow/offer-kind.js';
import type { Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';

export const REPORT_EVENTS = {
  /** The IVR offered a callback: data { callId, ewtSeconds, offer: 'immediate'|'scheduled'|'both' }. */
  offered: 'IVR_OFFERED',
  /** The caller pressed the accept digit: data { callId, ewtSeconds, offer } (the kind that was offered). */
  accepted: 'IVR_OFFER_ACCEPTED',
  /** Decline digit, or no answer after the attempts (the caller keeps holding): data { callId, reason }. */
  declined: 'IVR_OFFER_DECLINED',
  /** The caller hung up while the offer was played: data { callId }. */
  abandoned: 'IVR_OFFER_ABANDONED',
} as const;

/** A caller hung up in the IVR before any offer or queue (greeting, menus): data { callId, where: 'ivr', node }. */
export const IVR_ABANDONED = 'IVR_ABANDONED';

export interface IvrAbandonInput { serviceId?: string; callId: string; node: string }

/** Appends the hang-up in the IVR (service only when the flow had chosen one). */
export async function recordIvrAbandon(ctx: AppContext, e: IvrAbandonInput, at: Instant = ctx.clock.now()): Promise<void> {
  await ctx.store.write(async (tx) => await tx.events.append({ at, type: IVR_ABANDONED, serviceId: e.serviceId, data: { callId: e.callId, where: 'ivr', node: e.node } }));
}

export type OfferStep = keyof typeof REPORT_EVENTS;
export type { OfferKind };

export interface OfferStepInput {
  serviceId: string;
  callId: string;
  ewtSeconds: number | null;
  offer?: OfferKind;
  reason?: 'DECLINE_DIGIT' | 'NO_INPUT';
}

/** Appends one offer step to the log (awaited: it is committed before the flow moves on). */
export async function recordOfferStep(ctx: AppContext, step: OfferStep, e: OfferStepInput, at: Instant = ctx.clock.now()): Promise<void> {
  await ctx.store.write(async (tx) => await tx.events.append({
    at, type: REPORT_EVENTS[step], serviceId: e.serviceId,
    data: { callId: e.callId, ewtSeconds: e.ewtSeconds, offer: e.offer ?? null, reason: e.reason ?? null },
  }));
}
