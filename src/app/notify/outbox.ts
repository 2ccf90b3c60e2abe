/**
 * Use case: turn committed events of the log into deliveries (the outbox scan). Runs after commit,
 * in its own transaction: the deliveries it adds and the cursor it advances commit together, and the
 * delivery ids are deterministic, so a crash anywhere never loses nor doubles a promised message.
 */
import { lifecycleOf } from '../../domain/notify.js';
import { PUSH_EVENTS, type PushTarget } from '../../domain/push.js';
import type { AppContext } from '../context.js';
import type { Delivery } from '../ports/outbox.js';
import type { WebhookSubscription } from '../ports/notifier.js';
import type { StoredEvent } from '../ports/store.js';

export const OUTBOX_CURSOR = 'notifier';

export interface ScanOptions { subscriptions: WebhookSubscription[]; batch: number }

/** Scans one batch of new events; answers how many events it read. */
export async function scanOutbox(ctx: AppContext, opts: ScanOptions): Promise<number> {
  // Most ticks find nothing new: look before taking a write transaction.
  if (await ctx.store.read(async (tx) => (await tx.outbox.eventsAfter(await tx.outbox.cursor(OUTBOX_CURSOR), 1)).length) === 0) return 0;
  return ctx.store.write(async (tx) => {
    const events = await tx.outbox.eventsAfter(await tx.outbox.cursor(OUTBOX_CURSOR), opts.batch);
    const now = ctx.clock.now();
    for (const e of events) for (const d of deliveriesFor(e, opts.subscriptions, now)) await tx.outbox.add(d);
    const last = events.at(-1);
    if (last) await tx.outbox.setCursor(OUTBOX_CURSOR, last.seq);
    return events.length;
  });
}

export function deliveriesFor(e: StoredEvent, subscriptions: WebhookSubscription[], now: number): Delivery[] {
  const base = { eventSeq: e.seq, callbackId: e.callbackId, serviceId: e.serviceId, state: 'PENDING' as const, tries: 0, nextAt: now, createdAt: now, updatedAt: now };
  const out: Delivery[] = [];
  const push = pushOf(e);
  if (push) out.push({ ...base, id: `push-${e.seq}`, kind: 'push', target: push.target.channel, payload: JSON.stringify(push) });
  const type = lifecycleOf(e);
  if (type === undefined) return out;
  for (const s of subscriptions) {
    if (s.events.length > 0 && !s.events.includes(type)) continue;
    if (s.services.length > 0 && (e.serviceId === undefined || !s.services.includes(e.serviceId))) continue;
    const id = `evt-${e.seq}-${s.id}`;
    out.push({ ...base, id, kind: 'webhook', target: s.id, payload: webhookBody(id, type, e) });
  }
  return out;
}

interface PushRequest { target: PushTarget; kind: string; payload: Record<string, unknown> }

function pushOf(e: StoredEvent): PushRequest | undefined {
  if (e.type !== PUSH_EVENTS.requested || !e.data) return undefined;
  const { target, kind, payload } = e.data as Partial<PushRequest>;
  if (!target || typeof target !== 'object' || typeof target.channel !== 'string') return undefined;
  return { target, kind: kind ?? 'callback-status', payload: payload ?? {} };
}

/** The JSON a webhook target receives: a stable envelope, the event's own data under `data`. */
export function webhookBody(id: string, type: string, e: StoredEvent): string {
  return JSON.stringify({
    id,
    type,
    occurredAt: new Date(e.at).toISOString(),
    callbackId: e.callbackId ?? null,
    serviceId: e.serviceId ?? null,
    data: {
      ...(e.fromState !== undefined ? { fromState: e.fromState } : {}),
      ...(e.toState !== undefined ? { state: e.toState } : {}),
      ...(e.agentId !== undefined ? { agentId: e.agentId } : {}),
      ...withoutSecrets(e.data),
    },
  });
}

// Push targets (subscription keys, device tokens) and tokens are the customer's, not the CRM's.
const PRIVATE_KEYS = new Set(['target', 'push', 'subscription', 'token', 'managementToken', 'accessCode']);
const withoutSecrets = (data: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data ?? {}).filter(([k]) => !PRIVATE_KEYS.has(k)));
