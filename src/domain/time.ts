import { IANAZone } from 'luxon';
import { HoldlessError } from './errors.js';
import type { Instant, Weekday } from './model.js';
import { WEEKDAYS } from './model.js';

/**
 * Local-time helpers for a calendar's IANA zone. Local wall times are handled as plain
 * numbers ("wall ms" = the local date/time read as if it were UTC) so that listing many slots
 * never creates a luxon DateTime per slot; only the zone's offset lookup (cached) is used.
 *
 * DST rule (DESIGN.md invariant 6), used everywhere a local wall time becomes an instant:
 * - a wall time that does not exist (spring-forward gap) is moved forward by the gap length
 *   (02:30 on 2026-03-08 in America/New_York → 03:30 EDT);
 * - an ambiguous wall time (fall-back overlap) resolves to the EARLIER instant (first occurrence).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const zones = new Map<string, IANAZone>();

export function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new HoldlessError('INVALID_TIMEZONE', `unknown time zone ${name}`, { zone: name });
    zones.set(name, zone);
  }
  return zone;
}

/**
 * Offset of the zone at instant t, in minutes east of UTC. Memoised per 15-minute bucket: zone
 * transitions fall on quarter hours of UTC (offsets are whole quarter hours), so the offset is
 * constant inside a bucket, and Intl-based lookups are the hot spot of request handling.
 */
const QUARTER = 15 * MINUTE;
const offsets = new Map<string, number>();
export function offsetAt(zone: string, t: Instant): number {
  const key = `${zone}|${Math.floor(t / QUARTER)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zoneOf(zone).offset(t);
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Parses "HH:MM" (00:00–24:00) into minutes of the day (memoised: configs use a few values). */
const parsedHHMM = new Map<string, number>();
export function parseHHMM(s: string): number {
  const known = parsedHHMM.get(s);
  if (known !== undefined) return known;
  const minutes = parseHHMMUncached(s);
  if (parsedHHMM.size > 10_000) parsedHHMM.clear();
  parsedHHMM.set(s, minutes);
  return minutes;
}

function parseHHMMUncached(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) {
    throw new HoldlessError('INVALID_TIME_OF_DAY', `not a HH:MM time: ${s}`, { value: s });
  }
  return minutes;
}

/** "YYYY-MM-DD" → wall ms of local midnight (the date read as UTC). */
export function dateToWall(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new HoldlessError('INVALID_DATE', `not a YYYY-MM-DD date: ${date}`, { value: date });
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function wallToDate(wall: number): string {
  return new Date(wall - (((wall % DAY) + DAY) % DAY)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return wallToDate(dateToWall(date) + days * DAY);
}

export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(dateToWall(date)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** Local wall ms of instant t in the zone. */
export function toWall(zone: string, t: Instant): number {
  return t + offsetAt(zone, t) * MINUTE;
}

/** Local date "YYYY-MM-DD" of instant t in the zone. */
export function localDateOf(zone: string, t: Instant): string {
  return wallToDate(toWall(zone, t));
}

/** Local minutes since midnight of instant t in the zone. */
export function localMinutesOf(zone: string, t: Instant): number {
  const wall = toWall(zone, t);
  return Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
}

/** Local wall ms → instant, applying the DST rule above. */
export function wallToInstant(zone: string, wall: number): Instant {
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const candidates = [wall - before * MINUTE, wall - after * MINUTE]
    .filter((t) => t + offsetAt(zone, t) * MINUTE === wall);
  if (candidates.length > 0) return Math.min(...candidates); // overlap: earlier instant
  // Gap: reading the wall time with the pre-transition offset lands `gap` later on the new clock.
  return wall - before * MINUTE;
}

/** Local date + "HH:MM" (24:00 = next midnight) → instant. */
export function localToInstant(zone: string, date: string, hhmm: string): Instant {
  return wallToInstant(zone, dateToWall(date) + parseHHMM(hhmm) * MINUTE);
}

/** ISO 8601 local time with offset, e.g. "2026-03-08T03:00:00-04:00". */
export function formatLocalIso(zone: string, t: Instant): string {
  const offset = offsetAt(zone, t);
  return formatIsoWithOffset(t + offset * MINUTE, offset);
}

/** ISO 8601 from a local wall ms and its offset in minutes. */
export function formatIsoWithOffset(wall: number, offset: number): string {
  const local = new Date(wall).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** "HH:MM" of a local minutes-of-day value. */
export function formatHHMM(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
