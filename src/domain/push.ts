/**
 * Push targets and the outbox vocabulary shared by the call-in use cases (which promise a message)
 * and the notifier (which delivers it).
 *
 * The outbox is the append-only event log itself: a state change that promises a push or a webhook
 * commits its event in the same transaction (invariant 5), and the notifier delivers from the log
 * after the commit, recording each delivery outcome as another event. Nothing is sent from inside a
 * transaction, and nothing promised is lost.
 */

export interface WebPushSubscription {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

export type PushTarget =
  | { channel: 'webpush'; subscription: WebPushSubscription }
  | { channel: 'fcm'; token: string }
  | { channel: 'apns'; token: string };

/**
 * Event types of the outbox. `PUSH_REQUESTED` carries `data: { kind, target: PushTarget, payload }`;
 * the notifier answers it with `PUSH_DELIVERED` (dial result PUSH_DELIVERY_CONFIRMED) or
 * `PUSH_FAILED` (PUSH_SEND_ERROR), both with `data.requestSeq` = the seq of the request event.
 */
export const PUSH_EVENTS = {
  requested: 'PUSH_REQUESTED',
  delivered: 'PUSH_DELIVERED',
  failed: 'PUSH_FAILED',
} as const;

/** What a push asks the app to do. */
export type PushKind = 'callback-ready' | 'callback-status';
