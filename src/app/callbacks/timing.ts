/** Resolves when a new or rescheduled callback is due: now (ASAP), a slot start, or a desired time. */
import { HoldlessError } from '../../domain/errors.js';
import type { CalendarDef, Instant, ServiceDef } from '../../domain/model.js';
import { closingTimeAfter, isOpenAt, nextOpening } from '../../domain/calendar.js';
import { capacityAt, closestFreeSlots, listSlots, slotContaining, type Slot } from '../../domain/slots.js';
import type { Tx } from '../ports/store.js';
import { iso } from './view.js';

export type Timing = { kind: 'asap' } | { kind: 'slot'; slotStart: Instant; desiredTime?: Instant };

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface TimingRequest { slotStart?: Instant; desiredTime?: Instant }

/** Validates the requested time against hours, horizon and slot grid (capacity is checked in the write). */
export function resolveTiming(service: ServiceDef, calendar: CalendarDef, req: TimingRequest, now: Instant): Timing {
  if (req.slotStart !== undefined && req.desiredTime !== undefined) {
    throw new HoldlessError('TIMING_AMBIGUOUS', 'Give either slotStart or desiredTime, not both.', { field: 'slotStart' });
  }
  const at = req.slotStart ?? req.desiredTime;
  if (at === undefined) {
    if (!isOpenAt(calendar, now)) {
      const next = nextOpening(calendar, now);
      throw new HoldlessError('SERVICE_CLOSED', 'The service is closed now; choose a time slot instead.', {
        nextOpening: next !== undefined ? iso(next) : null,
      });
    }
    return { kind: 'asap' };
  }
  const field = req.slotStart !== undefined ? 'slotStart' : 'desiredTime';
  if (at < now) throw new HoldlessError('TIME_IN_PAST', `${field} is in the past.`, { field });
  if (at > now + service.horizonDays * DAY) {
    throw new HoldlessError('TIME_TOO_FAR', `${field} is more than ${service.horizonDays} days ahead.`, { field });
  }
  const slot = slotContaining(service, calendar, at);
  if (!slot) throw new HoldlessError('TIME_CLOSED', `${field} is outside the service's opening hours.`, { field });
  if (req.slotStart !== undefined && slot.start !== at) {
    throw new HoldlessError('NOT_A_SLOT_START', `slotStart must be the start of a ${service.slotMinutes}-minute slot.`, {
      field, slotStart: iso(slot.start),
    });
  }
  return req.desiredTime !== undefined
    ? { kind: 'slot', slotStart: slot.start, desiredTime: req.desiredTime }
    : { kind: 'slot', slotStart: slot.start };
}

/** Inside a write: is there room in the slot? If not, SLOT_FULL with the closest free slots. */
export async function assertSlotHasRoom(tx: Tx, service: ServiceDef, calendar: CalendarDef, slotStart: Instant, now: Instant): Promise<void> {
  const capacity = capacityAt(service, calendar.timezone, slotStart);
  if (await tx.slots.booked(service.id, slotStart) < capacity) return;
  const around = await freeSlotsAround(tx, service, calendar, slotStart, now);
  throw new HoldlessError('SLOT_FULL', 'That time slot is fully booked.', {
    field: 'slotStart',
    proposals: closestFreeSlots(around, slotStart, 3).map((s) => ({ slotStart: iso(s.start), localStart: s.localStart, remaining: s.remaining })),
  });
}

export async function freeSlotsAround(tx: Tx, service: ServiceDef, calendar: CalendarDef, t: Instant, now: Instant): Promise<Slot[]> {
  const from = Math.max(now, t - DAY);
  const to = Math.min(now + service.horizonDays * DAY, t + 2 * DAY);
  const booked = await tx.slots.bookedBetween(service.id, from, to);
  return listSlots({ service, calendar, from, to, booked: (s) => booked.get(s) ?? 0 });
}

/** Purge time; with expireAtEndOfDay, no later than the close of the business day it becomes due. */
export function expiryFor(service: ServiceDef, calendar: CalendarDef, dueAt: Instant): Instant {
  const purge = dueAt + service.purgeAfterMinutes * MINUTE;
  if (!service.expireAtEndOfDay) return purge;
  const close = closingTimeAfter(calendar, dueAt);
  return close !== undefined ? Math.min(purge, close) : purge;
}
