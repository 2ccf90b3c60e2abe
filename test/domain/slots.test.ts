import { describe, expect, it } from 'vitest';
import { closestFreeSlots, isSlotStart, listSlots, slotContaining, slotWindowsBetween, type Slot } from '../../src/domain/slots.js';
import type { CalendarDef, OpenInterval, ServiceDef } from '../../src/domain/model.js';

const M = 60_000;
const H = 60 * M;
const utc = (iso: string) => Date.parse(iso);
const allWeek = (hours: OpenInterval[]): CalendarDef['weekly'] => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });
const cal = (timezone: string, hours: OpenInterval[] = [{ from: '00:00', to: '24:00' }], p: Partial<CalendarDef> = {}): CalendarDef =>
  ({ id: 'c', timezone, weekly: allWeek(hours), holidays: [], specialDays: [], ...p });
const service = (p: Partial<ServiceDef> = {}): ServiceDef => ({
  id: 's', name: 'S', skills: { allOf: [], anyOf: [], expansion: [] }, calendarId: 'c', slotMinutes: 15,
  capacity: { default: 2, overrides: [] }, retry: { maxAttempts: 3, intervalMinutes: 10, perOutcome: {} },
  purgeAfterMinutes: 60, expireAtEndOfDay: true, dialMode: 'reserved', offer: { autoTransferBelowSeconds: 60, upperPlaybackSeconds: 900 },
  callerId: '+4930901820', priority: 0, language: 'en', defaultCountry: 'US', leadMinutes: 2, horizonDays: 14,
  initialHandleSeconds: 300, ringTimeoutSeconds: 30, wrapUpSeconds: 30, ...p,
});
const none = () => 0;
const local = (slots: Slot[]) => slots.map((s) => s.localStart);

function expectWellFormed(slots: Slot[], minutes: number) {
  for (let i = 0; i < slots.length; i++) {
    expect(slots[i]!.end - slots[i]!.start).toBe(minutes * M);
    if (i > 0) expect(slots[i]!.start).toBeGreaterThanOrEqual(slots[i - 1]!.end);
  }
  expect(new Set(local(slots)).size).toBe(slots.length);
}

describe('listSlots', () => {
  it('a plain office day in New York, 30-minute slots', () => {
    const slots = listSlots({ service: service({ slotMinutes: 30 }), calendar: cal('America/New_York', [{ from: '09:00', to: '11:00' }]),
      from: utc('2026-01-15T00:00:00Z'), to: utc('2026-01-16T00:00:00Z'), booked: none });
    expect(local(slots)).toEqual(['2026-01-15T09:00:00-05:00', '2026-01-15T09:30:00-05:00', '2026-01-15T10:00:00-05:00', '2026-01-15T10:30:00-05:00']);
    expect(slots[0]!.start).toBe(utc('2026-01-15T14:00:00Z'));
  });

  it.each([
    ['Berlin spring forward: 23 h', 'Europe/Berlin', '2026-03-29', 23, '2026-03-29T01:45:00+01:00', '2026-03-29T03:00:00+02:00'],
    ['Berlin fall back: 25 h', 'Europe/Berlin', '2026-10-25', 25, '2026-10-25T02:45:00+02:00', '2026-10-25T02:00:00+01:00'],
    ['New York spring forward: 23 h', 'America/New_York', '2026-03-08', 23, '2026-03-08T01:45:00-05:00', '2026-03-08T03:00:00-04:00'],
    ['New York fall back: 25 h', 'America/New_York', '2026-11-01', 25, '2026-11-01T01:45:00-04:00', '2026-11-01T01:00:00-05:00'],
  ])('%s, 15-minute slots, no duplicate or missing slot', (_n, zone, date, hours, before, after) => {
    const calendar = cal(zone);
    const dayStart = openIntervalsStart(calendar, date);
    const slots = listSlots({ service: service(), calendar, from: dayStart, to: dayStart + hours * H, booked: none });
    expect(slots).toHaveLength(hours * 4);
    expectWellFormed(slots, 15);
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.start).toBe(slots[i - 1]!.end); // contiguous in real time
    const i = local(slots).indexOf(before);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(slots[i + 1]!.localStart).toBe(after);
    expect(slots.at(-1)!.localStart.slice(11, 16)).toBe('23:45');
  });

  it('office hours across the New York spring-forward night keep 1:00–4:00 as 2 real hours', () => {
    const slots = listSlots({ service: service({ slotMinutes: 60 }), calendar: cal('America/New_York', [{ from: '01:00', to: '04:00' }]),
      from: utc('2026-03-08T00:00:00Z'), to: utc('2026-03-09T00:00:00Z'), booked: none });
    expect(local(slots)).toEqual(['2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00']);
  });

  it('only whole slots inside open hours, aligned to the interval start, within [from, to)', () => {
    const calendar = cal('Europe/Berlin', [{ from: '09:10', to: '10:00' }]);
    const slots = listSlots({ service: service(), calendar, from: utc('2026-01-15T08:20:00Z'), to: utc('2026-01-15T08:40:00Z'), booked: none });
    // 09:10, 09:25, 09:40 exist (09:55 is not whole); from=09:20 local drops 09:10; to=09:40 excludes 09:40.
    expect(local(slots)).toEqual(['2026-01-15T09:25:00+01:00']);
  });

  it('holidays have no slots; special days use their hours', () => {
    const calendar = cal('Europe/Berlin', [{ from: '09:00', to: '10:00' }], {
      holidays: [{ date: '2026-01-15' }], specialDays: [{ date: '2026-01-16', hours: [{ from: '12:00', to: '12:30' }] }],
    });
    const slots = listSlots({ service: service(), calendar, from: utc('2026-01-15T00:00:00Z'), to: utc('2026-01-17T00:00:00Z'), booked: none });
    expect(local(slots)).toEqual(['2026-01-16T12:00:00+01:00', '2026-01-16T12:15:00+01:00']);
  });

  it('capacity: default, days/from/to override, date override beats them; remaining subtracts bookings', () => {
    const svc = service({ slotMinutes: 60, capacity: { default: 3, overrides: [
      { days: ['thu'], from: '10:00', to: '12:00', capacity: 5 },
      { date: '2026-01-22', capacity: 1 },
    ] } });
    const calendar = cal('Europe/Berlin', [{ from: '09:00', to: '12:00' }]);
    const bookedAt = utc('2026-01-15T09:00:00Z'); // Thu 10:00 local
    const slots = listSlots({ service: svc, calendar, from: utc('2026-01-15T00:00:00Z'), to: utc('2026-01-23T00:00:00Z'),
      booked: (s) => (s === bookedAt ? 4 : 0) });
    const byLocal = Object.fromEntries(slots.map((s) => [s.localStart, [s.capacity, s.remaining]]));
    expect(byLocal['2026-01-15T09:00:00+01:00']).toEqual([3, 3]);
    expect(byLocal['2026-01-15T10:00:00+01:00']).toEqual([5, 1]);
    expect(byLocal['2026-01-15T11:00:00+01:00']).toEqual([5, 5]);
    expect(byLocal['2026-01-16T10:00:00+01:00']).toEqual([3, 3]); // Friday: days do not match
    expect(byLocal['2026-01-22T10:00:00+01:00']).toEqual([1, 1]); // Thursday, but the date override wins
  });

  it('remaining never goes below zero', () => {
    const slots = listSlots({ service: service(), calendar: cal('UTC', [{ from: '09:00', to: '09:15' }]),
      from: utc('2026-01-15T00:00:00Z'), to: utc('2026-01-16T00:00:00Z'), booked: () => 9 });
    expect(slots.map((s) => s.remaining)).toEqual([0]);
  });

  it('14 days of 15-minute slots around the clock', () => {
    const from = utc('2026-03-20T00:00:00Z');
    const slots = listSlots({ service: service(), calendar: cal('Europe/Berlin'), from, to: from + 14 * 24 * H, booked: none });
    expect(slots).toHaveLength(14 * 96);
    expectWellFormed(slots, 15);
  });
});

describe('slot windows, computed once per day', () => {
  it('a later range answers the same as a fresh expansion, and a sub-range is a filter of the whole', () => {
    const svc = service({ slotMinutes: 30 });
    const calendar = cal('America/New_York', [{ from: '01:00', to: '04:00' }, { from: '22:00', to: '24:00' }]);
    const from = utc('2026-03-06T00:00:00Z');
    const whole = listSlots({ service: svc, calendar, from, to: from + 5 * 24 * H, booked: none });
    // A copy of the same configuration has no cache yet: it expands afresh.
    const fresh = listSlots({ service: { ...svc }, calendar: { ...calendar }, from, to: from + 5 * 24 * H, booked: none });
    expect(whole).toEqual(fresh);
    const mid = from + 2 * 24 * H + 7 * M;
    const part = listSlots({ service: svc, calendar, from: mid, to: mid + 24 * H, booked: (s) => (s % (2 * H) === 0 ? 1 : 0) });
    expect(part.map((x) => x.start)).toEqual(whole.filter((x) => x.start >= mid && x.start < mid + 24 * H).map((x) => x.start));
    expect(part.every((x) => x.remaining === (x.start % (2 * H) === 0 ? 1 : 2))).toBe(true);
    expect(slotWindowsBetween(svc, calendar, mid, mid + 24 * H).map((w) => w.startIso)).toEqual(part.map((x) => new Date(x.start).toISOString()));
  });
});

describe('slotContaining / isSlotStart', () => {
  const calendar = cal('America/New_York', [{ from: '01:00', to: '04:00' }]);
  const svc = service({ slotMinutes: 30 });
  it('finds the slot holding an instant and validates slot starts', () => {
    const t = utc('2026-03-08T07:10:00Z'); // 03:10 EDT on the spring-forward day
    expect(slotContaining(svc, calendar, t)).toMatchObject({ start: utc('2026-03-08T07:00:00Z'), localStart: '2026-03-08T03:00:00-04:00', capacity: 2 });
    expect(isSlotStart(svc, calendar, utc('2026-03-08T07:00:00Z'))).toBe(true);
    expect(isSlotStart(svc, calendar, t)).toBe(false);
  });
  it('both 01:30 slots of the fall-back day are distinct valid starts', () => {
    expect(isSlotStart(svc, calendar, utc('2026-11-01T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(isSlotStart(svc, calendar, utc('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST
  });
  it('nothing outside open hours', () => {
    expect(slotContaining(svc, calendar, utc('2026-03-09T15:00:00Z'))).toBeUndefined();
    expect(isSlotStart(svc, calendar, utc('2026-03-09T15:00:00Z'))).toBe(false);
  });
  it('agrees with listSlots for every listed slot', () => {
    const slots = listSlots({ service: svc, calendar, from: utc('2026-10-30T00:00:00Z'), to: utc('2026-11-03T00:00:00Z'), booked: none });
    for (const s of slots) expect(slotContaining(svc, calendar, s.start + 5 * M)).toEqual({ start: s.start, end: s.end, localStart: s.localStart, capacity: s.capacity });
  });
});

describe('closestFreeSlots', () => {
  const mk = (startMin: number, remaining: number): Slot => ({ start: startMin * M, end: (startMin + 15) * M, localStart: '', capacity: 2, remaining });
  it('returns the n free slots nearest to t in time order, earlier one on a tie', () => {
    const slots = [mk(0, 1), mk(15, 0), mk(30, 1), mk(45, 1), mk(60, 1), mk(90, 1)];
    expect(closestFreeSlots(slots, 45 * M, 3).map((s) => s.start / M)).toEqual([30, 45, 60]);
    expect(closestFreeSlots(slots, 22.5 * M, 1).map((s) => s.start / M)).toEqual([30]);
    expect(closestFreeSlots(slots, 15 * M, 2).map((s) => s.start / M)).toEqual([0, 30]);
    expect(closestFreeSlots(slots, 0, 0)).toEqual([]);
  });
});

function openIntervalsStart(calendar: CalendarDef, date: string): number {
  // Local midnight of the date: the first instant of the day's 00:00–24:00 interval.
  return listSlots({ service: service(), calendar, from: Date.parse(`${date}T00:00:00Z`) - 15 * H, to: Date.parse(`${date}T00:00:00Z`) + 15 * H, booked: none })
    .find((s) => s.localStart.startsWith(`${date}T00:00`))!.start;
}
