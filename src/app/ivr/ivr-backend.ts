import type { Instant, OfferPolicy } from '../../domain/model.js';
import type { SpokenDay } from '../../domain/flow/speech.js';
import type { InboundCall } from '../ports/call-control.js';
import type { Clock } from '../ports/clock.js';
import type { MatchRequest, MatchResult } from '../callins/match-call-in.js';

/** Click-To-Call-In matching for the match_call_in verb. */
export interface CallInMatcher {
  /** Lengths an access code can have (of one service, or of all that offer call-in). */
  codeLengths(serviceId?: string): number[];
  match(req: MatchRequest): Promise<MatchResult>;
}
import type { IvrAbandonInput, OfferStep, OfferStepInput } from '../reports/events.js';

/**
 * Everything the IVR flow engine needs from the rest of holdless. The engine talks to the app
 * ONLY through this interface; the lead implements it over the real use cases, tests use
 * src/testing/fake-ivr-backend.ts.
 */

export interface ServiceStatus {
  open: boolean;
  holiday: boolean;
  /** Expected wait for a new entry; null when unknown (no data yet). */
  ewtSeconds: number | null;
  offer: OfferPolicy;
}

export interface SlotChoice {
  start: Instant;
  /** Local wall clock of the slot start in the service's zone, "HH:MM". */
  localTime: string;
  /** How to say the day: today, tomorrow or the weekday. */
  day: SpokenDay;
}

export interface IvrCallbackRequest {
  serviceId: string;
  phone: string; // E.164, confirmed by the caller
  channel: 'ivr';
  language: string;
  slotStart?: Instant; // undefined = as soon as possible
  queuedSince: Instant; // keeps the caller's place in line
  ani: string; // as received
  /** The EWT announced with the offer (kept with the callback for time saved and EWT accuracy). */
  ewtSeconds?: number;
}

export type IvrCallbackResult = { ok: true; id: string } | { ok: false; code: string; message: string };

export type NumberCheck = { ok: true; e164: string } | { ok: false; code: string };

export type LiveQueueOutcome =
  /** An agent was bridged; the backend owns the call from here. */
  | { kind: 'connected' }
  /** The caller hung up while waiting. */
  | { kind: 'abandoned' }
  /** Could not be queued or connected (service closed meanwhile, agent leg failed twice, ...). */
  | { kind: 'failed'; reason: string };

/** A live caller waiting in a service's queue (ordered together with callbacks). */
export interface LiveQueueEntry {
  readonly id: string;
  readonly queuedSince: Instant;
  /** Settles when the entry leaves the queue by connection, abandonment or failure. */
  readonly outcome: Promise<LiveQueueOutcome>;
  /** Current EWT for this entry (for the periodic announcement). */
  ewtSeconds(): number | null;
  /**
   * Take the caller out of the queue (they chose a callback, or hung up).
   * Resolves false when it is too late (an agent is already being connected).
   */
  leave(reason: 'callback' | 'hangup'): Promise<boolean>;
}

export interface IvrLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface IvrBackend {
  readonly clock: Clock;
  readonly logger: IvrLogger;
  serviceStatus(serviceId: string, now: Instant): ServiceStatus;
  nextSlots(serviceId: string, now: Instant, n: number): Promise<SlotChoice[]>;
  /** Free slots nearest to a local "HH:MM" (today, else the next open day), closest first. */
  closestSlots(serviceId: string, now: Instant, localTime: string, n: number): Promise<SlotChoice[]>;
  requestCallback(req: IvrCallbackRequest): Promise<IvrCallbackResult>;
  checkNumber(raw: string, serviceId: string): NumberCheck;
  enqueueLiveCall(call: InboundCall, serviceId: string, opts: { language: string; queuedSince?: Instant; callInId?: string }): Promise<LiveQueueEntry>;
  /** Records a step of the callback offer in the event log (for the reports). */
  recordOffer(step: OfferStep, e: OfferStepInput): Promise<void>;
  /** Records a hang-up in the IVR before any offer or queue (for the reports); never rejects. */
  recordIvrAbandon(e: IvrAbandonInput): Promise<void>;
  /** Blind transfer of the caller to a SIP URI or number (dial + bridge); false when it failed. */
  transfer(call: InboundCall, to: string): Promise<boolean>;
  /** Absent where call-in is not wired (the match_call_in verb then fails the flow). */
  callIns?: CallInMatcher;
}
