import type { FlowNode } from '../../../domain/flow/flow-model.js';
import { offerKindOf } from '../../../domain/flow/offer-kind.js';
import { ewtPrompts } from '../../../domain/flow/speech.js';
import { CallerGone, branch, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

/**
 * The offer policy (DESIGN.md): EWT below autoTransferBelowSeconds → queue without asking;
 * up to upperPlaybackSeconds → announce the EWT in minutes, then offer; above (or unknown) →
 * the generic message, then offer. No answer after the attempts → queue (the caller keeps holding).
 * Each step (offered, accepted, declined, hung up during the offer) is an event for the reports.
 */
export async function offerCallback(node: Node<'offer_callback'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const serviceId = s.serviceOf(node);
  const status = s.backend.serviceStatus(serviceId, s.now());
  const ewt = status.ewtSeconds;
  if (ewt !== null) s.vars.ewtSeconds = String(ewt);
  if (ewt !== null && ewt < status.offer.autoTransferBelowSeconds) return branch('queue');
  const report = { serviceId, callId: s.call.id, ewtSeconds: ewt, offer: offerKindOf(s.flow, node, status.open) };
  await s.backend.recordOffer('offered', report);
  const intro = ewt !== null && ewt <= status.offer.upperPlaybackSeconds ? ewtPrompts(ewt, s.language) : a.generic;
  let prompts = [...intro, ...a.prompts];
  try {
    for (let i = 0; i < a.attempts; i++) {
      const digit = await s.collect({ prompts, timeoutSeconds: a.timeoutSeconds });
      if (digit === a.acceptDigit) {
        await s.backend.recordOffer('accepted', report);
        return branch('accept');
      }
      if (digit === a.declineDigit) {
        await s.backend.recordOffer('declined', { ...report, reason: 'DECLINE_DIGIT' });
        return branch('queue');
      }
      prompts = a.prompts; // the EWT is said once; retries repeat only the question
    }
  } catch (e) {
    if (e instanceof CallerGone) await s.backend.recordOffer('abandoned', report);
    throw e;
  }
  await s.backend.recordOffer('declined', { ...report, reason: 'NO_INPUT' });
  return branch('queue');
}
