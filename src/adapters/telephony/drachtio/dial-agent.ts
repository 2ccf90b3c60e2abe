import type { DialAgentRequest, DialAgentResult } from '../../../app/ports/call-control.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { placeOutdial } from './outdial.js';
import { agentOutcomeForSipStatus } from './sip-outcome.js';
import type { MediaServerLike, SrfLike } from './types.js';

export interface AgentDialContext {
  srf: SrfLike;
  ms: MediaServerLike;
  promptPath: PromptPath;
  legTimeouts?: LegTimeouts;
}

/** Rings an agent's SIP contact with a RONA timer; plays the optional whisper once answered. */
export async function dialAgent(ctx: AgentDialContext, req: DialAgentRequest): Promise<DialAgentResult> {
  const placed = await placeOutdial(ctx.srf, ctx.ms, {
    legId: req.callId, sweepMs: ctx.legTimeouts?.sweepMs,
    uri: req.sip, callerId: req.callerId, ringTimeoutMs: req.ringTimeoutMs,
    headers: { 'X-Holdless-Call-Id': req.callId, 'X-Holdless-Agent': req.agentId },
  });
  if (placed.kind === 'failed') {
    if (placed.ringTimeout) return { outcome: 'NO_ANSWER', sipCode: placed.sipCode, detail: 'RONA' };
    if (placed.sipCode !== undefined) return { outcome: agentOutcomeForSipStatus(placed.sipCode), sipCode: placed.sipCode };
    return { outcome: 'ERROR', detail: placed.detail };
  }
  const leg = new FsmrfLeg(req.callId, placed.endpoint, placed.dialog, ctx.promptPath, ctx.legTimeouts, ctx.ms);
  if (req.whisper) {
    const r = await leg.play(req.whisper.prompts, req.whisper.language);
    if (r.kind === 'hangup') return { outcome: 'NO_ANSWER', detail: 'agent hung up during whisper' };
  }
  return { outcome: 'ANSWERED', leg };
}
