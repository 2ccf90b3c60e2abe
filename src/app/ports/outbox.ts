/**
 * The notifier's side of the store: a cursor over the event log (the outbox) and one row per promised
 * message (a delivery). Deliveries have deterministic ids (event seq + target), so scanning the same
 * events twice after a crash adds nothing twice, and the id is the message's idempotency id.
 */
import type { Instant } from '../../domain/model.js';
import type { StoredEvent } from './store.js';

export type DeliveryKind = 'push' | 'webhook';
export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface Delivery {
  id: string;
  kind: DeliveryKind;
  /** The event that promised this message. */
  eventSeq: number;
  callbackId?: string;
  serviceId?: string;
  /** Webhook target id, or the push channel. Order is kept per (target, callback). */
  target: string;
  /** JSON: for a webhook the exact body to sign and send; for a push `{ target, payload }`. */
  payload: string;
  state: DeliveryState;
  tries: number;
  nextAt: Instant;
  lastError?: string;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface OutboxRepo {
  cursor(name: string): Promise<number>;
  setCursor(name: string, seq: number): Promise<void>;
  /** Events with seq > `afterSeq`, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Adds a delivery unless one with its id exists; true when added. */
  add(d: Delivery): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  /** Pending deliveries due at `now`, each the oldest pending one of its (target, callback). */
  due(now: Instant, limit: number): Promise<Delivery[]>;
  update(d: Delivery): Promise<void>;
  forCallback(callbackId: string): Promise<Delivery[]>;
  /** Removes delivered and failed rows last changed before `t` (their outcome stays in the event log). */
  purgeDone(t: Instant): Promise<number>;
}

/** Spent CAPTCHA challenges, kept until they expire so a solution is accepted once, across restarts. */
export interface CaptchaRepo {
  /** Marks a challenge spent; false when it was spent before. */
  spend(signature: string, expiresAt: Instant): Promise<boolean>;
  purgeBefore(t: Instant): Promise<number>;
}
