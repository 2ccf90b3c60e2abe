/**
 * Status webhooks signed with the Standard Webhooks scheme (https://www.standardwebhooks.com):
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>`
 * over `${id}.${timestamp}.${body}`. A `whsec_`-prefixed secret is base64 (the scheme's form);
 * any other secret is used as its UTF-8 bytes. Any non-2xx answer is a failed try.
 */
import { createHmac } from 'node:crypto';
import type { SendResult } from '../../domain/notify.js';
import type { WebhookMessage } from '../../app/ports/notifier.js';
import { httpRequest, networkFailure } from './http-request.js';

export interface WebhookTarget { id: string; url: string; secret: string }

export const secretBytes = (secret: string): Buffer =>
  secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface WebhookSenderOptions { timeoutMs: number; ca?: string; now?: () => number }

export function createWebhookSender(targets: WebhookTarget[], opts: WebhookSenderOptions) {
  const byId = new Map(targets.map((t) => [t.id, t]));
  const now = opts.now ?? Date.now;
  return async (targetId: string, message: WebhookMessage): Promise<SendResult> => {
    const target = byId.get(targetId);
    if (!target) return { ok: false, permanent: true, error: `webhook target '${targetId}' is no longer configured` };
    // The timestamp is that of this try (receivers reject old ones), the id is the same on every try.
    const timestamp = Math.floor(now() / 1000);
    try {
      const answer = await httpRequest({
        url: target.url, timeoutMs: opts.timeoutMs, ca: opts.ca, body: message.body,
        headers: {
          'content-type': 'application/json', 'user-agent': 'holdless-webhooks/1',
          'webhook-id': message.id, 'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(target.secret, message.id, timestamp, message.body),
        },
      });
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status };
      return { ok: false, permanent: false, status: answer.status, error: `answered ${answer.status}` };
    } catch (e) {
      return networkFailure(e);
    }
  };
}
