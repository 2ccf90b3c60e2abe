/**
 * What an agent does to the call or callback in front of them besides state and disposition:
 * hang up (through the CallControl port) and book the customer a new time with the slot picker.
 */
import { HoldlessError } from '../../domain/errors.js';
import type { Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { Dialer } from '../dialer/dialer.js';
import { rescheduleCallback } from '../callbacks/manage-callback.js';
import { requestCallback } from '../callbacks/request-callback.js';
import type { CallbackView } from '../callbacks/view.js';
import type { AgentBoard } from './agent-board.js';

/** Ends the agent's bridged call; the usual hang-up handling then starts the wrap-up. */
export async function hangupForAgent(board: AgentBoard, dialer: Dialer, agentId: string): Promise<{ hungUp: true }> {
  const s = board.state(agentId);
  if (s.name !== 'ON_CALL' || !((await dialer.calls.hangup(agentId)) || dialer.remoteLive.hangup(agentId))) {
    throw new HoldlessError('NOT_ON_CALL', 'This agent has no connected call to hang up.', { agentId, state: s.name });
  }
  return { hungUp: true };
}

export interface AgentReschedule { callback: CallbackView; followUpOf: string | null }

/**
 * An offered preview callback is moved to the slot (and the offer withdrawn). After a conversation
 * (on the call or in wrap-up) a follow-up callback is booked for the same customer, with a link to
 * the first; the first one's own open state does not count against "one open callback per number".
 */
export async function rescheduleForAgent(ctx: AppContext, board: AgentBoard, dialer: Dialer, agentId: string, slotStart: Instant): Promise<AgentReschedule> {
  const i = board.interaction(agentId);
  if (!i || i.kind !== 'callback') {
    throw new HoldlessError('NO_INTERACTION', 'This agent has no callback in front of them to reschedule.', { agentId });
  }
  if (i.phase === 'offered') {
    const callback = await rescheduleCallback(ctx, i.id, { slotStart });
    dialer.rejectPreview(agentId);
    dialer.dispatch();
    return { callback, followUpOf: null };
  }
  if (i.phase !== 'connected' && i.phase !== 'wrap-up') {
    throw new HoldlessError('CALLBACK_IN_PROGRESS', 'The customer is being called; reschedule once you are talking.', { agentId, phase: i.phase });
  }
  const first = await ctx.store.read(async (tx) => await tx.callbacks.get(i.id));
  if (!first) throw new HoldlessError('CALLBACK_NOT_FOUND', `Unknown callback '${i.id}'.`, { id: i.id });
  const { view } = await requestCallback(ctx, {
    serviceId: first.serviceId, subjectId: first.subjectId, phone: first.phone, channel: 'agent', slotStart,
    firstName: first.firstName, lastName: first.lastName, customerId: first.customerId, language: first.language,
    notes: first.notes, context: { ...first.context, followUpOf: first.id }, followUpOf: first.id,
  });
  return { callback: view, followUpOf: first.id };
}
