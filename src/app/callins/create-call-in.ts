/** Use case: an app asks to call in now (Click-To-Call-In, immediate). Committed before it is answered. */
import { callInPolicy } from '../../domain/call-in.js';
import type { CallbackRequestContext, Channel } from '../../domain/model.js';
import { assertServiceThrottle, normaliseNumber, resolveService } from '../callbacks/request-callback.js';
import { resolveTiming } from '../callbacks/timing.js';
import type { AppContext } from '../context.js';
import { callInNumber, dialInfo, issueCallIn, type DialInfo } from './issue-call-in.js';

export interface CallInRequest extends CallbackRequestContext {
  serviceId?: string;
  subjectId?: string;
  /** The caller's number, when the app knows it: matched by ANI before the code is asked. */
  phone?: string;
  channel: Channel;
}

export interface CallInView {
  id: string;
  serviceId: string;
  accessCode: string;
  dial: DialInfo;
  expiresAt: string;
}

export async function createCallIn(ctx: AppContext, req: CallInRequest): Promise<CallInView> {
  const now = ctx.clock.now();
  const { service, subjectId } = resolveService(ctx, req);
  const number = callInNumber(service);
  // Calling in is "now": a closed service refuses like an ASAP callback (SERVICE_CLOSED with nextOpening).
  resolveTiming(service, ctx.catalog.calendarOf(service), {}, now);
  const phone = req.phone === undefined ? undefined : normaliseNumber(ctx, req.phone, service);
  const policy = callInPolicy(service);
  const callIn = await ctx.store.write(async (tx) => {
    await assertServiceThrottle(ctx, tx, service, now);
    return await issueCallIn(ctx, tx, {
    ...req, service, subjectId, origin: 'request', phone, queuedSince: now, lifetimeMinutes: policy.codeLifetimeMinutes, now,
    language: req.language ?? service.language,
    });
  });
  return {
    id: callIn.id, serviceId: service.id, accessCode: callIn.accessCode, dial: dialInfo(number),
    expiresAt: new Date(callIn.expiresAt).toISOString(),
  };
}
