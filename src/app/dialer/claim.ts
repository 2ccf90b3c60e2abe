/**
 * The attempt claim and the outcome record, each one write (DESIGN.md invariant 2): the claim
 * moves QUEUED → DIALING, counts the attempt and stores it with its lease and call id BEFORE any
 * INVITE; every guard (hours, calling window, number rules, attempts left, expiry) is checked
 * inside the same transaction, so what is dialled is what was checked.
 */
import { dispatchEpoch } from '../cluster-role.js';
import { inCallingWindow, isOpenAt } from '../../domain/calendar.js';
import type { Attempt, AttemptOutcome, Callback, Instant, ServiceDef } from '../../domain/model.js';
import { checkNumber } from '../../domain/phone.js';
import { decideAfterAttempt } from '../../domain/retry.js';
import type { AppContext } from '../context.js';
import { PHONE_ZONES_KEY } from '../ports/number-zones.js';
import type { DialTiming } from '../ports/call-control.js';
import type { Tx } from '../ports/store.js';
import { transition } from '../callbacks/transition.js';

/** "This is your requested callback from <company>. Press 1 to be connected." (company: prompts/<lang>/company.wav) */
export const CONFIRMATION = { prompts: ['confirm_intro', 'company', 'confirm_connect'], digit: '1', attempts: 2, timeoutMs: 5_000 };
/** Lease margin over the ring timeout: SIP transaction timers (32 s) plus the confirmation dialogue. */
export const LEASE_MARGIN_MS = 32_000 + CONFIRMATION.attempts * (CONFIRMATION.timeoutMs + 5_000);

export const leaseMs = (service: ServiceDef): number => service.ringTimeoutSeconds * 1000 + LEASE_MARGIN_MS;

export type DialBlock = 'SERVICE_CLOSED' | 'OUTSIDE_CALLING_WINDOW';

/**
 * The customer's zones: those of the number's range (found at intake) and the one the request
 * named (context.timezone); the service calendar's only when neither is known.
 */
export function customerZones(ctx: AppContext, cb: Callback): string[] {
  const named = [...(cb.context?.[PHONE_ZONES_KEY]?.split(' ') ?? []), cb.context?.timezone ?? ''];
  const zones = [...new Set(named.filter((z) => z && isValidZone(z)))];
  return zones.length > 0 ? zones : [ctx.catalog.calendarOf(ctx.catalog.service(cb.serviceId)).timezone];
}

const zoneValidity = new Map<string, boolean>(); // building an Intl formatter costs tens of µs
function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size > 1_000) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/** Hours of the service and the customer's calling window, at `now`. */
export function dialBlock(ctx: AppContext, cb: Callback, now: Instant): DialBlock | undefined {
  const service = ctx.catalog.service(cb.serviceId);
  if (!isOpenAt(ctx.catalog.calendarOf(service), now)) return 'SERVICE_CLOSED';
  // A number whose range spans several zones is dialled only when it is inside the window in all of them.
  const window = ctx.catalog.rules.callingWindow;
  if (!customerZones(ctx, cb).every((zone) => inCallingWindow(window, zone, now))) return 'OUTSIDE_CALLING_WINDOW';
  return undefined;
}

/** The callback with the number's zones in its context (kept once known, so the lookup runs once). */
function withPhoneZones(cb: Callback, zones: string[] | undefined): Callback {
  if (!zones?.length || cb.context?.[PHONE_ZONES_KEY]) return cb;
  return { ...cb, context: { ...cb.context, [PHONE_ZONES_KEY]: zones.join(' ') } };
}

export type ClaimResult =
  | { kind: 'claimed'; cb: Callback; attempt: Attempt }
  /** Not QUEUED any more (cancelled, claimed by another process, changed). */
  | { kind: 'gone'; cb?: Callback }
  | { kind: 'blocked'; cb: Callback; block: DialBlock }
  /** Ended instead of dialled: number refused, no attempts left, expired. */
  | { kind: 'ended'; cb: Callback };

export interface ClaimInput {
  callbackId: string; agentId?: string; callId: string; now: Instant;
  /** The callee's zones from the number, looked up before the claim (async) and stored with it. */
  phoneZones?: string[];
}

export async function claimAttempt(ctx: AppContext, tx: Tx, input: ClaimInput): Promise<ClaimResult> {
  const { now } = input;
  // The fence first: a node that is no longer the dispatcher claims nothing (HoldlessError NOT_DISPATCHER).
  const epoch = dispatchEpoch(ctx);
  await tx.cluster.fence(epoch);
  const stored = await tx.callbacks.get(input.callbackId);
  if (!stored || stored.state !== 'QUEUED') return { kind: 'gone', cb: stored };
  const cb = withPhoneZones(stored, input.phoneZones);
  const service = ctx.catalog.service(cb.serviceId);
  if (cb.expiresAt <= now) return { kind: 'ended', cb: await transition(tx, cb, { to: 'EXPIRED', reason: 'EXPIRED', now }) };
  if (cb.attempts >= Math.max(1, service.retry.maxAttempts)) {
    return { kind: 'ended', cb: await transition(tx, cb, { to: 'FAILED', reason: 'MAX_ATTEMPTS', now }) };
  }
  const block = dialBlock(ctx, cb, now);
  if (block) return { kind: 'blocked', cb, block };
  const check = checkNumber(cb.phone, { defaultCountry: service.defaultCountry, rules: ctx.catalog.rulesFor(service) });
  if (!check.ok) return { kind: 'ended', cb: await transition(tx, cb, { to: 'FAILED', reason: check.code, now }) };
  const attempt: Attempt = {
    callbackId: cb.id, number: cb.attempts + 1, callId: input.callId, agentId: input.agentId,
    claimedAt: now, leaseUntil: now + leaseMs(service),
  };
  const next = await transition(tx, cb, {
    to: 'DIALING', now, agentId: input.agentId,
    changes: { attempts: attempt.number, agentId: input.agentId, context: cb.context },
    data: { attempt: attempt.number, callId: attempt.callId },
  });
  await tx.attempts.insert(attempt);
  await tx.events.append({
    at: now, type: 'ATTEMPT_CLAIMED', callbackId: cb.id, serviceId: cb.serviceId, agentId: input.agentId,
    data: { attempt: attempt.number, callId: attempt.callId, leaseUntil: attempt.leaseUntil, epoch },
  });
  return { kind: 'claimed', cb: next, attempt };
}

export interface OutcomeInput {
  attempt: Attempt;
  outcome: AttemptOutcome;
  sipCode?: number;
  detail?: string;
  now: Instant;
  unknownGraceMs?: number;
  /** Ring and confirmation time in seconds, when the driver reported its timing (reports, issue 10). */
  durations?: AttemptDurations;
}

export interface AttemptDurations { ringSeconds: number; confirmSeconds: number | null }

/** Ring = INVITE → answer (or the final failure); confirmation = answer → press of 1 (or the end). */
export function attemptDurations(t: DialTiming | undefined): AttemptDurations | undefined {
  if (!t) return undefined;
  const ringEnd = t.answeredAt ?? t.endedAt;
  return { ringSeconds: (ringEnd - t.invitedAt) / 1000, confirmSeconds: t.answeredAt === undefined ? null : (t.endedAt - t.answeredAt) / 1000 };
}

/** Closes the attempt and moves the callback on: PERSON → WAITING_AGENT, else RETRY_WAIT or FAILED. */
export async function recordOutcome(ctx: AppContext, tx: Tx, input: OutcomeInput): Promise<Callback | undefined> {
  const { attempt, outcome, now } = input;
  await tx.attempts.update({ ...attempt, outcome, endedAt: now, sipCode: input.sipCode, detail: input.detail });
  const cb = await tx.callbacks.get(attempt.callbackId);
  await tx.events.append({
    at: now, type: 'ATTEMPT_ENDED', callbackId: attempt.callbackId, serviceId: cb?.serviceId, agentId: attempt.agentId,
    data: {
      attempt: attempt.number, callId: attempt.callId, outcome, sipCode: input.sipCode ?? null, detail: input.detail ?? null,
      ringSeconds: input.durations?.ringSeconds ?? null, confirmSeconds: input.durations?.confirmSeconds ?? null,
    },
  });
  if (!cb || (cb.state !== 'DIALING' && cb.state !== 'CONFIRMING')) return cb;
  if (outcome === 'PERSON') {
    const confirming = cb.state === 'DIALING' ? await transition(tx, cb, { to: 'CONFIRMING', now, reason: 'ANSWERED' }) : cb;
    return await transition(tx, confirming, { to: 'WAITING_AGENT', now, reason: 'CONFIRMED' });
  }
  const policy = ctx.catalog.service(cb.serviceId).retry;
  const d = decideAfterAttempt({
    policy, attemptNumber: attempt.number, outcome, endedAt: now, expiresAt: cb.expiresAt, unknownGraceMs: input.unknownGraceMs,
  });
  if (d.kind === 'retry') return await transition(tx, cb, { to: 'RETRY_WAIT', now, reason: outcome, changes: { dueAt: d.at, agentId: undefined } });
  return await transition(tx, cb, { to: 'FAILED', now, reason: d.kind === 'fail' ? d.reason : outcome, changes: { agentId: undefined } });
}
