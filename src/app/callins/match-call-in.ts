/**
 * Use case: an inbound caller is matched to a call-in (by caller number first, else by the typed
 * access code). The match marks the code USED and ends a callback waiting for this call
 * (AWAITING_CALL_IN → COMPLETED, dial result USERORIGINATED_CONNECTED) in one write; a used or
 * expired code never matches again.
 */
import { callInPolicy, type CallIn } from '../../domain/call-in.js';
import type { CallbackRequestContext, Instant } from '../../domain/model.js';
import { transition } from '../callbacks/transition.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';

export interface MatchRequest { callId: string; code?: string; ani?: string }

export type MatchResult =
  | {
    ok: true; callInId: string; serviceId: string; by: 'ani' | 'code';
    /** The request's place in line, when the service keeps it; else undefined (a normal arrival). */
    queuedSince?: Instant;
    language?: string;
    context: CallbackRequestContext;
  }
  | { ok: false; reason: 'UNKNOWN' | 'USED' | 'EXPIRED' | 'CANCELLED' };

export async function matchCallIn(ctx: AppContext, req: MatchRequest): Promise<MatchResult> {
  const now = ctx.clock.now();
  const by = req.code !== undefined ? 'code' : 'ani';
  return ctx.store.write(async (tx) => {
    const found = by === 'code' ? await tx.callIns.liveByCode(req.code!, now) : await firstByAni(tx, req.ani, now);
    if (!found || !await tx.callIns.end(found.id, 'USED', now, req.callId)) {
      if (by === 'ani') return { ok: false, reason: 'UNKNOWN' }; // an unknown caller id is the usual case: ask for the code
      const reason = await whyNot(tx, req.code!, now);
      // Wrong codes are recorded: reports and the audit of guessing show in the event log.
      await tx.events.append({ at: now, type: 'CALL_IN_NOT_MATCHED', data: { by, reason, callId: req.callId } });
      return { ok: false, reason };
    }
    return await matched(ctx, tx, found, by, req.callId, now);
  });
}

async function firstByAni(tx: Tx, ani: string | undefined, now: Instant): Promise<CallIn | undefined> {
  return ani ? (await tx.callIns.liveByPhone(ani, now))[0] : undefined;
}

async function whyNot(tx: Tx, code: string, now: Instant): Promise<Extract<MatchResult, { ok: false }>['reason']> {
  const last = await tx.callIns.lastByCode(code);
  if (!last) return 'UNKNOWN';
  if (last.state === 'LIVE') return last.expiresAt <= now ? 'EXPIRED' : 'UNKNOWN';
  return last.state;
}

async function matched(ctx: AppContext, tx: Tx, c: CallIn, by: 'ani' | 'code', callId: string, now: Instant): Promise<MatchResult> {
  const cb = c.callbackId ? await tx.callbacks.get(c.callbackId) : undefined;
  if (cb?.state === 'AWAITING_CALL_IN') {
    await transition(tx, cb, { to: 'COMPLETED', now, reason: 'CALLED_IN', data: { callInId: c.id, callId } });
  }
  await tx.events.append({
    at: now, type: 'CALL_IN_MATCHED', serviceId: c.serviceId, callbackId: c.callbackId,
    data: { callInId: c.id, by, callId, origin: c.origin, dialResult: 'USERORIGINATED_CONNECTED', waitedMs: now - c.createdAt },
  });
  const keep = callInPolicy(ctx.catalog.service(c.serviceId)).keepPlace;
  return {
    ok: true, callInId: c.id, serviceId: c.serviceId, by, queuedSince: keep ? c.queuedSince : undefined, language: c.language,
    context: { firstName: c.firstName, lastName: c.lastName, customerId: c.customerId, notes: c.notes, context: c.context },
  };
}
