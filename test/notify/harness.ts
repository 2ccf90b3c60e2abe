/** An app with the notifier ticking by hand, and a helper to promise a push like the call-in use case does. */
import type { AppConfig, NotifyConfig } from '../../src/adapters/config/types.js';
import { PUSH_EVENTS, type PushTarget } from '../../src/domain/push.js';
import type { StoredEvent } from '../../src/app/ports/store.js';
import { harness as apiHarness, post, type Harness } from '../api/harness.js';

export { post };

export async function notifyHarness(notify: Partial<NotifyConfig>, over: Partial<AppConfig> = {}): Promise<Harness> {
  const base = { pollMs: 50, timeoutMs: 1500, maxAttempts: 4, initialDelaySeconds: 10, maxDelaySeconds: 300, webhooks: [] };
  // The local push services listen on 127.0.0.1: allowed here, refused by default (test/notify/private-endpoints.test.ts).
  const push = over.push ?? { allowHttp: false, allowPrivateEndpoints: true };
  return apiHarness({ ...over, push, notify: { ...base, ...notify } }, { notify: { autoPoll: false } });
}

export const tick = (h: Harness) => h.app.parts.notify.poller.tickNow();

/** A callback through the public API (the lifecycle a webhook target sees starts here). */
export async function createCallback(h: Harness, phone = '+4930901820'): Promise<string> {
  const r = await post(h, { serviceId: 'billing', phone });
  if (r.statusCode !== 201) throw new Error(`create failed: ${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}

/** Commits a PUSH_REQUESTED event, the outbox contract of src/domain/push.ts (what call-in writes). */
export async function promisePush(h: Harness, callbackId: string, target: PushTarget, payload: Record<string, unknown> = {}): Promise<number> {
  return h.app.parts.ctx.store.write(async (tx) => {
    await tx.events.append({ at: h.clock.now(), type: PUSH_EVENTS.requested, callbackId, serviceId: 'billing', data: { kind: 'callback-ready', target, payload } });
    return (await tx.outbox.eventsAfter(0, 100_000)).at(-1)!.seq;
  });
}

export const eventsOf = (h: Harness, callbackId: string, type: string): StoredEvent[] =>
  h.app.parts.sqlite!.sync.events.forCallback(callbackId).filter((e) => e.type === type);
