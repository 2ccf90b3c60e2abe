import { describe, expect, it } from 'vitest';
import { idleSince, loggedOut, transitionAgent, wrapUpDue, type AgentCommand, type AgentState } from '../../src/domain/agent-state.js';

const ctx = { now: 1_000, reasonCodes: ['BREAK', 'LUNCH'], wrapUpSeconds: 30 };
const ready: AgentState = { name: 'READY', since: 500 };
const notReady: AgentState = { name: 'NOT_READY', since: 0, reason: 'BREAK' };
const reserved: AgentState = { name: 'RESERVED', since: 600, entryId: 'e1', readySince: 500 };
const onCall: AgentState = { name: 'ON_CALL', since: 700, entryId: 'e1' };
const wrap: AgentState = { name: 'WRAP_UP', since: 800, entryId: 'e1', until: 2_000 };

const cases: [string, AgentState, AgentCommand, AgentState | 'ILLEGAL' | 'UNKNOWN_REASON'][] = [
  ['login', loggedOut(0), { type: 'LOGIN' }, { name: 'NOT_READY', since: 1_000, reason: 'LOGIN' }],
  ['login with reason', loggedOut(0), { type: 'LOGIN', reason: 'LUNCH' }, { name: 'NOT_READY', since: 1_000, reason: 'LUNCH' }],
  ['login twice', ready, { type: 'LOGIN' }, 'ILLEGAL'],
  ['ready from not ready', notReady, { type: 'READY' }, { name: 'READY', since: 1_000 }],
  ['ready is idempotent', ready, { type: 'READY' }, ready],
  ['ready from logged out', loggedOut(0), { type: 'READY' }, 'ILLEGAL'],
  ['not ready', ready, { type: 'NOT_READY', reason: 'LUNCH' }, { name: 'NOT_READY', since: 1_000, reason: 'LUNCH' }],
  ['not ready, unknown reason', ready, { type: 'NOT_READY', reason: 'NAP' }, 'UNKNOWN_REASON'],
  ['not ready while on call is pending', onCall, { type: 'NOT_READY', reason: 'BREAK' }, { ...onCall, pendingReason: 'BREAK' }],
  ['reserve', ready, { type: 'RESERVE', entryId: 'e1' }, { name: 'RESERVED', since: 1_000, entryId: 'e1', readySince: 500 }],
  ['reserve when not ready', notReady, { type: 'RESERVE', entryId: 'e1' }, 'ILLEGAL'],
  ['release keeps idle-since', reserved, { type: 'RELEASE' }, { name: 'READY', since: 500 }],
  ['RONA', reserved, { type: 'RONA' }, { name: 'NOT_READY', since: 1_000, reason: 'RONA' }],
  ['RONA when on call', onCall, { type: 'RONA' }, 'ILLEGAL'],
  ['connect', reserved, { type: 'CONNECT' }, { name: 'ON_CALL', since: 1_000, entryId: 'e1' }],
  ['connect from ready', ready, { type: 'CONNECT' }, 'ILLEGAL'],
  ['hangup starts wrap-up', onCall, { type: 'HANGUP' }, { name: 'WRAP_UP', since: 1_000, entryId: 'e1', until: 31_000 }],
  ['wrap-up ends in ready', wrap, { type: 'END_WRAP_UP' }, { name: 'READY', since: 1_000 }],
  ['wrap-up ends in requested not ready', { ...wrap, pendingReason: 'LUNCH' }, { type: 'END_WRAP_UP' }, { name: 'NOT_READY', since: 1_000, reason: 'LUNCH' }],
  ['ready during wrap-up ends it early', wrap, { type: 'READY' }, { name: 'READY', since: 1_000 }],
  ['logout from ready', ready, { type: 'LOGOUT' }, { name: 'LOGGED_OUT', since: 1_000 }],
  ['logout on call', onCall, { type: 'LOGOUT' }, 'ILLEGAL'],
  ['end wrap-up when ready', ready, { type: 'END_WRAP_UP' }, 'ILLEGAL'],
];

describe('agent state machine', () => {
  it.each(cases)('%s', (_name, from, cmd, expected) => {
    const r = transitionAgent(from, cmd, ctx);
    if (expected === 'ILLEGAL') expect(r).toMatchObject({ ok: false, code: 'ILLEGAL_AGENT_TRANSITION', from: from.name, command: cmd.type });
    else if (expected === 'UNKNOWN_REASON') expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_REASON_CODE' });
    else expect(r).toEqual({ ok: true, state: expected });
  });

  it('pending not-ready survives reserve → call → wrap-up', () => {
    let s: AgentState = reserved;
    for (const cmd of [{ type: 'NOT_READY', reason: 'BREAK' }, { type: 'CONNECT' }, { type: 'HANGUP' }, { type: 'END_WRAP_UP' }] as AgentCommand[]) {
      const r = transitionAgent(s, cmd, ctx);
      if (!r.ok) throw new Error(r.message);
      s = r.state;
    }
    expect(s).toEqual({ name: 'NOT_READY', since: 1_000, reason: 'BREAK' });
  });

  it('zero wrap-up goes straight back to READY', () => {
    expect(transitionAgent(onCall, { type: 'HANGUP' }, { ...ctx, wrapUpSeconds: 0 })).toEqual({ ok: true, state: { name: 'READY', since: 1_000 } });
  });

  it('wrapUpDue and idleSince', () => {
    expect(wrapUpDue(wrap, 1_999)).toBe(false);
    expect(wrapUpDue(wrap, 2_000)).toBe(true);
    expect(idleSince(ready)).toBe(500);
    expect(idleSince(onCall)).toBeUndefined();
  });
});
