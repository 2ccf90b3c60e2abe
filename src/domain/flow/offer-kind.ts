/**
 * Which callback an offer_callback node really offers (reports, issue 10): the accept branch is
 * followed through the flow until a callback is requested. A choose_time on the way offers both
 * "as soon as possible" and a slot; without one the request is immediate, or, while the service
 * is closed, booked on the first free slot (request_callback does so), i.e. scheduled.
 */
import type { Flow, FlowNode } from './flow-model.js';

export type OfferKind = 'immediate' | 'scheduled' | 'both';

/** Verbs after which the accept path has decided (or left the callback behind). */
const STOP = new Set<FlowNode['verb']>(['choose_time', 'request_callback', 'enqueue', 'transfer', 'hangup', 'offer_callback']);

export function offerKindOf(flow: Flow, offerNode: FlowNode, serviceOpen: boolean): OfferKind {
  const seen = new Set<string>();
  const todo = [offerNode.branches.accept].filter((id): id is string => id !== undefined);
  while (todo.length) {
    const node = flow.nodes.get(todo.pop()!);
    if (!node || seen.has(node.id)) continue;
    seen.add(node.id);
    if (node.verb === 'choose_time') return 'both';
    if (!STOP.has(node.verb)) todo.push(...Object.values(node.branches));
  }
  return serviceOpen ? 'immediate' : 'scheduled';
}
