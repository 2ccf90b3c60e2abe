/**
 * The notifier port: hands one message to a push channel (Web Push, FCM, APNs) or a status-webhook
 * target. Implementations never throw for a failed delivery; they answer a SendResult, so the use
 * case decides on retries. Nothing here runs inside a transaction.
 */
import type { SendResult } from '../../domain/notify.js';
import type { PushKind, PushTarget } from '../../domain/push.js';

export interface PushMessage {
  /** Idempotency id of the message (the same on every try). */
  id: string;
  kind: PushKind;
  callbackId?: string;
  payload: Record<string, unknown>;
}

export interface WebhookMessage {
  /** Idempotency id (`webhook-id`), the same on every try. */
  id: string;
  /** The exact JSON body to sign and send. */
  body: string;
}

export interface Notifier {
  push(target: PushTarget, message: PushMessage): Promise<SendResult>;
  webhook(targetId: string, message: WebhookMessage): Promise<SendResult>;
}

/** Which lifecycle events a webhook target receives, and of which services (empty = all). */
export interface WebhookSubscription { id: string; services: string[]; events: string[] }
