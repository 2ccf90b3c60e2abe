import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, isOpen, isTerminal, nextStates } from '../../src/domain/callback-state.js';
import { CALLBACK_STATES, type CallbackState } from '../../src/domain/model.js';
import { HoldlessError } from '../../src/domain/errors.js';

// The legal moves, written out by hand from DESIGN.md and the brief (independent of the table in src).
const LEGAL = new Set([
  'SCHEDULED>QUEUED', 'QUEUED>DIALING', 'DIALING>CONFIRMING', 'CONFIRMING>WAITING_AGENT',
  'WAITING_AGENT>CONNECTED', 'CONNECTED>COMPLETED',
  'DIALING>RETRY_WAIT', 'CONFIRMING>RETRY_WAIT', 'RETRY_WAIT>QUEUED', 'WAITING_AGENT>QUEUED',
  'QUEUED>SCHEDULED', 'RETRY_WAIT>SCHEDULED', // reschedule into a slot
  // call-in (delayed): pushed instead of dialled, accepted (code out), snoozed, called in
  'QUEUED>PUSHED', 'PUSHED>AWAITING_CALL_IN', 'PUSHED>RETRY_WAIT', 'AWAITING_CALL_IN>COMPLETED',
  ...['SCHEDULED', 'QUEUED', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'RETRY_WAIT', 'PUSHED', 'AWAITING_CALL_IN'].map((s) => `${s}>CANCELLED`),
  ...['SCHEDULED', 'QUEUED', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'RETRY_WAIT', 'PUSHED', 'AWAITING_CALL_IN'].flatMap((s) => [`${s}>FAILED`, `${s}>EXPIRED`]),
]);

const pairs = CALLBACK_STATES.flatMap((from) => CALLBACK_STATES.map((to) => [from, to] as [CallbackState, CallbackState]));

describe('callback state machine', () => {
  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      const err = (() => { try { assertTransition(from, to); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(HoldlessError);
      expect((err as HoldlessError).code).toBe('ILLEGAL_TRANSITION');
      expect((err as HoldlessError).details).toEqual({ from, to });
    }
  });

  it('classifies open and terminal states', () => {
    const terminal = ['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED'];
    for (const s of CALLBACK_STATES) {
      expect(isTerminal(s)).toBe(terminal.includes(s));
      expect(isOpen(s)).toBe(!terminal.includes(s));
    }
  });

  it('nextStates agrees with canTransition', () => {
    for (const from of CALLBACK_STATES) {
      expect(new Set(nextStates(from))).toEqual(new Set(CALLBACK_STATES.filter((to) => canTransition(from, to))));
    }
  });

  it('every open state can reach COMPLETED or a terminal state, no terminal state can move', () => {
    for (const s of CALLBACK_STATES) expect(nextStates(s).length === 0).toBe(isTerminal(s));
  });
});
