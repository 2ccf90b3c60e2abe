/**
 * What the agent sees about a live caller who called in: the call-in request's context (names,
 * customer id, notes, the page they asked from, the subject), as a callback shows its own.
 */
import type { CallbackRequestContext, Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';

export interface CallerContext extends CallbackRequestContext {
  callInId: string;
  serviceId: string;
  subjectId?: string;
  /** The callback whose place this call-in kept (accepted push, voicemail message). */
  callbackId?: string;
  phone?: string;
  /** The caller's place in line (the request's, when the service keeps places). */
  queuedSince: Instant;
}

export interface CallerContextView {
  callInId: string; serviceId: string; subjectId: string | null; subject: string | null; callbackId: string | null;
  customerId: string | null; firstName: string | null; lastName: string | null; phone: string | null;
  language: string | null; notes: string | null; context: Record<string, string>;
  /** The caller's place in line (the request's, when the service keeps places). */
  queuedSince: string;
}

/** The context of a matched call-in, read once when its caller joins the live queue. */
export async function callerContextOf(ctx: AppContext, callInId: string, queuedSince: Instant): Promise<CallerContext | undefined> {
  const c = await ctx.store.read(async (tx) => await tx.callIns.get(callInId));
  if (!c) return undefined;
  return {
    callInId: c.id, serviceId: c.serviceId, subjectId: c.subjectId, callbackId: c.callbackId, phone: c.phone,
    firstName: c.firstName, lastName: c.lastName, customerId: c.customerId, language: c.language, notes: c.notes, context: c.context, queuedSince,
  };
}

export function callerView(ctx: AppContext, c: CallerContext): CallerContextView {
  const subject = c.subjectId !== undefined ? ctx.catalog.subjects.find((s) => s.id === c.subjectId) : undefined;
  return {
    callInId: c.callInId, serviceId: c.serviceId, subjectId: c.subjectId ?? null, subject: subject?.label ?? null,
    callbackId: c.callbackId ?? null, customerId: c.customerId ?? null, firstName: c.firstName ?? null, lastName: c.lastName ?? null,
    phone: c.phone ?? null, language: c.language ?? null, notes: c.notes ?? null, context: c.context ?? {},
    queuedSince: new Date(c.queuedSince).toISOString(),
  };
}
