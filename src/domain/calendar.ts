import type { CalendarDef, Instant, OpenInterval } from './model.js';
import { addDays, localDateOf, localMinutesOf, localToInstant, parseHHMM, weekdayOf } from './time.js';

/**
 * Business hours of a calendar. Local wall times become UTC instants with the DST rule of
 * time.ts: a time inside a spring-forward gap moves forward by the gap length, an ambiguous
 * fall-back time resolves to its first (earlier) occurrence. So on 2026-03-08 in New York an
 * interval 01:00–04:00 lasts 2 real hours, and on 2026-11-01 it lasts 4.
 * Intervals must satisfy from < to (config validation refuses others); empty ones are skipped.
 */

export interface UtcInterval { start: Instant; end: Instant }

/** Days searched ahead by nextOpening before giving up (a calendar may be closed for good). */
const SEARCH_DAYS = 400;

/** The local hours that apply on a date: holiday → none, special day → its hours, else weekly. */
export function hoursOn(cal: CalendarDef, localDate: string): OpenInterval[] {
  if (cal.holidays.some((h) => h.date === localDate)) return [];
  const special = cal.specialDays.find((d) => d.date === localDate);
  if (special) return special.hours;
  return cal.weekly[weekdayOf(localDate)] ?? [];
}

/**
 * Answers per calendar and local date, memoised: calendars are configuration (never mutated once
 * loaded; a reload builds new objects), and the dialer and the API ask about the same few days
 * for every callback. The cached arrays are frozen, as callers only read them.
 */
const MAX_DAYS_CACHED = 4_000;
const dayCache = new WeakMap<CalendarDef, { on: Map<string, readonly UtcInterval[]>; around: Map<string, readonly UtcInterval[]> }>();

function cacheOf(cal: CalendarDef) {
  let c = dayCache.get(cal);
  if (!c) dayCache.set(cal, (c = { on: new Map(), around: new Map() }));
  return c;
}

function remember(map: Map<string, readonly UtcInterval[]>, date: string, value: UtcInterval[]): readonly UtcInterval[] {
  if (map.size >= MAX_DAYS_CACHED) map.clear();
  for (const i of value) Object.freeze(i);
  const frozen = Object.freeze(value);
  map.set(date, frozen);
  return frozen;
}

/** Open intervals of one local day as UTC [start, end), sorted, empty ones dropped. */
export function openIntervalsOn(cal: CalendarDef, localDate: string): readonly UtcInterval[] {
  const cache = cacheOf(cal).on;
  return cache.get(localDate) ?? remember(cache, localDate, computeIntervalsOn(cal, localDate));
}

function computeIntervalsOn(cal: CalendarDef, localDate: string): UtcInterval[] {
  const out: UtcInterval[] = [];
  for (const h of hoursOn(cal, localDate)) {
    if (parseHHMM(h.from) >= parseHHMM(h.to)) continue;
    const start = localToInstant(cal.timezone, localDate, h.from);
    const end = localToInstant(cal.timezone, localDate, h.to);
    if (end > start) out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Intervals of the local day of t and its neighbours, which are the only ones that can hold t. */
function intervalsAround(cal: CalendarDef, t: Instant): readonly UtcInterval[] {
  const day = localDateOf(cal.timezone, t);
  const cache = cacheOf(cal).around;
  return cache.get(day) ?? remember(cache, day, [-1, 0, 1].flatMap((d) => openIntervalsOn(cal, addDays(day, d))));
}

export function isOpenAt(cal: CalendarDef, t: Instant): boolean {
  for (const i of intervalsAround(cal, t)) if (i.start <= t && t < i.end) return true;
  return false;
}

/** Earliest instant ≥ t at which the calendar is open (t itself when open); undefined if none within ~400 days. */
export function nextOpening(cal: CalendarDef, t: Instant): Instant | undefined {
  if (isOpenAt(cal, t)) return t;
  const first = localDateOf(cal.timezone, t);
  for (let d = 0; d < SEARCH_DAYS; d++) {
    const next = openIntervalsOn(cal, addDays(first, d)).find((i) => i.start >= t);
    if (next) return next.start;
  }
  return undefined;
}

/**
 * End of the open period containing t, or undefined when closed at t. Back-to-back intervals
 * (12:00–24:00 then 00:00–06:00 next day) count as one open period.
 */
export function closingTimeAfter(cal: CalendarDef, t: Instant): Instant | undefined {
  let current = intervalsAround(cal, t).find((i) => i.start <= t && t < i.end);
  if (!current) return undefined;
  let end = current.end;
  for (let guard = 0; guard < SEARCH_DAYS * 4; guard++) {
    current = intervalsAround(cal, end).find((i) => i.start <= end && end < i.end);
    if (!current) return end;
    end = current.end;
  }
  return end;
}

/**
 * Whether t falls in a daily calling window in the given zone (the customer's quiet hours).
 * Compared on the local wall clock, so 08:00–21:00 means what the customer's clock shows.
 * A window with from > to wraps midnight (e.g. 22:00–06:00).
 */
export function inCallingWindow(window: OpenInterval, zone: string, t: Instant): boolean {
  const now = localMinutesOf(zone, t);
  const from = parseHHMM(window.from);
  const to = parseHHMM(window.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}
