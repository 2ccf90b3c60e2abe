import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceRules } from '../../src/domain/model.js';
import { testConfig, testService } from '../../src/testing/test-config.js';
import { harness, post, type Harness } from '../api/harness.js';

let h: Harness | undefined;
afterEach(async () => { await h?.app.stop(); h = undefined; });

/** billing with its own rules; sales keeps the global ones (DE, AT, GB, US; ^\+4915199 blocked). */
async function withRules(rules: ServiceRules): Promise<Harness> {
  const base = testConfig();
  h = await harness({ services: base.services.map((s) => (s.id === 'billing' ? testService({ ...s, rules }) : s)) });
  return h;
}

const MIN = 60_000;

describe('per-service abuse rules over HTTP', () => {
  it.each([
    ['allowed countries', { allowedCountries: ['US'] }, '+49 30 901820', 403, 'PHONE_COUNTRY_NOT_ALLOWED'],
    ['blocked pattern', { blockedPatterns: ['^\\+4930'] }, '+49 30 901820', 403, 'PHONE_BLOCKED_PATTERN'],
    ['premium blocked by default', {}, '+1 900 555 0199', 403, 'PHONE_PREMIUM'],
    ['premium allowed for this service', { blockPremium: false }, '+1 900 555 0199', 201, undefined],
    ['country allowed only here', { allowedCountries: ['FR'] }, '+33 1 42 68 53 00', 201, undefined],
    ['over 15 digits, whatever the rules', { allowedCountries: [] }, '+49 1234 567890123456', 422, 'PHONE_IMPOSSIBLE'],
  ])('%s', async (_n, rules: ServiceRules, phone, status, code) => {
    const t = await withRules(rules);
    const res = await post(t, { serviceId: 'billing', phone });
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(res.json().code).toBe(code);
    // The other service keeps the global rules.
    if (rules.allowedCountries?.includes('FR')) expect((await post(t, { serviceId: 'sales', phone })).json().code).toBe('PHONE_COUNTRY_NOT_ALLOWED');
  });

  it('counts requests per number in the service time frame, then frees up (fake clock)', async () => {
    const t = await withRules({ requestsPerNumber: { count: 2, windowMinutes: 30 }, maxOpenPerNumberPerService: 10 });
    expect((await post(t, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
    expect((await post(t, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
    const third = await post(t, { serviceId: 'billing', phone: '+4930901820' });
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'NUMBER_RATE_LIMITED' });
    expect(third.json().message).toContain('30 minutes');
    t.clock.advance(31 * MIN);
    expect((await post(t, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
  });

  it('throttles the service across numbers with 429 SERVICE_THROTTLED and Retry-After (fake clock)', async () => {
    const t = await withRules({ serviceThrottle: { requests: 2, windowMinutes: 10 } });
    expect((await post(t, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
    t.clock.advance(4 * MIN);
    expect((await post(t, { serviceId: 'billing', phone: '+4930901821' })).statusCode).toBe(201);
    const over = await post(t, { serviceId: 'billing', phone: '+4930901822' });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'SERVICE_THROTTLED' });
    expect(over.headers['retry-after']).toBe(String(6 * 60)); // the first request leaves the window in 6 min
    // Another service is not throttled.
    expect((await post(t, { serviceId: 'sales', phone: '+4930901822' })).statusCode).toBe(201);
    t.clock.advance(6 * MIN + 1000);
    expect((await post(t, { serviceId: 'billing', phone: '+4930901822' })).statusCode).toBe(201);
  });

  it('re-checks the number at reschedule under the current rules', async () => {
    const t = await withRules({});
    const created = (await post(t, { serviceId: 'billing', phone: '+4930901820' })).json();
    // Same store, new rules: billing now refuses DE numbers.
    const billing = t.config.services.find((s) => s.id === 'billing')!; // the catalog's own object
    billing.rules = { allowedCountries: ['US'] };
    const res = await t.inject({
      method: 'PATCH', url: `/v1/callbacks/${created.id}`, headers: { 'x-management-token': created.managementToken },
      payload: { desiredTime: '2026-11-24T10:00:00+01:00' },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().code).toBe('PHONE_COUNTRY_NOT_ALLOWED');
  });
});

describe('GET /v1/phone-numbers/validate?serviceId=', () => {
  it.each([
    ['accepted', {}, '+49 30 901820', { accepted: true, code: null, rule: null }],
    ['country of the service', { allowedCountries: ['US'] }, '+49 30 901820', { accepted: false, code: 'PHONE_COUNTRY_NOT_ALLOWED', rule: 'allowedCountries' }],
    ['pattern of the service', { blockedPatterns: ['^\\+4930'] }, '+49 30 901820', { accepted: false, code: 'PHONE_BLOCKED_PATTERN', rule: 'blockedPatterns' }],
    ['premium', {}, '+1 900 555 0199', { accepted: false, code: 'PHONE_PREMIUM', rule: 'blockPremium' }],
    ['premium allowed here', { blockPremium: false }, '+1 900 555 0199', { accepted: true }],
    ['too long', {}, '+49 1234 567890123456', { accepted: false, code: 'PHONE_IMPOSSIBLE', rule: 'format' }],
  ])('%s', async (_n, rules, number, want) => {
    const t = await withRules(rules);
    const res = await t.inject({ url: `/v1/phone-numbers/validate?serviceId=billing&number=${encodeURIComponent(number)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serviceId: 'billing', ...want });
    if (!want.accepted) expect(typeof res.json().message).toBe('string');
  });

  it('is public and refuses an unknown service', async () => {
    const t = await withRules({});
    const res = await t.inject({ url: '/v1/phone-numbers/validate?serviceId=nope&number=%2B4930901820' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('SERVICE_NOT_FOUND');
  });
});
