import { isWellFormedCode } from '../../../domain/call-in.js';
import { HoldlessError } from '../../../domain/errors.js';
import type { FlowNode } from '../../../domain/flow/flow-model.js';
import type { MatchResult } from '../../callins/match-call-in.js';
import { branch, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

/**
 * Click-To-Call-In: a caller with a live call-in request is matched by caller number first (when
 * the request gave one), else asked for the access code up to `attempts` times. Digits only, of
 * the service's code length: `*`, `#` or too few digits count as a wrong code. A match sets the
 * service, the request's place in line (queuedSince, when the service keeps it) and language;
 * the flow then offers or queues as for any caller.
 */
export async function matchCallIn(node: Node<'match_call_in'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const matcher = s.backend.callIns;
  if (!matcher) throw new HoldlessError('CALL_IN_UNAVAILABLE', `${s.flow.file} ${node.id}: call-in matching is not wired`);
  if (a.byAni && s.call.from) {
    const byAni = await matcher.match({ callId: s.call.id, ani: s.call.from });
    if (byAni.ok) return matched(byAni, s);
  }
  const lengths = matcher.codeLengths(a.service);
  let prefix: string[] = [];
  let typedAny = false;
  for (let i = 0; i < a.attempts; i++) {
    const typed = await s.collect({
      prompts: [...prefix, ...a.prompts], min: Math.min(...lengths), max: Math.max(...lengths),
      timeoutSeconds: a.timeoutSeconds, terminator: '', // no terminator: '#' and '*' arrive as typed, and are wrong
    });
    if (typed === undefined) { prefix = []; continue; }
    typedAny = true;
    if (isWellFormedCode(typed, lengths)) {
      const r = await matcher.match({ callId: s.call.id, code: typed });
      if (r.ok) return matched(r, s);
    }
    prefix = a.invalid;
  }
  return branch(!typedAny && node.branches.timeout !== undefined ? 'timeout' : 'invalid');
}

function matched(r: Extract<MatchResult, { ok: true }>, s: IvrSession): Step {
  s.vars.service = r.serviceId;
  s.vars.callInId = r.callInId;
  if (r.queuedSince !== undefined) s.vars.queuedSince = String(r.queuedSince);
  else delete s.vars.queuedSince;
  const language = r.language?.slice(0, 2);
  if (language && s.flow.languages.includes(language)) s.vars.language = language;
  return branch('matched');
}
