import { HoldlessError } from './errors.js';
import type { CallbackState } from './model.js';
import { OPEN_STATES, TERMINAL_STATES } from './model.js';

/**
 * The callback state machine (DESIGN.md "Callback"). Happy path:
 * SCHEDULED → QUEUED → DIALING → CONFIRMING → WAITING_AGENT → CONNECTED → COMPLETED.
 * Between attempts DIALING/CONFIRMING → RETRY_WAIT → QUEUED; RONA sends WAITING_AGENT back to
 * QUEUED. CANCELLED is reachable from every open state; FAILED and EXPIRED from every open state
 * except CONNECTED (a connected call ends as COMPLETED, whatever happens on it).
 * Rescheduling moves a waiting callback (QUEUED, RETRY_WAIT) back to SCHEDULED in a new slot.
 * Preview mode uses the same path (the agent's "dial" is QUEUED → DIALING).
 * Call-in (delayed): instead of a dial, QUEUED → PUSHED ("your callback is ready"); the app's
 * accept moves it to AWAITING_CALL_IN (an access code is out), and the customer's call ends it as
 * COMPLETED; a snooze is PUSHED → RETRY_WAIT (back in line when due); no answer → EXPIRED.
 */
const FORWARD: Record<CallbackState, readonly CallbackState[]> = {
  SCHEDULED: ['QUEUED'],
  QUEUED: ['DIALING', 'SCHEDULED', 'PUSHED'],
  DIALING: ['CONFIRMING', 'RETRY_WAIT'],
  CONFIRMING: ['WAITING_AGENT', 'RETRY_WAIT'],
  WAITING_AGENT: ['CONNECTED', 'QUEUED'],
  CONNECTED: ['COMPLETED'],
  RETRY_WAIT: ['QUEUED', 'SCHEDULED'],
  COMPLETED: [],
  CANCELLED: [],
  FAILED: [],
  EXPIRED: [],
  PUSHED: ['AWAITING_CALL_IN', 'RETRY_WAIT'],
  AWAITING_CALL_IN: ['COMPLETED'],
};

export function isTerminal(state: CallbackState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function isOpen(state: CallbackState): boolean {
  return OPEN_STATES.includes(state);
}

export function canTransition(from: CallbackState, to: CallbackState): boolean {
  if (!isOpen(from)) return false;
  if (FORWARD[from].includes(to)) return true;
  if (to === 'CANCELLED') return true;
  if (to === 'FAILED' || to === 'EXPIRED') return from !== 'CONNECTED';
  return false;
}

/** Throws HoldlessError ILLEGAL_TRANSITION when the change is not allowed. */
export function assertTransition(from: CallbackState, to: CallbackState): void {
  if (!canTransition(from, to)) {
    throw new HoldlessError('ILLEGAL_TRANSITION', `callback cannot go from ${from} to ${to}`, { from, to });
  }
}

/** States reachable from `from` in one step (for UIs and diagnostics). */
export function nextStates(from: CallbackState): CallbackState[] {
  const all: CallbackState[] = [...FORWARD[from]];
  for (const t of ['CANCELLED', 'FAILED', 'EXPIRED'] as const) if (canTransition(from, t)) all.push(t);
  return all;
}
