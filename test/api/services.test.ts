import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await harness(); });
afterEach(async () => { await h.app.stop(); });

const q = (s: string) => encodeURIComponent(s);

describe('GET /v1/services/{id}/availability', () => {
  it('lists open slots in UTC with local times, skipping past, closed days and full slots', async () => {
    const res = await h.inject({ url: `/v1/services/sales/availability?from=${q('2026-11-23T00:00:00+01:00')}&to=${q('2026-11-25T00:00:00+01:00')}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ serviceId: 'sales', durationMin: 60, timezone: 'Europe/Berlin' });
    // Now is Monday 10:00: Monday 10:00–18:00 (8 slots) and Tuesday 08:00–18:00 (10 slots).
    expect(body.slots).toHaveLength(18);
    expect(body.slots[0]).toEqual({ start: '2026-11-23T09:00:00.000Z', localStart: '2026-11-23T10:00:00+01:00', capacity: 1, remaining: 1 });
    await post(h, { serviceId: 'sales', phone: '+4930901820', slotStart: '2026-11-23T11:00:00+01:00' });
    const after = (await h.inject({ url: `/v1/services/sales/availability?from=${q('2026-11-23T00:00:00+01:00')}&to=${q('2026-11-25T00:00:00+01:00')}` })).json();
    expect(after.slots).toHaveLength(17);
    expect(after.slots.some((s: { localStart: string }) => s.localStart === '2026-11-23T11:00:00+01:00')).toBe(false);
  });

  it('renders local times in the visitor time zone, and refuses unknown zones and huge ranges', async () => {
    const res = await h.inject({ url: `/v1/services/sales/availability?from=${q('2026-11-24T08:00:00+01:00')}&to=${q('2026-11-24T09:00:00+01:00')}&tz=America/New_York` });
    expect(res.json()).toMatchObject({ timezone: 'America/New_York', slots: [{ localStart: '2026-11-24T02:00:00-05:00' }] });
    const badZone = await h.inject({ url: '/v1/services/sales/availability?tz=Mars/Olympus' });
    expect(badZone.statusCode).toBe(422);
    expect(badZone.json().code).toBe('TIMEZONE_UNKNOWN');
    const huge = await h.inject({ url: `/v1/services/billing/availability?to=${q('2027-06-01T00:00:00Z')}` });
    expect(huge.statusCode).toBe(200); // clipped to the booking horizon
    expect((await h.inject({ url: '/v1/services/none/availability' })).statusCode).toBe(404);
  });
});

describe('GET /v1/services/{id}/status', () => {
  it('is open with immediate and scheduled offers during hours, EWT unknown without an estimator', async () => {
    expect((await h.inject({ url: '/v1/services/billing/status' })).json()).toEqual({
      serviceId: 'billing', open: true, ewtSeconds: null, offerImmediate: true, offerScheduled: true, closesAt: '2026-11-23T17:00:00.000Z', noAgents: true,
    });
  });

  it('offers no immediate callback when closed, or when the wait would run past closing', async () => {
    h.clock.set('2026-11-28T12:00:00Z'); // Saturday
    expect((await h.inject({ url: '/v1/services/billing/status' })).json()).toMatchObject({ open: false, offerImmediate: false, offerScheduled: true });
    await h.app.stop();
    h = await harness({}, { queue: { ewtForNew: () => 3600, ewtFor: () => 3600, callbackChanged: () => undefined } });
    h.clock.set('2026-11-23T16:30:00Z'); // Monday 17:30, closes 18:00, wait one hour
    expect((await h.inject({ url: '/v1/services/billing/status' })).json()).toMatchObject({ open: true, ewtSeconds: 3600, offerImmediate: false });
  });
});

describe('GET /v1/phone-numbers/validate', () => {
  it('normalises, types and explains refusals', async () => {
    const ok = (await h.inject({ url: `/v1/phone-numbers/validate?number=${q('030 901820')}&country=DE` })).json();
    expect(ok).toMatchObject({ valid: true, allowed: true, e164: '+4930901820', country: 'DE', type: 'FIXED_LINE' });
    const premium = (await h.inject({ url: `/v1/phone-numbers/validate?number=${q('+1 900 555 0199')}` })).json();
    expect(premium).toMatchObject({ valid: true, allowed: false, reason: { code: 'PHONE_PREMIUM' } });
    const junk = (await h.inject({ url: `/v1/phone-numbers/validate?number=${q('+49 1')}` })).json();
    expect(junk).toMatchObject({ valid: false, allowed: false, reason: { code: 'PHONE_IMPOSSIBLE' } });
    expect((await h.inject({ url: '/v1/phone-numbers/validate?number=1&country=germany' })).statusCode).toBe(422);
  });
});

describe('health and CORS', () => {
  it('readyz reports the database and telephony links', async () => {
    const res = await h.inject({ url: '/readyz' });
    expect(res.json()).toEqual({
      status: 'ready', database: 'up', storage: 'sqlite', telephony: { driver: 'none', signalling: 'disabled', media: 'disabled' },
      // One node on SQLite: always the dispatcher, epoch 0.
      cluster: { nodeId: expect.any(String), role: 'dispatcher', epoch: 0, dispatcher: expect.any(String) },
    });
    h.app.parts.sqlite!.db.sqlite.close();
    const down = await h.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().database).toBe('down');
  });

  it('answers CORS only for listed origins', async () => {
    const pre = (origin: string) => h.inject({
      method: 'OPTIONS', url: '/v1/callbacks',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect((await pre('https://shop.example.com')).headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect((await pre('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await pre('null')).headers['access-control-allow-origin']).toBeUndefined();
    const simple = await h.inject({ url: '/v1/services', headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document', async () => {
    const doc = (await h.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/callbacks', '/v1/callbacks/{id}', '/v1/services/{id}/availability']));
  });
});
