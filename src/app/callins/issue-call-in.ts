/** Issuing an access code (in the caller's transaction) and how it is shown to an app. */
import { callInPolicy, type CallIn, type CallInOrigin } from '../../domain/call-in.js';
import { HoldlessError } from '../../domain/errors.js';
import type { CallbackRequestContext, Instant, ServiceDef } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';
import { freshCode } from './access-code.js';

export interface DialInfo { e164: string; uri: string }

export const dialInfo = (e164: string): DialInfo => ({ e164, uri: `tel:${e164}` });

/** The number callers dial for this service's call-ins; refused when the service offers none. */
export function callInNumber(service: ServiceDef): string {
  const number = callInPolicy(service).number;
  if (!number) throw new HoldlessError('CALL_IN_NOT_OFFERED', `Service '${service.id}' has no call-in number.`, { field: 'serviceId' });
  return number;
}

export interface IssueInput extends CallbackRequestContext {
  service: ServiceDef;
  subjectId?: string;
  origin: CallInOrigin;
  callbackId?: string;
  phone?: string;
  queuedSince: Instant;
  lifetimeMinutes: number;
  now: Instant;
}

export async function issueCallIn(ctx: AppContext, tx: Tx, input: IssueInput): Promise<CallIn> {
  const { service, now } = input;
  const callIn: CallIn = {
    id: ctx.newId(), serviceId: service.id, subjectId: input.subjectId, callbackId: input.callbackId, origin: input.origin,
    phone: input.phone, accessCode: await freshCode(tx, callInPolicy(service).codeLength, now, ctx.accessDigits), state: 'LIVE',
    queuedSince: input.queuedSince, expiresAt: now + input.lifetimeMinutes * 60_000, createdAt: now,
    firstName: input.firstName, lastName: input.lastName, customerId: input.customerId, language: input.language,
    notes: input.notes, context: input.context,
  };
  await tx.callIns.insert(callIn);
  await tx.events.append({
    at: now, type: 'CALL_IN_CREATED', serviceId: service.id, callbackId: input.callbackId,
    data: { callInId: callIn.id, origin: input.origin, byNumber: input.phone !== undefined, expiresAt: callIn.expiresAt },
  });
  return callIn;
}

/** Ends the LIVE codes that keep a callback's place (the callback was cancelled or expired). */
export async function endCallInsOf(tx: Tx, callbackId: string, to: 'EXPIRED' | 'CANCELLED', now: Instant): Promise<void> {
  for (const c of await tx.callIns.liveForCallback(callbackId)) {
    if (!await tx.callIns.end(c.id, to, now)) continue;
    await tx.events.append({ at: now, type: to === 'EXPIRED' ? 'CALL_IN_EXPIRED' : 'CALL_IN_CANCELLED', serviceId: c.serviceId, callbackId, data: { callInId: c.id } });
  }
}
