/**
 * Web Push (RFC 8030) with the `web-push` library: payload encrypted per RFC 8291 (aes128gcm) for the
 * subscription's keys, VAPID (RFC 8292) authorisation with our key pair.
 */
import webpush from 'web-push';
import { pushFailure, type SendResult } from '../../domain/notify.js';
import type { WebPushSubscription } from '../../domain/push.js';
import type { PushMessage } from '../../app/ports/notifier.js';
import { createEndpointGuard, type ResolveAll } from './endpoint-guard.js';
import { networkFailure } from './http-request.js';
import { pushContent } from './push-content.js';

export interface WebPushOptions {
  subject: string; publicKey: string; privateKey: string; ttlSeconds: number; timeoutMs: number; ca?: string;
  /** push.allowPrivateEndpoints: endpoints resolving to private addresses are refused unless set. */
  allowPrivateEndpoints: boolean;
  resolveAll?: ResolveAll;
}

export function createWebPushChannel(opts: WebPushOptions) {
  const guard = createEndpointGuard(opts);
  return async (subscription: WebPushSubscription, message: PushMessage): Promise<SendResult> => {
    // A refused address stays refused: a final failure with its reason, not a retry.
    const allowed = await guard.check(subscription.endpoint);
    if (!allowed.ok) return { ok: false, permanent: true, error: allowed.error };
    try {
      const r = await webpush.sendNotification(subscription, JSON.stringify(pushContent(message)), {
        vapidDetails: { subject: opts.subject, publicKey: opts.publicKey, privateKey: opts.privateKey },
        TTL: opts.ttlSeconds,
        timeout: opts.timeoutMs,
        contentEncoding: 'aes128gcm',
        urgency: message.kind === 'callback-ready' ? 'high' : 'normal',
        agent: guard.agent,
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
