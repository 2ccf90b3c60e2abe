/** Use cases that read a service: availability of slots, live status, number validation. */
import { HoldlessError } from '../../domain/errors.js';
import { closingTimeAfter, isOpenAt } from '../../domain/calendar.js';
import type { CalendarDef, Instant, ServiceDef } from '../../domain/model.js';
import { ruleOf } from '../../domain/abuse-rules.js';
import { POLICY_REFUSALS, checkNumber } from '../../domain/phone.js';
import { listSlots, slotWindowsBetween } from '../../domain/slots.js';
import type { AppContext } from '../context.js';
import { iso, localIso } from './view.js';

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 31;

export interface AvailabilityQuery { serviceId: string; from?: Instant; to?: Instant; timezone?: string; includeFull?: boolean }
export interface AvailabilityView {
  serviceId: string;
  durationMin: number;
  timezone: string;
  slots: { start: string; localStart: string; capacity: number; remaining: number }[];
}

export async function availability(ctx: AppContext, q: AvailabilityQuery): Promise<AvailabilityView> {
  const now = ctx.clock.now();
  const service = ctx.catalog.service(q.serviceId);
  const calendar = ctx.catalog.calendarOf(service);
  const from = Math.max(q.from ?? now, now);
  const to = Math.min(q.to ?? from + 7 * DAY, now + service.horizonDays * DAY);
  if (q.to !== undefined && q.from !== undefined && q.to <= q.from) {
    throw new HoldlessError('RANGE_INVALID', "'to' must be after 'from'.", { field: 'to' });
  }
  if (to - from > MAX_RANGE_DAYS * DAY) {
    throw new HoldlessError('RANGE_TOO_LARGE', `Ask for at most ${MAX_RANGE_DAYS} days at once.`, { field: 'to' });
  }
  const zone = q.timezone ?? calendar.timezone;
  const booked = await ctx.store.read(async (tx) => await tx.slots.bookedBetween(service.id, from, to));
  // The windows (and their ISO starts) are the calendar's, kept by the domain; only the counts are read.
  const slots: AvailabilityView['slots'] = [];
  for (const w of slotWindowsBetween(service, calendar, from, to)) {
    const remaining = Math.max(0, w.capacity - (booked.get(w.start) ?? 0));
    if (remaining === 0 && !q.includeFull) continue;
    slots.push({ start: w.startIso, localStart: zone === calendar.timezone ? w.localStart : localIso(w.start, zone), capacity: w.capacity, remaining });
  }
  return { serviceId: service.id, durationMin: service.slotMinutes, timezone: zone, slots };
}

export interface ServiceStatusView {
  serviceId: string;
  open: boolean;
  ewtSeconds: number | null;
  offerImmediate: boolean;
  offerScheduled: boolean;
  closesAt: string | null;
  /** No agent who can serve the service is logged in and available: the EWT is then no promise. */
  noAgents: boolean;
}

export async function serviceStatus(ctx: AppContext, serviceId: string): Promise<ServiceStatusView> {
  const now = ctx.clock.now();
  const service = ctx.catalog.service(serviceId);
  const calendar = ctx.catalog.calendarOf(service);
  const open = isOpenAt(calendar, now);
  const ewtSeconds = open ? ctx.queue.ewtForNew(service.id, now) : null;
  const closesAt = open ? closingTimeAfter(calendar, now) : undefined;
  // Without an estimate we only know the callback cannot land after closing if it is closed already.
  const landsAt = now + (ewtSeconds ?? 0) * 1000;
  const offerImmediate = open && (closesAt === undefined || landsAt < closesAt);
  const offerScheduled = await hasFreeSlot(ctx, service, calendar, now);
  const noAgents = ctx.queue.staffing?.(service.id).agents === 0;
  return { serviceId, open, ewtSeconds, offerImmediate, offerScheduled, closesAt: closesAt !== undefined ? iso(closesAt) : null, noAgents };
}

/** Any bookable slot within the horizon? Looks a day at a time and stops at the first (status is polled). */
async function hasFreeSlot(ctx: AppContext, service: ServiceDef, calendar: CalendarDef, now: Instant): Promise<boolean> {
  const horizon = now + service.horizonDays * DAY;
  for (let from = now; from < horizon; from += DAY) {
    const to = Math.min(from + DAY, horizon);
    const booked = await ctx.store.read(async (tx) => await tx.slots.bookedBetween(service.id, from, to));
    if (listSlots({ service, calendar, from, to, booked: (s) => booked.get(s) ?? 0 }).some((s) => s.remaining > 0)) return true;
  }
  return false;
}

export interface NumberValidationView {
  input: string;
  valid: boolean;
  allowed: boolean;
  e164: string | null;
  country: string | null;
  type: string | null;
  national: string | null;
  international: string | null;
  /** `length`: TOO_SHORT or TOO_LONG when the number has an impossible length. */
  reason: { code: string; message: string; length?: string } | null;
  /** With a service: would it be accepted there, and if not which rule says no. */
  serviceId?: string;
  accepted?: boolean;
  code?: string | null;
  message?: string | null;
  rule?: string | null;
}

/** `serviceId`: check against that service's rules (and its default country when none is given). */
export function validateNumber(ctx: AppContext, raw: string, country?: string, serviceId?: string): NumberValidationView {
  if (serviceId === undefined) return validateAgainst(ctx, raw, country, undefined);
  const service = ctx.catalog.service(serviceId, 'serviceId');
  const view = validateAgainst(ctx, raw, country ?? service.defaultCountry, service);
  return {
    ...view, serviceId, accepted: view.allowed, code: view.reason?.code ?? null, message: view.reason?.message ?? null,
    rule: view.reason ? ruleOf(view.reason.code) : null,
  };
}

function validateAgainst(ctx: AppContext, raw: string, country: string | undefined, service: ServiceDef | undefined): NumberValidationView {
  const check = checkNumber(raw, { defaultCountry: country, rules: ctx.catalog.rulesFor(service) });
  if (check.ok) {
    return {
      input: raw, valid: true, allowed: true, e164: check.e164, country: check.country ?? null, type: check.type ?? null,
      national: check.national, international: check.international, reason: null,
    };
  }
  // Refusals by policy still describe a valid number; parse failures do not.
  const policy = POLICY_REFUSALS.has(check.code);
  return {
    input: raw, valid: policy, allowed: false, e164: check.e164 ?? null, country: check.country ?? null,
    type: check.type ?? null, national: null, international: null,
    reason: { code: check.code, message: check.message, ...(check.length ? { length: check.length } : {}) },
  };
}
