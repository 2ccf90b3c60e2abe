/**
 * Web Push (RFC 8030) with the `web-push` library: payload encrypted per RFC 8291 (aes128gcm) for the
 * subscription's keys, VAPID (RFC 8292) authorisation with our key pair.
 */
import https from 'node:https';
import webpush from 'web-push';
import { pushFailure, type SendResult } from '../../domain/notify.js';
import type { WebPushSubscription } from '../../domain/push.js';
import type { PushMessage } from '../../app/ports/notifier.js';
import { networkFailure } from './http-request.js';
import { pushContent } from './push-content.js';

export interface WebPushOptions { subject: string; publicKey: string; privateKey: string; ttlSeconds: number; timeoutMs: number; ca?: string }

export function createWebPushChannel(opts: WebPushOptions) {
  const agent = opts.ca ? new https.Agent({ ca: opts.ca, keepAlive: true }) : undefined;
  return async (subscription: WebPushSubscription, message: PushMessage): Promise<SendResult> => {
    try {
      const r = await webpush.sendNotification(subscription, JSON.stringify(pushContent(message)), {
        vapidDetails: { subject: opts.subject, publicKey: opts.publicKey, privateKey: opts.privateKey },
        TTL: opts.ttlSeconds,
        timeout: opts.timeoutMs,
        contentEncoding: 'aes128gcm',
        urgency: message.kind === 'callback-ready' ? 'high' : 'normal',
        ...(agent ? { agent } : {}),
      });
      return { ok: true, status: r.statusCode };
    } catch (e) {
      if (e instanceof webpush.WebPushError) return pushFailure(e.statusCode, `push service answered ${e.statusCode}: ${e.body}`.slice(0, 300));
      // A subscription web-push refuses to encrypt for (bad keys) never succeeds.
      if (e instanceof Error && /subscription|p256dh|auth/i.test(e.message)) return { ok: false, permanent: true, error: e.message };
      return networkFailure(e);
    }
  };
}
