/** The one way a callback changes state: legal-transition check, optimistic update, event. */
import { assertTransition } from '../../domain/callback-state.js';
import { HoldlessError } from '../../domain/errors.js';
import type { Callback, CallbackState, Instant } from '../../domain/model.js';
import type { Tx } from '../ports/store.js';

export interface TransitionInput {
  to: CallbackState;
  reason?: string;
  now: Instant;
  /** Other fields changed in the same step (dueAt, slotStart, attempts, agentId …). */
  changes?: Partial<Omit<Callback, 'id' | 'state' | 'version' | 'createdAt'>>;
  data?: Record<string, unknown>;
  agentId?: string;
}

export async function transition(tx: Tx, cb: Callback, input: TransitionInput): Promise<Callback> {
  if (cb.state !== input.to) assertTransition(cb.state, input.to);
  const next: Callback = {
    ...cb,
    ...input.changes,
    state: input.to,
    reason: input.reason ?? (input.to === cb.state ? cb.reason : undefined),
    updatedAt: input.now,
    version: cb.version + 1,
  };
  if (!await tx.callbacks.update(next)) {
    throw new HoldlessError('CONCURRENT_UPDATE', 'The callback changed meanwhile; try again.', { id: cb.id });
  }
  await tx.events.append({
    at: input.now, type: 'CALLBACK_STATE', callbackId: cb.id, serviceId: cb.serviceId, agentId: input.agentId,
    fromState: cb.state, toState: input.to, data: { reason: next.reason ?? null, ...input.data },
  });
  return next;
}

export async function getOrThrow(tx: Tx, id: string): Promise<Callback> {
  const cb = await tx.callbacks.get(id);
  if (!cb) throw new HoldlessError('CALLBACK_NOT_FOUND', 'No callback with this id.', { id });
  return cb;
}
