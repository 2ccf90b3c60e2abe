import type { FlowNode } from '../../../domain/flow/flow-model.js';
import { ewtPrompts } from '../../../domain/flow/speech.js';
import type { LiveQueueOutcome } from '../ivr-backend.js';
import { CallerGone, branch, end, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

const HOLD_POLL_SECONDS = 1;
const MAX_MEDIA_FAILURES = 3;

/**
 * Puts the caller in the service's queue as a live entry and plays hold prompts (with the EWT
 * every `ewt_every` seconds) until an agent is connected. The callback digit takes the caller
 * out of the queue, keeping their place (queuedSince) for the callback.
 */
export async function enqueue(node: Node<'enqueue'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const entry = await s.backend.enqueueLiveCall(s.call, s.serviceOf(node), {
    language: s.language,
    queuedSince: s.vars.queuedSince !== undefined ? Number(s.vars.queuedSince) : undefined,
    callInId: s.vars.callInId, // a matched call-in: the agent sees the request's context
  });
  s.vars.queuedSince = String(entry.queuedSince);
  let settled: LiveQueueOutcome | undefined;
  void entry.outcome.then((o) => { settled = o; });
  const outcome = entry.outcome.then((o) => ({ type: 'outcome' as const, o }));
  let lastEwtAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  for (;;) {
    if (settled) return afterOutcome(settled);
    // The EWT is asked only when it is due to be said (this loop turns every hold prompt).
    const due = a.ewtEverySeconds > 0 && s.now() - lastEwtAt >= a.ewtEverySeconds * 1000;
    const ewt = due ? entry.ewtSeconds() : null;
    if (ewt !== null) lastEwtAt = s.now();
    const prompts = [...(ewt !== null ? ewtPrompts(ewt, s.language) : []), ...a.hold];
    const input = s.collect({ prompts, timeoutSeconds: HOLD_POLL_SECONDS }).then(
      (digits) => ({ type: 'input' as const, digits }),
      (err: unknown) => ({ type: 'gone' as const, err }),
    );
    const next = await Promise.race([outcome, input]);
    if (next.type === 'outcome') return afterOutcome(next.o);
    if (next.type === 'gone') {
      await entry.leave('hangup');
      throw next.err instanceof CallerGone ? next.err : new CallerGone();
    }
    // A media path that fails at once must not spin the loop: give up after a few in a row.
    failures = s.lastCollect === 'error' ? failures + 1 : 0;
    if (failures >= MAX_MEDIA_FAILURES) {
      if (await entry.leave('hangup')) return branch('fail');
      return afterOutcome(await entry.outcome);
    }
    if (a.callbackDigit !== undefined && next.digits === a.callbackDigit) {
      if (await entry.leave('callback')) return branch('callback');
      return afterOutcome(await entry.outcome); // too late: an agent is being connected
    }
  }
}

function afterOutcome(o: LiveQueueOutcome): Step {
  if (o.kind === 'connected') return end('connected');
  if (o.kind === 'abandoned') throw new CallerGone();
  return branch('fail');
}
