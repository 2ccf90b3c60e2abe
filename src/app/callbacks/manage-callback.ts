/** Use cases on an existing callback: read, cancel, reschedule, list, bulk cancel. */
import { endCallInsOf } from '../callins/issue-call-in.js';
import { HoldlessError } from '../../domain/errors.js';
import type { Callback, CallbackState, Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { CallbackFilter, Tx } from '../ports/store.js';
import { normaliseNumber } from './request-callback.js';
import { assertSlotHasRoom, expiryFor, resolveTiming, type TimingRequest } from './timing.js';
import { getOrThrow, transition } from './transition.js';
import { renderAttempt, renderCallback, type AttemptView, type CallbackView } from './view.js';

/** States from which a customer or admin may still cancel or move a callback: not yet being dialled. */
const CHANGEABLE: readonly CallbackState[] = ['SCHEDULED', 'QUEUED', 'RETRY_WAIT'];
/** A call-in (delayed) callback the customer is deciding on, or about to call in for: they may still cancel it (not reschedule). */
const CANCELLABLE: readonly CallbackState[] = [...CHANGEABLE, 'PUSHED', 'AWAITING_CALL_IN'];

export async function getCallback(ctx: AppContext, id: string): Promise<CallbackView & { attemptsDetail: AttemptView[] }> {
  const now = ctx.clock.now();
  return ctx.store.read(async (tx) => {
    const cb = await getOrThrow(tx, id);
    return { ...(await renderCallback(ctx, tx, cb, now)), attemptsDetail: (await tx.attempts.forCallback(id)).map(renderAttempt) };
  });
}

async function cancelInTx(ctx: AppContext, tx: Tx, id: string, reason: string, now: Instant): Promise<Callback> {
  const cb = await getOrThrow(tx, id);
  if (cb.state === 'CANCELLED') return cb; // cancelling twice answers the same
  if (!CANCELLABLE.includes(cb.state)) {
    throw new HoldlessError(
      cb.state === 'COMPLETED' || cb.state === 'FAILED' || cb.state === 'EXPIRED' ? 'CALLBACK_ENDED' : 'CALLBACK_IN_PROGRESS',
      `The callback is ${cb.state} and can no longer be cancelled.`, { state: cb.state },
    );
  }
  if (cb.slotStart !== undefined && cb.state === 'SCHEDULED') await tx.slots.adjust(cb.serviceId, cb.slotStart, -1);
  await endCallInsOf(tx, cb.id, 'CANCELLED', now); // an accepted push's access code must not match any more
  return await transition(tx, cb, { to: 'CANCELLED', reason, now });
}

export async function cancelCallback(ctx: AppContext, id: string, reason: string): Promise<CallbackView> {
  const now = ctx.clock.now();
  const { cb, view } = await ctx.store.write(async (tx) => {
    const cancelled = await cancelInTx(ctx, tx, id, reason, now);
    return { cb: cancelled, view: await renderCallback(ctx, tx, cancelled, now) };
  });
  ctx.queue.callbackChanged(cb);
  return view;
}

export async function rescheduleCallback(ctx: AppContext, id: string, req: TimingRequest): Promise<CallbackView> {
  const now = ctx.clock.now();
  if (req.slotStart === undefined && req.desiredTime === undefined) {
    throw new HoldlessError('TIMING_REQUIRED', 'Give slotStart or desiredTime to reschedule.', { field: 'slotStart' });
  }
  const { cb, view } = await ctx.store.write(async (tx) => {
    const current = await getOrThrow(tx, id);
    if (!CHANGEABLE.includes(current.state)) {
      throw new HoldlessError('CALLBACK_IN_PROGRESS', `The callback is ${current.state} and can no longer be rescheduled.`, { state: current.state });
    }
    const service = ctx.catalog.service(current.serviceId);
    // The service's number rules may have changed since the request: a number they now refuse is not moved.
    normaliseNumber(ctx, current.phone, service);
    const calendar = ctx.catalog.calendarOf(service);
    const timing = resolveTiming(service, calendar, req, now);
    if (timing.kind !== 'slot') throw new HoldlessError('TIMING_REQUIRED', 'Give slotStart or desiredTime to reschedule.', {});
    if (timing.slotStart === current.slotStart && current.state === 'SCHEDULED') {
      return { cb: current, view: await renderCallback(ctx, tx, current, now) };
    }
    await assertSlotHasRoom(tx, service, calendar, timing.slotStart, now);
    if (current.slotStart !== undefined && current.state === 'SCHEDULED') await tx.slots.adjust(service.id, current.slotStart, -1);
    await tx.slots.adjust(service.id, timing.slotStart, +1);
    const dueAt = timing.slotStart - service.leadMinutes * 60_000;
    const moved = await transition(tx, current, {
      to: 'SCHEDULED', now, reason: 'RESCHEDULED',
      changes: {
        slotStart: timing.slotStart, desiredTime: timing.desiredTime, dueAt, queuedSince: timing.slotStart,
        expiresAt: expiryFor(service, calendar, dueAt),
      },
      data: { slotStart: timing.slotStart, previousSlotStart: current.slotStart ?? null },
    });
    return { cb: moved, view: await renderCallback(ctx, tx, moved, now) };
  });
  ctx.queue.callbackChanged(cb);
  return view;
}

export async function listCallbacks(ctx: AppContext, filter: CallbackFilter): Promise<{ items: CallbackView[]; next: string | null }> {
  const now = ctx.clock.now();
  return ctx.store.read(async (tx) => {
    const rows = await tx.callbacks.list({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return {
      items: await Promise.all(page.map((cb) => renderCallback(ctx, tx, cb, now))),
      next: rows.length > filter.limit ? page[page.length - 1]!.id : null,
    };
  });
}

export interface BulkCancelResult { cancelled: string[]; failed: { id: string; code: string; message: string }[] }

export async function bulkCancel(ctx: AppContext, ids: string[], reason: string): Promise<BulkCancelResult> {
  const now = ctx.clock.now();
  const result: BulkCancelResult = { cancelled: [], failed: [] };
  const changed = await ctx.store.write(async (tx) => {
    const done: Callback[] = [];
    for (const id of ids) {
      try {
        done.push(await cancelInTx(ctx, tx, id, reason, now));
        result.cancelled.push(id);
      } catch (e) {
        if (!(e instanceof HoldlessError)) throw e;
        result.failed.push({ id, code: e.code, message: e.message });
      }
    }
    return done;
  });
  changed.forEach((cb) => ctx.queue.callbackChanged(cb));
  return result;
}
