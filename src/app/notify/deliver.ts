/**
 * Use case: send the due deliveries (outside any transaction), then record each try in its own
 * write: delivered → a *_DELIVERED event; a failure → another try after a backoff, or, once the tries
 * are used up (or the provider refused for good), a *_FAILED event with the dial result.
 * At-least-once: a crash between sending and recording sends again, with the same idempotency id.
 */
import { nextStep, PUSH_DIAL_RESULTS, WEBHOOK_OUTCOME_EVENTS, type DeliveryStep, type RetryPolicy, type SendResult } from '../../domain/notify.js';
import { PUSH_EVENTS, type PushKind, type PushTarget } from '../../domain/push.js';
import type { AppContext } from '../context.js';
import type { Notifier } from '../ports/notifier.js';
import type { Delivery } from '../ports/outbox.js';
import type { Tx } from '../ports/store.js';

export interface DeliverOptions { policy: RetryPolicy; batch: number }

/** Sends one round of due deliveries; answers how many were tried. */
export async function deliverDue(ctx: AppContext, notifier: Notifier, opts: DeliverOptions): Promise<number> {
  const due = await ctx.store.read(async (tx) => await tx.outbox.due(ctx.clock.now(), opts.batch));
  await Promise.all(due.map(async (d) => record(ctx, d, opts.policy, await send(notifier, d))));
  return due.length;
}

async function send(notifier: Notifier, d: Delivery): Promise<SendResult> {
  try {
    if (d.kind === 'webhook') return await notifier.webhook(d.target, { id: d.id, body: d.payload });
    const p = JSON.parse(d.payload) as { target: PushTarget; kind: PushKind; payload: Record<string, unknown> };
    return await notifier.push(p.target, { id: d.id, kind: p.kind, callbackId: d.callbackId, payload: p.payload });
  } catch (e) {
    // A channel must answer a SendResult; a throw is a bug or an unexpected network error: try again.
    return { ok: false, permanent: false, error: (e as Error).message ?? String(e) };
  }
}

function record(ctx: AppContext, d: Delivery, policy: RetryPolicy, result: SendResult): Promise<void> {
  const now = ctx.clock.now();
  const tries = d.tries + 1;
  const step = nextStep(policy, tries, result, now);
  return ctx.store.write(async (tx) => {
    const current = await tx.outbox.get(d.id);
    if (!current || current.state !== 'PENDING') return;
    const lastError = result.ok ? undefined : `${result.status ?? '-'} ${result.error}`.slice(0, 500);
    await tx.outbox.update({
      ...current, tries, lastError, updatedAt: now,
      state: step.kind === 'delivered' ? 'DELIVERED' : step.kind === 'failed' ? 'FAILED' : 'PENDING',
      nextAt: step.kind === 'retry' ? step.at : current.nextAt,
    });
    if (step.kind !== 'retry') await appendOutcome(tx, current, step, tries, lastError, now);
  });
}

async function appendOutcome(tx: Tx, d: Delivery, step: Exclude<DeliveryStep, { kind: 'retry' }>, tries: number, error: string | undefined, now: number): Promise<void> {
  const base = { at: now, callbackId: d.callbackId, serviceId: d.serviceId };
  const common = { deliveryId: d.id, tries, ...(error ? { error } : {}) };
  if (d.kind === 'push') {
    const delivered = step.kind === 'delivered';
    await tx.events.append({
      ...base,
      type: delivered ? PUSH_EVENTS.delivered : PUSH_EVENTS.failed,
      data: { requestSeq: d.eventSeq, channel: d.target, dialResult: delivered ? PUSH_DIAL_RESULTS.confirmed : step.dialResult, ...common },
    });
    return;
  }
  await tx.events.append({
    ...base,
    type: step.kind === 'delivered' ? WEBHOOK_OUTCOME_EVENTS.delivered : WEBHOOK_OUTCOME_EVENTS.failed,
    data: { eventSeq: d.eventSeq, target: d.target, ...common },
  });
}
