import type { FlowNode } from '../../../domain/flow/flow-model.js';
import { ewtPrompts } from '../../../domain/flow/speech.js';
import { branch, end, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

export async function play(node: Node<'play'>, s: IvrSession): Promise<Step> {
  await s.play(node.args.prompts);
  return branch('next');
}

export async function sayEwt(node: Node<'say_ewt'>, s: IvrSession): Promise<Step> {
  const status = s.backend.serviceStatus(s.serviceOf(node), s.now());
  // Unknown EWT (no history yet): say nothing rather than a made-up number.
  if (status.ewtSeconds !== null) await s.play(ewtPrompts(status.ewtSeconds, s.language));
  return branch('next');
}

export async function menu(node: Node<'menu'>, s: IvrSession): Promise<Step> {
  const valid = Object.keys(node.branches).filter((b) => b.startsWith('choice:')).map((b) => b.slice(7));
  const a = node.args;
  const digit = await s.choose(a.prompts, valid, a.timeoutSeconds, a.attempts, a.invalid);
  return branch(digit === undefined ? 'fail' : `choice:${digit}`);
}

export async function gather(node: Node<'gather'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  let prefix: string[] = [];
  for (let i = 0; i < a.attempts; i++) {
    const digits = await s.collect({ prompts: [...prefix, ...a.prompts], min: a.min, max: a.max, timeoutSeconds: a.timeoutSeconds, terminator: a.terminator });
    if (digits !== undefined && digits.length >= a.min && /^[0-9*#]+$/.test(digits)) {
      s.vars[a.var] = digits;
      return branch('next');
    }
    prefix = digits !== undefined ? a.invalid : [];
  }
  return branch('fail');
}

export async function hours(node: Node<'hours'>, s: IvrSession): Promise<Step> {
  const status = s.backend.serviceStatus(s.serviceOf(node), s.now());
  if (status.open) return branch('open');
  if (status.holiday && node.branches.holiday) return branch('holiday');
  return branch('closed');
}

export async function set(node: Node<'set'>, s: IvrSession): Promise<Step> {
  Object.assign(s.vars, node.args);
  return branch('next');
}

export async function goTo(): Promise<Step> {
  return branch('goto');
}

export async function transfer(node: Node<'transfer'>, s: IvrSession): Promise<Step> {
  const ok = await s.backend.transfer(s.call, node.args.to);
  return ok ? end('transferred') : branch('next');
}

export async function hangup(node: Node<'hangup'>, s: IvrSession): Promise<Step> {
  await s.play(node.args.prompts);
  await s.call.hangup();
  return end('hangup');
}
