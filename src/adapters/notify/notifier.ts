/** The notifier adapter: one port, three push channels and the webhook sender, chosen by target. */
import { readFileSync } from 'node:fs';
import type { Notifier } from '../../app/ports/notifier.js';
import type { NotifyConfig } from '../config/types.js';
import { createApnsChannel } from './apns.js';
import { createFcmChannel } from './fcm.js';
import type { ResolveAll } from './endpoint-guard.js';
import { createWebPushChannel } from './web-push.js';
import { createWebhookSender } from './webhook.js';

const notConfigured = (channel: string) => async () => ({ ok: false as const, permanent: true, error: `push channel '${channel}' is not configured` });

/** Where pushes may go: config `push.allowPrivateEndpoints`; `resolveAll` replaces DNS (tests). */
export interface PushEndpointPolicy { allowPrivateEndpoints: boolean; resolveAll?: ResolveAll }

export function createNotifier(config: NotifyConfig, endpoints: PushEndpointPolicy): Notifier & { close(): void } {
  const ca = config.caFile ? readFileSync(config.caFile, 'utf8') : undefined;
  const common = { timeoutMs: config.timeoutMs, ca };
  const webPush = config.webpush ? createWebPushChannel({ ...config.webpush, ...common, ...endpoints }) : notConfigured('webpush');
  const fcm = config.fcm ? createFcmChannel({ ...config.fcm, ...common }) : notConfigured('fcm');
  const apns = config.apns ? createApnsChannel({ ...config.apns, ...common }) : undefined;
  const webhook = createWebhookSender(config.webhooks, common);
  return {
    push: (target, message) => {
      switch (target.channel) {
        case 'webpush': return webPush(target.subscription, message);
        case 'fcm': return fcm(target.token, message);
        case 'apns': return apns ? apns.send(target.token, message) : notConfigured('apns')();
        default: return notConfigured(String((target as { channel: unknown }).channel))();
      }
    },
    webhook,
    close: () => apns?.close(),
  };
}
