import type { FlowNode } from '../../../domain/flow/flow-model.js';
import { ewtPrompts } from '../../../domain/flow/speech.js';
import { branch, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

/**
 * The offer policy (DESIGN.md): EWT below autoTransferBelowSeconds → queue without asking;
 * up to upperPlaybackSeconds → announce the EWT in minutes, then offer; above (or unknown) →
 * the generic message, then offer. No answer after the attempts → queue (the caller keeps holding).
 */
export async function offerCallback(node: Node<'offer_callback'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const status = s.backend.serviceStatus(s.serviceOf(node), s.now());
  const ewt = status.ewtSeconds;
  if (ewt !== null) s.vars.ewtSeconds = String(ewt);
  if (ewt !== null && ewt < status.offer.autoTransferBelowSeconds) return branch('queue');
  const intro = ewt !== null && ewt <= status.offer.upperPlaybackSeconds ? ewtPrompts(ewt, s.language) : a.generic;
  let prompts = [...intro, ...a.prompts];
  for (let i = 0; i < a.attempts; i++) {
    const digit = await s.collect({ prompts, timeoutSeconds: a.timeoutSeconds });
    if (digit === a.acceptDigit) return branch('accept');
    if (digit === a.declineDigit) return branch('queue');
    prompts = a.prompts; // the EWT is said once; retries repeat only the question
  }
  return branch('queue');
}
