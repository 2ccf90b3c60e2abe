/**
 * Click-To-Call-In (delayed): a callback that is not dialled. At the head of the line with a
 * skilled agent ready, "your callback is ready" is pushed (QUEUED → PUSHED, PUSH_REQUESTED in the
 * same write; the event log is the outbox); the app answers accept (AWAITING_CALL_IN with an access
 * code that keeps the place), snooze (RETRY_WAIT for N minutes, at most M times) or cancel.
 */
import { callInPolicy } from '../../domain/call-in.js';
import { HoldlessError } from '../../domain/errors.js';
import type { Callback, Instant } from '../../domain/model.js';
import { PUSH_EVENTS, type PushTarget } from '../../domain/push.js';
import { requestCallback, resolveService, type CallbackCreated, type CallbackRequest } from '../callbacks/request-callback.js';
import { getOrThrow, transition } from '../callbacks/transition.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';
import { callInNumber, dialInfo, endCallInsOf, issueCallIn, type DialInfo } from './issue-call-in.js';

/** Intake check of a push target (an adapter's: it parses addresses); returns the target to store or throws. */
export type PushTargetCheck = (target: PushTarget) => PushTarget;

export const PUSH_ACTIONS = ['accept', 'snooze', 'cancel'] as const;
export type PushAction = (typeof PUSH_ACTIONS)[number];

export async function requestDelayedCallIn(
  ctx: AppContext, req: CallbackRequest & { push: PushTarget }, checkTarget: PushTargetCheck, markDelayed: (callbackId: string) => void,
): Promise<CallbackCreated> {
  const target = checkTarget(req.push);
  const { service } = resolveService(ctx, req);
  callInNumber(service); // accepting needs a number to call
  if (req.slotStart !== undefined || req.desiredTime !== undefined) {
    throw new HoldlessError('CALL_IN_DELAYED_IS_ASAP', 'A call-in (delayed) request joins the queue now; leave out slotStart and desiredTime.', { field: 'mode' });
  }
  return requestCallback(ctx, {
    ...req,
    inTx: async (tx, cb) => {
      await tx.callIns.putPush(cb.id, target, cb.createdAt);
      markDelayed(cb.id); // before the commit: no dispatch may see it as an entry to dial
    },
  });
}

/** The dialer's step for a delayed callback at the head: one write, no agent held. */
export async function pushReady(ctx: AppContext, tx: Tx, callbackId: string, now: Instant): Promise<Callback | undefined> {
  const cb = await tx.callbacks.get(callbackId);
  if (!cb || cb.state !== 'QUEUED') return cb;
  if (cb.expiresAt <= now) return await transition(tx, cb, { to: 'EXPIRED', reason: 'EXPIRED', now });
  const push = await tx.callIns.push(cb.id);
  if (!push) return cb; // not a call-in (delayed) callback: nothing to push
  const policy = callInPolicy(ctx.catalog.service(cb.serviceId));
  const answerBy = Math.min(cb.expiresAt, now + policy.pushedExpiryMinutes * 60_000);
  const pushed = await transition(tx, cb, { to: 'PUSHED', now, reason: 'CALLBACK_READY', changes: { dueAt: answerBy } });
  await tx.events.append({
    at: now, type: PUSH_EVENTS.requested, callbackId: cb.id, serviceId: cb.serviceId,
    data: {
      kind: 'callback-ready', target: push.target,
      payload: { callbackId: cb.id, serviceId: cb.serviceId, actions: [...PUSH_ACTIONS], expiresAt: new Date(answerBy).toISOString() },
    },
  });
  return pushed;
}

export type AnswerResult =
  | { action: 'accept'; cb: Callback; dial: DialInfo; accessCode: string; expiresAt: string }
  | { action: 'snooze'; cb: Callback; dueAt: string; snoozesLeft: number }
  | { action: 'cancel'; cb: Callback };

/** The app's answer to a push. Expiry found here is committed (EXPIRED) before the refusal is thrown. */
export async function answerPush(ctx: AppContext, id: string, action: PushAction): Promise<AnswerResult> {
  const now = ctx.clock.now();
  const out = await ctx.store.write(async (tx): Promise<AnswerResult | { expired: Callback }> => {
    const cb = await getOrThrow(tx, id);
    if (!await tx.callIns.push(cb.id)) throw new HoldlessError('NOT_A_CALL_IN', 'This callback was not requested as a call-in (delayed).', { id });
    if (cb.state === 'PUSHED' && cb.dueAt <= now) {
      await endCallInsOf(tx, cb.id, 'EXPIRED', now);
      return { expired: await transition(tx, cb, { to: 'EXPIRED', now, reason: 'PUSH_EXPIRED' }) };
    }
    if (action === 'cancel' && (cb.state === 'AWAITING_CALL_IN' || cb.state === 'QUEUED' || cb.state === 'RETRY_WAIT')) {
      await endCallInsOf(tx, cb.id, 'CANCELLED', now);
      return { action, cb: await transition(tx, cb, { to: 'CANCELLED', now, reason: 'CUSTOMER_CANCELLED' }) };
    }
    assertPushed(cb);
    if (action === 'accept') return accept(ctx, tx, cb, now);
    if (action === 'snooze') return await snooze(ctx, tx, cb, now);
    return { action, cb: await transition(tx, cb, { to: 'CANCELLED', now, reason: 'CUSTOMER_CANCELLED' }) };
  });
  if ('expired' in out) {
    ctx.queue.callbackChanged(out.expired);
    throw expiredError(out.expired);
  }
  ctx.queue.callbackChanged(out.cb);
  return out;
}

const expiredError = (cb: Callback) =>
  new HoldlessError('CALLBACK_PUSH_EXPIRED', 'The callback was not answered in time and has expired.', { state: cb.state, reason: cb.reason ?? null });

function assertPushed(cb: Callback): void {
  if (cb.state === 'PUSHED') return;
  if (cb.state === 'AWAITING_CALL_IN') throw new HoldlessError('CALLBACK_ALREADY_ACCEPTED', 'The callback was accepted already; call the number with the code you got.', { state: cb.state });
  if (cb.state === 'EXPIRED') throw expiredError(cb);
  if (cb.state === 'COMPLETED' || cb.state === 'CANCELLED' || cb.state === 'FAILED') {
    throw new HoldlessError('CALLBACK_ENDED', `The callback is ${cb.state}.`, { state: cb.state });
  }
  throw new HoldlessError('CALLBACK_NOT_READY', 'The callback is still waiting in line; answer when "callback ready" arrives.', { state: cb.state });
}

async function accept(ctx: AppContext, tx: Tx, cb: Callback, now: Instant): Promise<AnswerResult> {
  const service = ctx.catalog.service(cb.serviceId);
  const policy = callInPolicy(service);
  const callIn = await issueCallIn(ctx, tx, {
    service, subjectId: cb.subjectId, origin: 'accepted', callbackId: cb.id, phone: cb.phone, queuedSince: cb.queuedSince,
    lifetimeMinutes: policy.codeLifetimeMinutes, now, firstName: cb.firstName, lastName: cb.lastName,
    customerId: cb.customerId, language: cb.language, notes: cb.notes, context: cb.context,
  });
  const next = await transition(tx, cb, { to: 'AWAITING_CALL_IN', now, reason: 'ACCEPTED', changes: { dueAt: callIn.expiresAt }, data: { callInId: callIn.id } });
  return { action: 'accept', cb: next, dial: dialInfo(callInNumber(service)), accessCode: callIn.accessCode, expiresAt: new Date(callIn.expiresAt).toISOString() };
}

async function snooze(ctx: AppContext, tx: Tx, cb: Callback, now: Instant): Promise<AnswerResult> {
  const policy = callInPolicy(ctx.catalog.service(cb.serviceId));
  const snoozes = (await tx.callIns.push(cb.id))!.snoozes;
  if (snoozes >= policy.maxSnoozes) {
    throw new HoldlessError('SNOOZE_LIMIT_REACHED', `This callback was snoozed ${snoozes} times already (the most allowed).`, { maxSnoozes: policy.maxSnoozes });
  }
  await tx.callIns.setSnoozes(cb.id, snoozes + 1);
  const dueAt = now + policy.snoozeMinutes * 60_000;
  const next = await transition(tx, cb, { to: 'RETRY_WAIT', now, reason: 'SNOOZED', changes: { dueAt }, data: { snooze: snoozes + 1 } });
  return { action: 'snooze', cb: next, dueAt: new Date(dueAt).toISOString(), snoozesLeft: policy.maxSnoozes - snoozes - 1 };
}
