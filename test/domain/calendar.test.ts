import { describe, expect, it } from 'vitest';
import { closingTimeAfter, inCallingWindow, isOpenAt, nextOpening, openIntervalsOn } from '../../src/domain/calendar.js';
import type { CalendarDef, OpenInterval } from '../../src/domain/model.js';
import { localToInstant } from '../../src/domain/time.js';

const H = 3_600_000;

const utc = (iso: string) => Date.parse(iso);
const allWeek = (hours: OpenInterval[]): CalendarDef['weekly'] => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });
const cal = (timezone: string, p: Partial<CalendarDef> = {}): CalendarDef => ({
  id: 'c', timezone, weekly: allWeek([{ from: '00:00', to: '24:00' }]), holidays: [], specialDays: [], ...p,
});

describe('DST rule for local wall times', () => {
  it.each([
    ['gap: New York 02:30 moves to 03:30 EDT', 'America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00Z'],
    ['overlap: New York 01:30 is the first (EDT) one', 'America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z'],
    ['gap: Berlin 02:30 moves to 03:30 CEST', 'Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00Z'],
    ['overlap: Berlin 02:30 is the first (CEST) one', 'Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00Z'],
    ['gap: Lord Howe 02:15 moves forward 30 min to 02:45 (+11)', 'Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00Z'],
    ['overlap: Lord Howe 01:45 is the first (+11) one', 'Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00Z'],
    ['plain day: New York 09:00 EST', 'America/New_York', '2026-01-15', '09:00', '2026-01-15T14:00:00Z'],
    ['24:00 is next midnight', 'Europe/Berlin', '2026-03-28', '24:00', '2026-03-28T23:00:00Z'],
  ])('%s', (_n, zone, date, time, expected) => {
    expect(new Date(localToInstant(zone, date, time)).toISOString()).toBe(new Date(utc(expected)).toISOString());
  });
});

describe('openIntervalsOn', () => {
  const office = cal('America/New_York', {
    weekly: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:00' }], sun: [{ from: '01:00', to: '04:00' }] },
    holidays: [{ date: '2026-12-25' }],
    specialDays: [{ date: '2026-12-24', hours: [{ from: '09:00', to: '13:00' }] }],
  });

  it('weekly hours of a plain Monday, as UTC instants', () => {
    expect(openIntervalsOn(office, '2026-03-09')).toEqual([
      { start: utc('2026-03-09T13:00:00Z'), end: utc('2026-03-09T16:00:00Z') },
      { start: utc('2026-03-09T17:00:00Z'), end: utc('2026-03-09T21:00:00Z') },
    ]);
  });
  it('closed on a day with no weekly hours and on holidays', () => {
    expect(openIntervalsOn(office, '2026-03-10')).toEqual([]);
    expect(openIntervalsOn(cal('Europe/Berlin', { holidays: [{ date: '2026-05-01' }] }), '2026-05-01')).toEqual([]);
  });
  it('a special day replaces the weekly hours', () => {
    expect(openIntervalsOn(office, '2026-12-24')).toEqual([{ start: utc('2026-12-24T14:00:00Z'), end: utc('2026-12-24T18:00:00Z') }]);
  });
  it('spring-forward Sunday 01:00–04:00 lasts 2 real hours, fall-back Sunday lasts 4', () => {
    const [spring] = openIntervalsOn(office, '2026-03-08');
    const [fall] = openIntervalsOn(office, '2026-11-01');
    expect(spring!.end - spring!.start).toBe(2 * H);
    expect(fall!.end - fall!.start).toBe(4 * H);
  });
  it('a 24-hour Berlin day is 23 h and 25 h long on the change days', () => {
    const berlin = cal('Europe/Berlin');
    const len = (d: string) => openIntervalsOn(berlin, d).reduce((s, i) => s + i.end - i.start, 0);
    expect(len('2026-03-29')).toBe(23 * H);
    expect(len('2026-10-25')).toBe(25 * H);
    expect(len('2026-10-26')).toBe(24 * H);
  });
  it('Lord Howe change days are 23.5 h and 24.5 h long', () => {
    const lh = cal('Australia/Lord_Howe');
    const len = (d: string) => openIntervalsOn(lh, d).reduce((s, i) => s + i.end - i.start, 0);
    expect(len('2026-10-04')).toBe(23.5 * H);
    expect(len('2026-04-05')).toBe(24.5 * H);
  });
});

describe('isOpenAt / nextOpening / closingTimeAfter', () => {
  const berlin = cal('Europe/Berlin', {
    weekly: { mon: [{ from: '08:00', to: '18:00' }], tue: [{ from: '08:00', to: '18:00' }], sat: [{ from: '20:00', to: '24:00' }], sun: [{ from: '00:00', to: '02:00' }] },
    holidays: [{ date: '2026-04-06', name: 'Easter Monday' }],
  });

  it.each([
    ['Mon 07:59 local', '2026-03-30T05:59:00Z', false],
    ['Mon 08:00 local (CEST)', '2026-03-30T06:00:00Z', true],
    ['Mon 17:59 local', '2026-03-30T15:59:00Z', true],
    ['Mon 18:00 local (end is exclusive)', '2026-03-30T16:00:00Z', false],
    ['Easter Monday holiday 10:00', '2026-04-06T08:00:00Z', false],
    ['Sat 23:30 local', '2026-03-28T22:30:00Z', true],
    ['Sun 01:30 local (past midnight, own interval)', '2026-03-29T00:30:00Z', true],
    ['Sun 03:00 CEST (after close)', '2026-03-29T01:00:00Z', false],
  ])('%s → %s', (_n, iso, open) => {
    expect(isOpenAt(berlin, utc(iso))).toBe(open);
  });

  it('nextOpening is t itself when open, else the next interval start', () => {
    expect(nextOpening(berlin, utc('2026-03-30T07:00:00Z'))).toBe(utc('2026-03-30T07:00:00Z'));
    expect(nextOpening(berlin, utc('2026-03-30T17:00:00Z'))).toBe(utc('2026-03-31T06:00:00Z'));
    // Friday evening → Saturday 20:00 (CET before the change)
    expect(nextOpening(berlin, utc('2026-03-27T17:00:00Z'))).toBe(utc('2026-03-28T19:00:00Z'));
    // Sunday after Easter: Monday is a holiday → Tuesday 08:00
    expect(nextOpening(berlin, utc('2026-04-05T10:00:00Z'))).toBe(utc('2026-04-07T06:00:00Z'));
  });
  it('nextOpening is undefined for a calendar that never opens', () => {
    expect(nextOpening(cal('Europe/Berlin', { weekly: {} }), utc('2026-03-30T07:00:00Z'))).toBeUndefined();
  });
  it('closingTimeAfter gives the end of the open period, joining back-to-back days', () => {
    expect(closingTimeAfter(berlin, utc('2026-03-30T07:00:00Z'))).toBe(utc('2026-03-30T16:00:00Z'));
    expect(closingTimeAfter(berlin, utc('2026-03-30T17:00:00Z'))).toBeUndefined();
    // Sat 20:00–24:00 + Sun 00:00–02:00 over the spring-forward night: closes Sun 02:00 → 03:00 CEST = 01:00Z
    expect(closingTimeAfter(berlin, utc('2026-03-28T21:00:00Z'))).toBe(utc('2026-03-29T01:00:00Z'));
  });
});

describe('inCallingWindow', () => {
  const w = { from: '08:00', to: '21:00' };
  it.each([
    ['New York 07:59 EST', 'America/New_York', '2026-01-15T12:59:00Z', false],
    ['New York 08:00 EST', 'America/New_York', '2026-01-15T13:00:00Z', true],
    ['New York 20:59 EDT', 'America/New_York', '2026-07-15T00:59:00Z', true],
    ['New York 21:00 EDT', 'America/New_York', '2026-07-15T01:00:00Z', false],
    ['Sao Paulo (no DST since 2019) 07:30 in January', 'America/Sao_Paulo', '2026-01-15T10:30:00Z', false],
    ['Sao Paulo 08:30 in January', 'America/Sao_Paulo', '2026-01-15T11:30:00Z', true],
    ['Lord Howe 08:00 (+11 in January)', 'Australia/Lord_Howe', '2026-01-14T21:00:00Z', true],
  ])('%s → %s', (_n, zone, iso, inside) => {
    expect(inCallingWindow(w, zone, utc(iso))).toBe(inside);
  });
  it('a window crossing midnight wraps', () => {
    const night = { from: '22:00', to: '06:00' };
    expect(inCallingWindow(night, 'UTC', utc('2026-01-15T23:00:00Z'))).toBe(true);
    expect(inCallingWindow(night, 'UTC', utc('2026-01-15T05:59:00Z'))).toBe(true);
    expect(inCallingWindow(night, 'UTC', utc('2026-01-15T12:00:00Z'))).toBe(false);
  });
  it('the same UTC instant is inside in one zone and outside in another', () => {
    const t = utc('2026-01-15T14:00:00Z');
    expect(inCallingWindow(w, 'America/New_York', t)).toBe(true);
    expect(inCallingWindow(w, 'Asia/Tokyo', t)).toBe(false);
  });
});
