import { openIntervalsOn, type UtcInterval } from './calendar.js';
import type { CalendarDef, CapacityOverride, Instant, ServiceDef } from './model.js';
import { addDays, formatIsoWithOffset, localDateOf, offsetAt, parseHHMM, toWall, weekdayOf } from './time.js';

/**
 * Bookable slots of a service. Slots are slotMinutes of REAL time stepped from the start of each
 * open interval (as resolved by calendar.ts), and only whole slots inside the interval count.
 * Stepping in UTC is what keeps DST days right: a 23 h day simply has fewer slots, a 25 h day
 * more, and the repeated 01:xx hour on a fall-back day appears twice with different offsets.
 */

export interface SlotWindow {
  start: Instant;
  end: Instant;
  /** ISO 8601 with the calendar zone's offset, e.g. "2026-03-29T03:00:00+02:00". */
  localStart: string;
  capacity: number;
}
export interface Slot extends SlotWindow { remaining: number }

export interface ListSlotsInput {
  service: ServiceDef;
  calendar: CalendarDef;
  from: Instant;
  to: Instant;
  /** Callbacks already booked in the slot starting at slotStart. */
  booked: (slotStart: Instant) => number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function listSlots({ service, calendar, from, to, booked }: ListSlotsInput): Slot[] {
  return slotWindowsBetween(service, calendar, from, to).map((w) => ({
    start: w.start, end: w.end, localStart: w.localStart, capacity: w.capacity, remaining: Math.max(0, w.capacity - booked(w.start)),
  }));
}

/** A slot window with its start also written as UTC ISO 8601 (what the API answers). */
export interface ListedWindow extends SlotWindow { readonly startIso: string }

/**
 * The slot windows starting in [from, to), in time order, without bookings. Each local day's
 * windows are computed once per (service, calendar) and kept: both are configuration, never
 * changed in place (a reload builds new objects, and so a new cache), as calendar.ts relies on.
 */
export function slotWindowsBetween(service: ServiceDef, calendar: CalendarDef, from: Instant, to: Instant): ListedWindow[] {
  const out: ListedWindow[] = [];
  const last = localDateOf(calendar.timezone, to);
  // Start one day early: an interval of the previous local day can reach past midnight.
  for (let day = addDays(localDateOf(calendar.timezone, from), -1); day <= last; day = addDays(day, 1)) {
    for (const w of windowsOn(service, calendar, day)) if (w.start >= from && w.start < to) out.push(w);
  }
  // Overlapping calendar intervals (or days) may yield the same start twice: keep one.
  out.sort((a, b) => a.start - b.start);
  return out.filter((w, i) => i === 0 || out[i - 1]!.start !== w.start);
}

const MAX_DAYS_CACHED = 4_000;
const windowCache = new WeakMap<ServiceDef, WeakMap<CalendarDef, Map<string, readonly ListedWindow[]>>>();

function windowsOn(service: ServiceDef, calendar: CalendarDef, day: string): readonly ListedWindow[] {
  let byCalendar = windowCache.get(service);
  if (!byCalendar) windowCache.set(service, (byCalendar = new WeakMap()));
  let days = byCalendar.get(calendar);
  if (!days) byCalendar.set(calendar, (days = new Map()));
  let windows = days.get(day);
  if (!windows) {
    windows = Object.freeze(computeWindowsOn(service, calendar, day).map((w) => Object.freeze(w)));
    if (days.size >= MAX_DAYS_CACHED) days.clear();
    days.set(day, windows);
  }
  return windows;
}

/** Every whole slot of the open intervals of one local day, stepped from each interval's start. */
function computeWindowsOn(service: ServiceDef, calendar: CalendarDef, day: string): ListedWindow[] {
  const step = service.slotMinutes * MINUTE;
  const out: ListedWindow[] = [];
  for (const interval of openIntervalsOn(calendar, day)) {
    const offset = offsetWithin(calendar.timezone, interval);
    for (let start = interval.start; start + step <= interval.end; start += step) {
      out.push({ ...makeWindow(service, start, step, offset(start)), startIso: new Date(start).toISOString() });
    }
  }
  return out;
}

function offsetWithin(zone: string, interval: UtcInterval): (t: Instant) => number {
  const first = offsetAt(zone, interval.start);
  if (first === offsetAt(zone, interval.end - 1)) return () => first;
  return (t) => offsetAt(zone, t);
}

function makeWindow(service: ServiceDef, start: Instant, step: number, offsetMinutes: number): SlotWindow {
  const wall = start + offsetMinutes * MINUTE;
  return {
    start,
    end: start + step,
    localStart: formatIsoWithOffset(wall, offsetMinutes),
    capacity: capacityAtWall(service, wall),
  };
}

/**
 * Capacity of the slot starting at `start`: the first override naming the slot's local date wins,
 * else the first override whose days/from/to all match (from inclusive, to exclusive, compared
 * with the slot's local start), else the default. Conditions left out match anything.
 */
export function capacityAt(service: ServiceDef, zone: string, start: Instant): number {
  return capacityAtWall(service, toWall(zone, start));
}

function capacityAtWall(service: ServiceDef, wall: number): number {
  const overrides = service.capacity.overrides;
  if (overrides.length === 0) return service.capacity.default;
  const date = new Date(wall - (((wall % DAY) + DAY) % DAY)).toISOString().slice(0, 10);
  const minutes = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  const matches = (o: CapacityOverride) => overrideMatches(o, date, minutes);
  const hit = overrides.find((o) => o.date !== undefined && matches(o)) ?? overrides.find((o) => o.date === undefined && matches(o));
  return hit ? hit.capacity : service.capacity.default;
}

function overrideMatches(o: CapacityOverride, date: string, minutes: number): boolean {
  if (o.date !== undefined && o.date !== date) return false;
  if (o.days && o.days.length > 0 && !o.days.includes(weekdayOf(date))) return false;
  if (o.from !== undefined && minutes < parseHHMM(o.from)) return false;
  if (o.to !== undefined && minutes >= parseHHMM(o.to)) return false;
  return true;
}

/** The slot whose [start, end) holds t, or undefined when t is not inside a whole slot. */
export function slotContaining(service: ServiceDef, calendar: CalendarDef, t: Instant): SlotWindow | undefined {
  const step = service.slotMinutes * MINUTE;
  const day = localDateOf(calendar.timezone, t);
  for (const d of [-1, 0, 1]) {
    for (const interval of openIntervalsOn(calendar, addDays(day, d))) {
      if (t < interval.start || t >= interval.end) continue;
      const start = interval.start + Math.floor((t - interval.start) / step) * step;
      if (start + step <= interval.end) return makeWindow(service, start, step, offsetAt(calendar.timezone, start));
    }
  }
  return undefined;
}

/** Whether t is exactly the start of a bookable slot (to validate a requested slot). */
export function isSlotStart(service: ServiceDef, calendar: CalendarDef, t: Instant): boolean {
  return slotContaining(service, calendar, t)?.start === t;
}

/**
 * Up to n slots with room left, closest to t (ties: the earlier one), returned in time order
 * so they can be proposed as a list.
 */
export function closestFreeSlots(slots: readonly Slot[], t: Instant, n: number): Slot[] {
  return slots
    .filter((s) => s.remaining > 0)
    .sort((a, b) => Math.abs(a.start - t) - Math.abs(b.start - t) || a.start - b.start)
    .slice(0, Math.max(0, n))
    .sort((a, b) => a.start - b.start);
}
