/**
 * What the rest of holdless asks about agent phones: how each is rung, whether it is
 * registered, and the Ready rule (a phone that must register cannot take calls unregistered).
 */
import { HoldlessError } from '../../domain/errors.js';
import type { AgentDef, Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { PhoneStatus } from './registrar.js';

export interface PhoneDirectory {
  status(agent: AgentDef, now: Instant): PhoneStatus;
  /** The URI to ring now; undefined when the phone must register and is not registered. */
  contactFor(agent: AgentDef, now: Instant): string | undefined;
}

export interface PhoneStatusView { mode: 'static' | 'register'; registered: boolean; contact: string | null; expiresAt: string | null }

export function phoneStatus(ctx: AppContext, agent: AgentDef, now: Instant): PhoneStatusView {
  const s = ctx.phones?.status(agent, now)
    ?? { mode: agent.phone ? 'register' : 'static', registered: !agent.phone, contact: agent.phone ? null : agent.sip, expiresAt: null };
  return { ...s, expiresAt: s.expiresAt === null ? null : new Date(s.expiresAt).toISOString() };
}

export function contactFor(ctx: AppContext, agent: AgentDef, now: Instant): string | undefined {
  if (ctx.phones) return ctx.phones.contactFor(agent, now);
  return agent.phone ? undefined : agent.sip;
}

/** Thrown before READY: the workspace shows the message, the API answers 409 PHONE_NOT_REGISTERED. */
export function assertPhoneReady(ctx: AppContext, agent: AgentDef, now: Instant): void {
  if (!agent.phone || contactFor(ctx, agent, now) !== undefined) return;
  throw new HoldlessError(
    'PHONE_NOT_REGISTERED',
    `Your phone (SIP user ${agent.phone.username}) is not registered: register it with holdless, then go Ready.`,
    { agentId: agent.id, username: agent.phone.username },
  );
}
