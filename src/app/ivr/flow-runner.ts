import type { Flow, FlowNode } from '../../domain/flow/flow-model.js';
import type { InboundCall } from '../ports/call-control.js';
import type { IvrBackend } from './ivr-backend.js';
import { CallerGone, IvrSession, type FlowEnd, type Step } from './session.js';
import * as basic from './verbs/basic.js';
import { callbackVerbs } from './verbs/index.js';

export interface FlowRunResult {
  end: FlowEnd;
  vars: Record<string, string>;
  /** Node ids in the order they ran (for tests and call logs). */
  path: string[];
}

/** Guards against a flow that never waits for the caller (the loader refuses such loops too). */
const MAX_STEPS = 500;

type Handler = (node: FlowNode, s: IvrSession) => Promise<Step>;
const HANDLERS: Record<FlowNode['verb'], Handler> = {
  play: basic.play as Handler,
  say_ewt: basic.sayEwt as Handler,
  menu: basic.menu as Handler,
  gather: basic.gather as Handler,
  hours: basic.hours as Handler,
  set: basic.set as Handler,
  goto: basic.goTo as Handler,
  transfer: basic.transfer as Handler,
  hangup: basic.hangup as Handler,
  ...callbackVerbs,
};

/** Answers the call and runs the flow until it ends, the caller hangs up, or an agent is connected. */
export async function runFlow(flow: Flow, call: InboundCall, backend: IvrBackend): Promise<FlowRunResult> {
  const s = new IvrSession(flow, call, backend);
  const path: string[] = [];
  const done = (e: FlowEnd): FlowRunResult => ({ end: e, vars: { ...s.vars }, path });
  const hungUp = async (): Promise<FlowRunResult> => { await reportIvrHangup(s, path); return done('caller_hangup'); };
  try {
    await call.answer();
    let node = flow.nodes.get(flow.start);
    while (node) {
      if (path.length >= MAX_STEPS) throw new Error(`flow ${flow.id} ran ${MAX_STEPS} steps without ending`);
      path.push(node.id);
      if (call.ended) return await hungUp();
      const step = await HANDLERS[node.verb](node, s);
      if (step.kind === 'end') return done(step.end);
      const target: string | undefined = node.branches[step.name];
      if (target === undefined) throw new Error(`${flow.file} ${node.id}: no "${step.name}" branch`);
      node = flow.nodes.get(target);
    }
    throw new Error(`${flow.file}: branch to a missing node`);
  } catch (err) {
    if (err instanceof CallerGone || call.ended) return await hungUp();
    backend.logger.warn({ err: String(err), flow: flow.id, node: path.at(-1) }, 'ivr flow failed');
    if (!call.ended) await call.hangup().catch(() => undefined);
    return done('error');
  }
}

/** Verbs whose own events report a hang-up from there on (IVR_OFFER_ABANDONED, LIVE_ABANDONED). */
const REPORTED_ONWARDS = new Set<FlowNode['verb']>(['offer_callback', 'enqueue']);

/** A hang-up before any offer or queue (greeting, menus) is the IVR's abandon, for the reports. */
async function reportIvrHangup(s: IvrSession, path: string[]): Promise<void> {
  if (path.some((id) => REPORTED_ONWARDS.has(s.flow.nodes.get(id)!.verb))) return;
  await s.backend.recordIvrAbandon({ serviceId: s.vars.service, callId: s.call.id, node: path.at(-1) ?? s.flow.start });
}
