import type { AgentStateName, Instant } from './model.js';

/**
 * Agent state machine (DESIGN.md "Agent"):
 *   LOGGED_OUT → NOT_READY(reason) ↔ READY → RESERVED → ON_CALL → WRAP_UP → READY | NOT_READY(pending)
 *   RESERVED → NOT_READY('RONA') (ring, no answer), RESERVED → READY (reservation released).
 * `since` is when the current state began; for READY it is the idle-since used for longest-idle
 * routing, so a released reservation gives the agent back their old place.
 */
export type AgentState =
  | { name: 'LOGGED_OUT'; since: Instant }
  | { name: 'NOT_READY'; since: Instant; reason: string }
  | { name: 'READY'; since: Instant }
  | { name: 'RESERVED'; since: Instant; entryId: string; readySince: Instant; pendingReason?: string }
  | { name: 'ON_CALL'; since: Instant; entryId: string; pendingReason?: string }
  | { name: 'WRAP_UP'; since: Instant; entryId: string; until: Instant; pendingReason?: string };

/** Reasons the system sets itself; always accepted besides the configured reason codes. */
export const SYSTEM_REASONS = ['LOGIN', 'RONA'] as const;

export type AgentCommand =
  | { type: 'LOGIN'; reason?: string }
  | { type: 'LOGOUT' }
  | { type: 'READY' }
  | { type: 'NOT_READY'; reason: string }
  | { type: 'RESERVE'; entryId: string }
  | { type: 'RELEASE' } // reservation given up (customer not reached): back to READY
  | { type: 'RONA' }
  | { type: 'CONNECT' } // the agent's leg answered / bridged
  | { type: 'HANGUP' } // the call ended: wrap-up begins
  | { type: 'END_WRAP_UP' };

export interface AgentTransitionContext {
  now: Instant;
  reasonCodes: readonly string[];
  wrapUpSeconds: number;
}

export type AgentTransitionResult =
  | { ok: true; state: AgentState }
  | { ok: false; code: 'ILLEGAL_AGENT_TRANSITION' | 'UNKNOWN_REASON_CODE'; from: AgentStateName; command: AgentCommand['type']; message: string };

export const loggedOut = (now: Instant): AgentState => ({ name: 'LOGGED_OUT', since: now });

const ok = (state: AgentState): AgentTransitionResult => ({ ok: true, state });

function illegal(from: AgentState, cmd: AgentCommand): AgentTransitionResult {
  return { ok: false, code: 'ILLEGAL_AGENT_TRANSITION', from: from.name, command: cmd.type, message: `${cmd.type} is not allowed in ${from.name}` };
}

function checkReason(from: AgentState, cmd: AgentCommand, reason: string, codes: readonly string[]): AgentTransitionResult | undefined {
  if (codes.includes(reason) || (SYSTEM_REASONS as readonly string[]).includes(reason)) return undefined;
  return { ok: false, code: 'UNKNOWN_REASON_CODE', from: from.name, command: cmd.type, message: `unknown reason code '${reason}'` };
}

/** After wrap-up: NOT_READY if the agent asked for it meanwhile, else READY. */
function afterWrapUp(pendingReason: string | undefined, now: Instant): AgentState {
  return pendingReason === undefined ? { name: 'READY', since: now } : { name: 'NOT_READY', since: now, reason: pendingReason };
}

function notReady(s: AgentState, cmd: Extract<AgentCommand, { type: 'NOT_READY' }>, ctx: AgentTransitionContext): AgentTransitionResult {
  const bad = checkReason(s, cmd, cmd.reason, ctx.reasonCodes);
  if (bad) return bad;
  switch (s.name) {
    case 'READY':
    case 'NOT_READY':
      return ok({ name: 'NOT_READY', since: ctx.now, reason: cmd.reason });
    case 'RESERVED':
    case 'ON_CALL':
    case 'WRAP_UP':
      // Busy: remembered and applied when the wrap-up ends.
      return ok({ ...s, pendingReason: cmd.reason });
    default:
      return illegal(s, cmd);
  }
}

export function transitionAgent(s: AgentState, cmd: AgentCommand, ctx: AgentTransitionContext): AgentTransitionResult {
  const { now } = ctx;
  switch (cmd.type) {
    case 'LOGIN': {
      if (s.name !== 'LOGGED_OUT') return illegal(s, cmd);
      const reason = cmd.reason ?? 'LOGIN';
      return checkReason(s, cmd, reason, ctx.reasonCodes) ?? ok({ name: 'NOT_READY', since: now, reason });
    }
    case 'LOGOUT':
      if (s.name === 'LOGGED_OUT') return ok(s);
      return s.name === 'READY' || s.name === 'NOT_READY' ? ok(loggedOut(now)) : illegal(s, cmd);
    case 'READY':
      if (s.name === 'READY') return ok(s); // idempotent: keeps the idle-since
      if (s.name === 'NOT_READY') return ok({ name: 'READY', since: now });
      if (s.name === 'WRAP_UP') return ok({ name: 'READY', since: now }); // wrap-up ended early
      // Busy with a pending Not Ready: READY withdraws the request ("stay ready after this call").
      if ((s.name === 'RESERVED' || s.name === 'ON_CALL') && s.pendingReason !== undefined) return ok(withoutPending(s));
      return illegal(s, cmd);
    case 'NOT_READY':
      return notReady(s, cmd, ctx);
    case 'RESERVE':
      return s.name === 'READY' ? ok({ name: 'RESERVED', since: now, entryId: cmd.entryId, readySince: s.since }) : illegal(s, cmd);
    case 'RELEASE':
      if (s.name !== 'RESERVED') return illegal(s, cmd);
      return ok(s.pendingReason === undefined ? { name: 'READY', since: s.readySince } : { name: 'NOT_READY', since: now, reason: s.pendingReason });
    case 'RONA':
      return s.name === 'RESERVED' ? ok({ name: 'NOT_READY', since: now, reason: 'RONA' }) : illegal(s, cmd);
    case 'CONNECT':
      return s.name === 'RESERVED' ? ok(withPending({ name: 'ON_CALL', since: now, entryId: s.entryId }, s.pendingReason)) : illegal(s, cmd);
    case 'HANGUP':
      if (s.name !== 'ON_CALL') return illegal(s, cmd);
      if (ctx.wrapUpSeconds <= 0) return ok(afterWrapUp(s.pendingReason, now));
      return ok(withPending({ name: 'WRAP_UP', since: now, entryId: s.entryId, until: now + ctx.wrapUpSeconds * 1000 }, s.pendingReason));
    case 'END_WRAP_UP':
      return s.name === 'WRAP_UP' ? ok(afterWrapUp(s.pendingReason, now)) : illegal(s, cmd);
  }
}

function withoutPending<T extends Extract<AgentState, { pendingReason?: string }>>(s: T): T {
  const { pendingReason: _dropped, ...rest } = s;
  return rest as T;
}

function withPending<T extends AgentState>(s: T, pendingReason: string | undefined): T {
  return pendingReason === undefined ? s : { ...s, pendingReason };
}

/** True when the configured wrap-up time is over (the caller then sends END_WRAP_UP). */
export function wrapUpDue(s: AgentState, now: Instant): boolean {
  return s.name === 'WRAP_UP' && now >= s.until;
}

/** Idle-since for longest-idle routing, or undefined when the agent cannot take work. */
export function idleSince(s: AgentState): Instant | undefined {
  return s.name === 'READY' ? s.since : undefined;
}
