/**
 * Delivery rules of the notifier (issue 8, parts 3 and 4), pure: which event of the log becomes
 * which status-webhook message, how long to wait before the next try, and which dial result a
 * push outcome reports (the GMS vocabulary of reference/callback-products.md).
 */
import { PUSH_EVENTS } from './push.js';

/** Lifecycle names a webhook target can subscribe to (`events: [...]` in config; empty = all). */
export const WEBHOOK_EVENT_TYPES = [
  'callback.created', 'callback.scheduled', 'callback.queued', 'callback.pushed', 'callback.dialling', 'callback.attempt_ended',
  'callback.confirming', 'callback.waiting_agent', 'callback.retry_wait', 'callback.connected', 'callback.completed',
  'callback.cancelled', 'callback.failed', 'callback.expired', 'push.delivered', 'push.not_delivered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Outcome events of the notifier itself: they are never turned into webhooks (no loop). */
export const WEBHOOK_OUTCOME_EVENTS = { delivered: 'WEBHOOK_DELIVERED', failed: 'WEBHOOK_FAILED' } as const;

/** Dial results of a push (reports show them like the outcome of a dial). */
export const PUSH_DIAL_RESULTS = {
  confirmed: 'PUSH_DELIVERY_CONFIRMED',
  sendError: 'PUSH_SEND_ERROR',
  notConfirmed: 'PUSH_DELIVERY_NOT_CONFIRMED',
} as const;

const STATE_EVENT: Record<string, WebhookEventType> = {
  SCHEDULED: 'callback.scheduled', QUEUED: 'callback.queued', PUSHED: 'callback.pushed', DIALING: 'callback.dialling', CONFIRMING: 'callback.confirming',
  WAITING_AGENT: 'callback.waiting_agent', RETRY_WAIT: 'callback.retry_wait', CONNECTED: 'callback.connected',
  COMPLETED: 'callback.completed', CANCELLED: 'callback.cancelled', FAILED: 'callback.failed', EXPIRED: 'callback.expired',
};

export interface LogEvent { type: string; toState?: string; fromState?: string }

/** The lifecycle name of an event of the log, or undefined when it is not part of a callback's lifecycle. */
export function lifecycleOf(e: LogEvent): WebhookEventType | undefined {
  switch (e.type) {
    case 'CALLBACK_CREATED': return 'callback.created';
    case 'CALLBACK_STATE': return e.toState !== undefined && e.toState !== e.fromState ? STATE_EVENT[e.toState] : undefined;
    case 'ATTEMPT_ENDED': return 'callback.attempt_ended';
    case PUSH_EVENTS.delivered: return 'push.delivered';
    case PUSH_EVENTS.failed: return 'push.not_delivered';
    default: return undefined;
  }
}

export interface RetryPolicy { maxAttempts: number; initialDelayMs: number; maxDelayMs: number }

/** Exponential backoff: initial × 2^(tries−1), capped. `tries` counts the tries made so far (≥ 1). */
export function retryDelayMs(policy: RetryPolicy, tries: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, tries - 1));
}

/** The result of one try to hand a message over. `permanent` failures are not tried again. */
export type SendResult =
  | { ok: true; status?: number }
  | { ok: false; permanent: boolean; error: string; status?: number };

export type DeliveryStep =
  | { kind: 'delivered' }
  | { kind: 'retry'; at: number }
  | { kind: 'failed'; dialResult: string };

/** What follows a try: delivered, another try later, or a recorded failure. */
export function nextStep(policy: RetryPolicy, tries: number, result: SendResult, now: number): DeliveryStep {
  if (result.ok) return { kind: 'delivered' };
  if (result.permanent) return { kind: 'failed', dialResult: PUSH_DIAL_RESULTS.sendError };
  if (tries >= policy.maxAttempts) return { kind: 'failed', dialResult: PUSH_DIAL_RESULTS.notConfirmed };
  return { kind: 'retry', at: now + retryDelayMs(policy, tries) };
}

/** HTTP status of a push provider → failure kind: gone/invalid subscriptions and bad requests are final. */
export function pushFailure(status: number, error: string): SendResult {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { ok: false, permanent, status, error };
}
