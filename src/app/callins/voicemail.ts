/**
 * The last attempt reaches an answering machine (issue 8, part 6): when the service says so, the
 * dial carries a message with the call-in number and a fresh access code that keeps the
 * customer's place for N minutes. The code is issued (committed) before the dial; if no message
 * was left (not a machine, or the playback failed) it is cancelled with the attempt's outcome.
 */
import { callInPolicy, voicemailPrompts } from '../../domain/call-in.js';
import type { Attempt, Callback, Instant } from '../../domain/model.js';
import { decideAfterAttempt } from '../../domain/retry.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';
import { issueCallIn } from './issue-call-in.js';

export interface VoicemailOffer { callInId: string; prompts: string[] }

/** Would an answering machine on this attempt end the callback (no retry after it)? */
function lastForMachine(ctx: AppContext, cb: Callback, attempt: Attempt, now: Instant): boolean {
  const policy = ctx.catalog.service(cb.serviceId).retry;
  return decideAfterAttempt({ policy, attemptNumber: attempt.number, outcome: 'ANSWERING_MACHINE', endedAt: now, expiresAt: cb.expiresAt }).kind !== 'retry';
}

export async function prepareVoicemail(ctx: AppContext, cb: Callback, attempt: Attempt): Promise<VoicemailOffer | undefined> {
  const service = ctx.catalog.service(cb.serviceId);
  const policy = callInPolicy(service);
  const now = ctx.clock.now();
  if (!policy.voicemailMessage || !policy.number || !lastForMachine(ctx, cb, attempt, now)) return undefined;
  const number = policy.number;
  const callIn = await ctx.store.write(async (tx) => await issueCallIn(ctx, tx, {
    service, subjectId: cb.subjectId, origin: 'voicemail', callbackId: cb.id, phone: cb.phone, queuedSince: cb.queuedSince,
    lifetimeMinutes: policy.voicemailKeepMinutes, now, firstName: cb.firstName, lastName: cb.lastName,
    customerId: cb.customerId, language: cb.language, notes: cb.notes, context: cb.context,
  }));
  const language = (cb.language ?? service.language).slice(0, 2);
  return { callInId: callIn.id, prompts: voicemailPrompts(number, callIn.accessCode, policy.voicemailKeepMinutes, language) };
}

/** In the outcome's write: keep the code when the message was left, else cancel it. */
export async function settleVoicemail(tx: Tx, offer: VoicemailOffer, cb: Callback | undefined, left: boolean, now: Instant): Promise<void> {
  if (left) {
    await tx.events.append({ at: now, type: 'VOICEMAIL_LEFT', callbackId: cb?.id, serviceId: cb?.serviceId, data: { callInId: offer.callInId } });
    return;
  }
  if (await tx.callIns.end(offer.callInId, 'CANCELLED', now)) {
    await tx.events.append({ at: now, type: 'CALL_IN_CANCELLED', callbackId: cb?.id, serviceId: cb?.serviceId, data: { callInId: offer.callInId, reason: 'NO_MESSAGE_LEFT' } });
  }
}
